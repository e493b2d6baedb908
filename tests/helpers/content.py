"""A small content tree written to a temporary folder, to import in tests."""

import textwrap
from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def write_module(
    root: Path,
    slug: str,
    lessons: int = 3,
    phase: str = "mooc",
    agenda: int = 1,
    order: int = 1,
    jp: int = 4,
    extra_front: str = "",
) -> Path:
    folder = root / phase / f"agenda-{agenda}" / slug
    write(
        folder / "module.md",
        f"""
        ---
        title: Modul {slug}
        phase: {phase}
        agenda: {agenda}
        order: {order}
        jp: {jp}
        objectives:
          - Menjelaskan konsep {slug}
        summary: Ringkasan {slug}.
        {extra_front}
        ---
        Pengantar modul **{slug}**.
        """,
    )
    for n in range(1, lessons + 1):
        write(
            folder / f"{n:02d}-pelajaran-{n}.md",
            f"""
            ---
            title: Pelajaran {n} {slug}
            minutes: 20
            ---
            ## Bagian {n}

            Isi pelajaran {n} dari {slug}.
            """,
        )
    return folder
