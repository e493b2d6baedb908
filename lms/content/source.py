"""Reads and validates a content directory into plain values; every problem as file:line: reason.

Nothing here touches the database, so `check-content` and `import-content` share one validation.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lms.content.front_matter import key_line, meta_int, meta_text, read_text, split_front_matter
from lms.core.text import control_character_problem
from lms.phases.requirements import parse_completion_rules

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LESSON_FILE_RE = re.compile(r"(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md")
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
REFUSED_IMAGE_TYPES = {".svg", ".svgz", ".bmp", ".tif", ".tiff", ".ico", ".heic"}
BANK_SUFFIXES = {".gift", ".aiken"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024
# About 40 printed pages; longer is better split, and the most crafted text of this size renders in seconds.
MAX_LESSON_CHARS = 100_000
PHASE_CODES = ("mooc", "pjj", "aktualisasi", "klasikal")
IMAGE_REF_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class LessonSource:
    slug: str
    position: int
    title: str
    minutes: int
    body: str
    raw: str = ""  # the whole file, as read


@dataclass
class ModuleSource:
    slug: str
    folder: Path
    phase: str
    agenda: int | None
    order: int
    title: str
    jp: int
    objectives: list[str]
    summary: str
    quiz: str | None
    intro: str
    lessons: list[LessonSource]
    images: dict[str, bytes]
    banks: list[Path]
    source_hash: str
    settings: dict = field(default_factory=dict)
    raw: str = ""  # module.md as read


@dataclass
class PageSource:
    phase: str
    title: str
    body: str
    meta: dict
    source_hash: str
    path: Path
    raw: str = ""


@dataclass
class AgendaSource:
    phase: str
    number: int
    title: str
    intro: str
    meta: dict
    source_hash: str
    path: Path
    raw: str = ""


@dataclass
class ContentTree:
    root: Path | None = None
    modules: list[ModuleSource] = field(default_factory=list)
    phase_pages: list[PageSource] = field(default_factory=list)
    agendas: list[AgendaSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What a plug-in of the import (lms.content.importer.CHECK_IMPORT) parsed, kept for its apply step.
    parsed: dict = field(default_factory=dict)


class _FileReport:
    """Collects problems for one file, with paths relative to the content root."""

    def __init__(self, tree: ContentTree, root: Path, path: Path):
        self.tree, self.name = tree, str(path.relative_to(root))

    def __call__(self, line: int, reason: str) -> None:
        self.tree.problems.append(Problem(self.name, line, reason))


def folder_hash(files: list[Path]) -> str:
    return _digest((path.name, path.read_bytes()) for path in sorted(files))


def files_hash(files: dict[str, bytes]) -> str:
    """folder_hash of files not (yet) on disk, keyed by their path inside the module folder: the
    editor and the export compute the hash an import of the written folder will find."""
    ordered = sorted(files, key=lambda name: PurePosixPath(name).parts)
    return _digest((PurePosixPath(name).name, files[name]) for name in ordered)


def _digest(named_bytes) -> str:
    digest = hashlib.sha256()
    for name, data in named_bytes:
        digest.update(name.encode() + b"\0" + data.replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def read_module(root: Path, folder: Path, tree: ContentTree) -> ModuleSource | None:
    module_file = folder / "module.md"
    report = _FileReport(tree, root, module_file)
    before = len(tree.problems)
    source = read_text(module_file, report)
    if source is None:
        return None
    meta, intro, _line = split_front_matter(source, report)
    if meta is None:
        return None
    slug = meta.get("slug", folder.name)
    if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug) or len(slug) > 120:
        report(key_line(source, "slug"), f"slug '{slug}' tidak valid: hanya huruf kecil, angka dan tanda hubung")
        slug = None
    title = meta_text(meta, "title", report, source)
    phase = meta.get("phase")
    if phase not in PHASE_CODES:
        report(key_line(source, "phase"), f"'phase' harus salah satu dari: {', '.join(PHASE_CODES)}")
    agenda = meta_int(meta, "agenda", report, source, 1, 20, required=phase == "mooc")
    order = meta_int(meta, "order", report, source, 1, 999)
    jp = meta_int(meta, "jp", report, source, 1, 200)
    objectives = meta.get("objectives")
    if (
        not isinstance(objectives, list)
        or not objectives
        or not all(isinstance(o, str) and o.strip() for o in objectives)
    ):
        report(key_line(source, "objectives"), "'objectives' harus daftar tujuan pembelajaran (minimal satu)")
        objectives = []
    for objective in objectives:
        if problem := control_character_problem(objective.strip()):
            report(key_line(source, "objectives"), f"'objectives': {problem}")
    summary = meta_text(meta, "summary", report, source, max_len=1000)
    quiz = meta.get("quiz")
    if quiz is not None and (not isinstance(quiz, str) or not SLUG_RE.fullmatch(quiz)):
        report(key_line(source, "quiz"), "'quiz' harus berupa slug evaluasi, misalnya evaluasi-agenda-1")
        quiz = None

    lessons, images, banks = [], {}, []
    for path in sorted(folder.iterdir()):
        if path.name == "module.md" or path.name.startswith("."):
            continue
        file_report = _FileReport(tree, root, path)
        if path.is_dir():
            for image in sorted(path.rglob("*")):
                if image.is_file():
                    _read_image(root, folder, image, images, tree)
            continue
        if path.suffix in BANK_SUFFIXES:
            banks.append(path)
        elif path.suffix.lower() in IMAGE_TYPES or path.suffix.lower() in REFUSED_IMAGE_TYPES:
            _read_image(root, folder, path, images, tree)
        elif path.suffix == ".md":
            match = LESSON_FILE_RE.fullmatch(path.name)
            if not match:
                file_report(1, "nama berkas pelajaran harus NN-slug.md, misalnya 01-pengantar.md")
                continue
            lesson = _read_lesson(path, int(match.group(1)), match.group(2), file_report)
            if lesson:
                lessons.append(lesson)
        else:
            file_report(1, f"jenis berkas tidak dikenal: {path.suffix or path.name}")
    if not lessons and len(tree.problems) == before:
        report(1, "modul belum punya pelajaran (berkas 01-....md)")
    positions = [lesson.position for lesson in lessons]
    if len(set(positions)) != len(positions):
        report(1, "dua pelajaran memakai nomor urut yang sama")
    for lesson in lessons:
        for ref in IMAGE_REF_RE.findall(lesson.body):
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", ref) and ref.removeprefix("./") not in images:
                tree.problems.append(
                    Problem(
                        str((folder / f"{lesson.position:02d}-{lesson.slug}.md").relative_to(root)),
                        1,
                        f"gambar tidak ditemukan di folder modul: {ref}",
                    )
                )
    if len(tree.problems) > before:
        return None
    files = [module_file] + [
        p for p in folder.rglob("*") if p.is_file() and p.suffix not in BANK_SUFFIXES and p != module_file
    ]
    return ModuleSource(
        slug,
        folder,
        phase,
        agenda,
        order,
        title,
        jp,
        [o.strip() for o in objectives],
        summary,
        quiz,
        intro.strip(),
        sorted(lessons, key=lambda x: x.position),
        images,
        banks,
        folder_hash(files),
        raw=source,
    )


def _read_lesson(path: Path, position: int, slug: str, report) -> LessonSource | None:
    source = read_text(path, report)
    if source is None:
        return None
    meta, body, body_line = split_front_matter(source, report)
    if meta is None:
        return None
    title = meta_text(meta, "title", report, source)
    minutes = meta_int(meta, "minutes", report, source, 1, 600)
    if not body.strip():
        report(body_line, "isi pelajaran kosong")
        return None
    if len(body.strip()) > MAX_LESSON_CHARS:
        limit = f"{MAX_LESSON_CHARS:,}".replace(",", ".")
        report(body_line, f"isi pelajaran lebih dari {limit} karakter; bagi menjadi beberapa pelajaran")
        return None
    if title is None or minutes is None:
        return None
    return LessonSource(slug, position, title, minutes, body.strip(), raw=source)


def _read_image(root: Path, folder: Path, path: Path, images: dict, tree: ContentTree) -> None:
    report = _FileReport(tree, root, path)
    if path.suffix.lower() not in IMAGE_TYPES:
        report(1, "hanya gambar PNG, JPEG, WebP atau GIF yang boleh disimpan di folder modul (bukan SVG)")
        return
    data = path.read_bytes()
    if len(data) > MAX_IMAGE_BYTES:
        report(1, f"gambar lebih dari {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
        return
    images[str(path.relative_to(folder))] = data


def _read_page(root: Path, path: Path, tree: ContentTree, expect: str):
    report = _FileReport(tree, root, path)
    source = read_text(path, report)
    if source is None:
        return None, None, None, None
    meta, body, _line = split_front_matter(source, report)
    if meta is None:
        return None, None, None, None
    title = meta_text(meta, "title", report, source)
    return meta, body.strip(), title, source


def scan(root: Path) -> ContentTree:
    """Read the whole content directory; problems are collected, never raised."""
    tree = ContentTree(root=root)
    if not root.is_dir():
        tree.problems.append(Problem(str(root), 1, "folder konten tidak ditemukan"))
        return tree
    for page_path in sorted(root.glob("*/phase.md")):
        meta, body, title, raw = _read_page(root, page_path, tree, "phase")
        if meta is None:
            continue
        phase = meta.get("phase")
        if phase != page_path.parent.name or phase not in PHASE_CODES:
            _FileReport(tree, root, page_path)(
                key_line(page_path.read_text(), "phase"),
                f"'phase' harus '{page_path.parent.name}' dan salah satu dari {', '.join(PHASE_CODES)}",
            )
            continue
        _rules, problems = parse_completion_rules(meta.get("completion"))
        for problem in problems:
            _FileReport(tree, root, page_path)(key_line(raw, "completion"), problem)
        if title and not problems:
            tree.phase_pages.append(PageSource(phase, title, body, meta, folder_hash([page_path]), page_path, raw))
    for agenda_path in sorted(root.glob("*/agenda-*/agenda.md")):
        meta, body, title, raw = _read_page(root, agenda_path, tree, "agenda")
        if meta is None:
            continue
        number = meta.get("agenda")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            _FileReport(tree, root, agenda_path)(1, "'agenda' harus nomor agenda (1, 2, 3, ...)")
            continue
        if title:
            tree.agendas.append(
                AgendaSource(
                    agenda_path.parent.parent.name,
                    number,
                    title,
                    body,
                    meta,
                    folder_hash([agenda_path]),
                    agenda_path,
                    raw,
                )
            )
    seen: dict[str, Path] = {}
    for module_file in sorted(root.rglob("module.md")):
        module = read_module(root, module_file.parent, tree)
        if module is None:
            continue
        if module.slug in seen:
            tree.problems.append(
                Problem(
                    str(module_file.relative_to(root)),
                    1,
                    f"slug '{module.slug}' sudah dipakai oleh {seen[module.slug].relative_to(root)}",
                )
            )
            continue
        seen[module.slug] = module_file
        tree.modules.append(module)
    return tree
