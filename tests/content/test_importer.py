from sqlalchemy import func, select

from lms.content.importer import import_content
from lms.content.models import Lesson, Module, ModuleRevision, PhasePage
from lms.core.extensions import db
from tests.helpers.content import write, write_module


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_then_rerun_writes_nothing(ctx, content_dir):
    report = import_content(content_dir)
    assert report.problems == [] and sorted(report.created) == ["modul-dua", "modul-satu"]
    db.session.commit()
    assert count(Module) == 2 and count(Lesson) == 5 and count(PhasePage) == 2
    again = import_content(content_dir)
    assert not again.changed and sorted(again.unchanged) == ["modul-dua", "modul-satu"]
    db.session.commit()
    assert count(ModuleRevision) == 2


def test_changed_file_makes_a_new_revision_and_keeps_the_old(ctx, content_dir):
    import_content(content_dir)
    db.session.commit()
    lesson = content_dir / "mooc" / "agenda-1" / "modul-satu" / "02-pelajaran-2.md"
    lesson.write_text(lesson.read_text() + "\nKalimat tambahan.\n", encoding="utf-8")
    report = import_content(content_dir)
    assert report.revised == ["modul-satu"] and report.unchanged == ["modul-dua"]
    db.session.commit()
    module = db.session.scalar(select(Module).where(Module.slug == "modul-satu"))
    numbers = sorted(db.session.scalars(select(ModuleRevision.number).where(ModuleRevision.module_id == module.id)))
    assert numbers == [1, 2] and module.current_revision.number == 2
    bodies = db.session.scalars(select(Lesson.body_md).where(Lesson.slug == "pelajaran-2")).all()
    assert sum("Kalimat tambahan" in b for b in bodies) == 1 and len(bodies) == 3  # 2 revisions + modul-dua


def test_any_problem_means_nothing_is_written(ctx, content_dir):
    write_module(content_dir, "modul-tiga", order=3)
    bad = content_dir / "mooc" / "agenda-1" / "modul-tiga" / "02-pelajaran-2.md"
    bad.write_text("---\ntitle: Tanpa menit\n---\nIsi.\n", encoding="utf-8")
    broken_yaml = content_dir / "mooc" / "agenda-1" / "modul-dua" / "module.md"
    broken_yaml.write_text("---\ntitle: Modul\nphase: mooc\n  jp: [tidak ditutup\n---\nIsi\n", encoding="utf-8")
    (content_dir / "mooc" / "agenda-1" / "modul-satu" / "peta.svg").write_text("<svg onload=alert(1)/>")
    report = import_content(content_dir)
    lines = [str(p) for p in report.problems]
    assert any(line.startswith("mooc/agenda-1/modul-tiga/02-pelajaran-2.md:1: kunci 'minutes'") for line in lines)
    assert any(line.startswith("mooc/agenda-1/modul-dua/module.md:4: YAML tidak valid") for line in lines), lines
    assert any("peta.svg:1:" in line and "SVG" in line for line in lines)
    assert count(Module) == 0 and count(PhasePage) == 0


def test_dangerous_slug_is_rejected(ctx, content_dir):
    write_module(content_dir, "modul-jahat", order=4, extra_front="slug: ../../etc/passwd")
    report = import_content(content_dir)
    assert any("slug '../../etc/passwd' tidak valid" in str(p) for p in report.problems)
    assert count(Module) == 0


def test_duplicate_slug_and_bad_file_names(ctx, content_dir):
    write_module(content_dir, "modul-satu", agenda=2)
    write(content_dir / "mooc" / "agenda-1" / "modul-dua" / "catatan.md", "---\ntitle: x\n---\nx\n")
    report = import_content(content_dir)
    lines = [str(p) for p in report.problems]
    assert any("sudah dipakai" in line for line in lines)
    assert any("catatan.md:1: nama berkas pelajaran" in line for line in lines)


def test_lessons_are_rendered_once_at_import(ctx, content_dir):
    write(
        content_dir / "mooc" / "agenda-1" / "modul-satu" / "01-pelajaran-1.md",
        """
        ---
        title: Bahaya
        minutes: 5
        ---
        Teks <script>alert(1)</script> [x](javascript:alert(1))
        """,
    )
    import_content(content_dir)
    html = db.session.scalar(select(Lesson.body_html).where(Lesson.slug == "pelajaran-1"))
    assert "<script" not in html and "javascript" not in html


def test_cli_check_and_import(app, runner, content_dir):
    result = runner.invoke(args=["lms", "check-content", str(content_dir)])
    assert result.exit_code == 0 and "OK: 2 modul, 5 pelajaran" in result.output
    with app.app_context():
        assert count(Module) == 0  # check writes nothing
    result = runner.invoke(args=["lms", "import-content", str(content_dir)])
    assert result.exit_code == 0 and "baru: modul-satu" in result.output
    result = runner.invoke(args=["lms", "import-content", str(content_dir)])
    assert "Tidak ada perubahan" in result.output
    (content_dir / "mooc" / "agenda-1" / "modul-satu" / "module.md").write_text("tanpa front matter")
    result = runner.invoke(args=["lms", "check-content", str(content_dir)])
    assert result.exit_code != 0 and "mooc/agenda-1/modul-satu/module.md:1: front matter" in result.output


def test_the_shipped_curriculum_is_complete(app, runner):
    """content/ holds the whole MOOC: 13 modules of at least 3 lessons, JP adding up to 48."""
    from pathlib import Path

    from lms.content.source import scan

    tree = scan(Path(__file__).resolve().parents[2] / "content")
    assert tree.problems == []
    mooc = [m for m in tree.modules if m.phase == "mooc"]
    assert len(mooc) == 13 and sum(m.jp for m in mooc) == 48
    assert all(len(m.lessons) >= 3 for m in mooc)
    assert all(len(lesson.body.split()) >= 500 for m in mooc for lesson in m.lessons)
    assert {p.phase for p in tree.phase_pages} == {"mooc", "pjj", "aktualisasi", "klasikal"}
    assert {m.agenda for m in mooc} == {1, 2, 3}


def test_control_characters_in_content_files_are_reported_as_file_line(app, runner, content_dir):
    folder = content_dir / "mooc" / "agenda-1" / "modul-satu"
    lesson = folder / "02-pelajaran-2.md"
    lesson.write_text(lesson.read_text() + "\nBaris dengan\x00NUL.\n", encoding="utf-8")
    module = folder / "module.md"
    module.write_text(module.read_text().replace("title: Modul modul-satu", 'title: "Modul\\tsatu"'), encoding="utf-8")
    result = runner.invoke(args=["lms", "check-content", str(content_dir)])
    assert result.exit_code != 0
    line = len(lesson.read_text().split("\n")) - 1
    assert f"mooc/agenda-1/modul-satu/02-pelajaran-2.md:{line}: karakter kendali tak terlihat U+0000" in result.output
    assert "mooc/agenda-1/modul-satu/module.md:2: 'title': karakter kendali tak terlihat U+0009" in result.output


def test_a_lesson_over_the_length_limit_is_refused(app, runner, content_dir):
    from lms.content.source import MAX_LESSON_CHARS

    lesson = content_dir / "mooc" / "agenda-1" / "modul-satu" / "01-pelajaran-1.md"
    lesson.write_text(lesson.read_text() + "x" * MAX_LESSON_CHARS, encoding="utf-8")
    result = runner.invoke(args=["lms", "check-content", str(content_dir)])
    assert result.exit_code != 0 and "01-pelajaran-1.md:4: isi pelajaran lebih dari 100.000 karakter" in result.output
