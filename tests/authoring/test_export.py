"""Back to files: export writes the content/ format, and import -> export -> import changes nothing,
for the shipped curriculum and after edits made in the browser."""

import filecmp
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.authoring.export import ExportRefused, export_content
from lms.content.importer import import_content
from lms.content.models import ModuleRevision
from lms.core.extensions import db
from lms.quiz.models import Question
from tests.helpers.authoring import form_values, login, submit, token

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _counts():
    return (
        db.session.scalar(select(func.count()).select_from(ModuleRevision)),
        db.session.scalar(select(func.count()).select_from(Question)),
    )


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (content/README.md is not exported, nor are the program file and
    the seminar rubrics: program settings reviewed in git (lms.program, lms.seminar.program), not curriculum authored
    in the browser)."""
    found = []
    compared = filecmp.dircmp(
        a, b, ignore=["README.md", "program.yaml", "seminar-rancangan.md", "seminar-aktualisasi.md"]
    )

    def walk(node, prefix=""):
        found.extend(prefix + name for name in node.left_only + node.right_only + node.diff_files)
        for name, sub in node.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(compared)
    return found


def test_the_shipped_curriculum_round_trips_byte_for_byte(ctx, tmp_path):
    assert import_content(CONTENT).problems == []
    db.session.commit()
    before = _counts()
    report = export_content(tmp_path / "out")
    assert report.modules == 14 and report.lessons == 42 and report.questions == 238 and report.warnings == []
    assert _same_tree(CONTENT, tmp_path / "out") == []
    again = import_content(tmp_path / "out")
    assert again.problems == [] and not again.changed and len(again.unchanged) == 14
    db.session.commit()
    assert _counts() == before


def test_edits_made_in_the_browser_survive_export_and_import_unchanged(app, world, tmp_path):
    editor = login(app, world["instructor"])
    lesson = "/kelola/modul/modul-uji/pelajaran/pelajaran-2"
    submit(editor, lesson, {"title": "Judul: dengan titik dua", "body": "## Baru\n\nTeks *baru*.", "aksi": "simpan"})
    submit(
        editor,
        "/kelola/modul/modul-uji/pelajaran-baru",
        {"title": "Penutup", "minutes": "5", "body": "Akhir.", "aksi": "simpan"},
    )
    submit(
        editor,
        "/kelola/modul/modul-uji/info",
        {"title": "Modul Uji Baru", "objectives": "Satu\nDua", "summary": "Ringkas: sekali.", "aksi": "simpan"},
    )
    submit(editor, "/kelola/modul/modul-uji/terbitkan", {})
    submit(editor, lesson, {"body": "Draf yang belum terbit.", "aksi": "simpan"})  # not exported
    question = "/kelola/modul/modul-uji/soal/baru"
    editor.post(
        question,
        data={
            "csrf_token": token(editor),
            "key": "U-09 Baru: dengan {kurung}",
            "kind": "multiple",
            "text": "Pilih = dua # yang ~ benar.",
            "truth": "",
            "options-0-text": "a=b",
            "options-0-percent": "50",
            "options-0-feedback": "ya #1",
            "options-1-text": "c",
            "options-1-percent": "50",
            "options-2-text": "d",
            "options-2-percent": "-50",
            "options-2-feedback": "bukan",
        },
    )
    settings = "/kelola/evaluasi/evaluasi-uji/pengaturan"
    values = {
        **form_values(editor.get(settings).get_data(as_text=True)),
        "pass_threshold": "72.5",
        "score_policy": "last",
        "questions_per_attempt": "4",
        # Review options: a checkbox per item and moment; feedback never (no box ticked, nothing sent).
        "show_score": ["after_attempt", "after_pass", "after_last", "after_close"],
        "show_correctness": ["after_attempt"],
        "show_correct_option": ["after_close"],
    }
    values.pop("show_feedback")
    assert editor.post(settings, data=values).status_code == 302

    with app.app_context():
        before = _counts()
        report = export_content(tmp_path / "out")
        assert report.warnings == []
        folder = tmp_path / "out" / "mooc" / "agenda-1" / "modul-uji"
        assert (folder / "04-penutup.md").exists() and "Draf yang belum terbit" not in (
            folder / "02-pelajaran-2.md"
        ).read_text()
        assert "U-09 Baru" in (folder / "questions.gift").read_text()
        agenda = (tmp_path / "out" / "mooc" / "agenda-1" / "agenda.md").read_text()
        assert "pass_threshold: 72.5" in agenda
        assert "    correct_option: [after_close]\n    feedback: []\n" in agenda
        again = import_content(tmp_path / "out")
        assert again.problems == [] and not again.changed, (again.revised, again.notes, again.pages)
        db.session.commit()
        assert _counts() == before


def test_export_refuses_a_full_folder_and_replace_keeps_readme(ctx, tmp_path):
    assert import_content(CONTENT).problems == []
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("catatan tim")
    (out / "mooc").mkdir()
    (out / "mooc" / "usang.md").write_text("lama")
    with pytest.raises(ExportRefused):
        export_content(out)
    export_content(out, replace=True)
    assert (out / "README.md").read_text() == "catatan tim" and not (out / "mooc" / "usang.md").exists()


def test_the_cli_exports_and_the_reimport_reports_no_change(app, runner, tmp_path):
    assert runner.invoke(args=["lms", "import-content", str(CONTENT)]).exit_code == 0
    result = runner.invoke(args=["lms", "export-content", str(tmp_path / "out")])
    assert result.exit_code == 0 and "14 modul, 42 pelajaran, 238 soal aktif" in result.output
    result = runner.invoke(args=["lms", "import-content", str(tmp_path / "out")])
    assert "Tidak ada perubahan (14 modul sudah sama)." in result.output
    result = runner.invoke(args=["lms", "export-content", str(tmp_path / "out")])
    assert result.exit_code != 0 and "--replace" in result.output
