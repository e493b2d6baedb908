"""The program's seminar rubrics: the files in content/ parse, a broken one is refused by the content check,
and a seminar keeps the rubric it was scheduled with."""

from pathlib import Path

import pytest

from lms.content.importer import check_content
from lms.core.extensions import db
from lms.seminar.program import ProgramError, load_rubric, parse_seminar_rubric
from tests.plugins.seminar import new_seminar

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_the_shipped_rubrics_parse(app):
    with app.app_context():
        rancangan = load_rubric("rancangan", CONTENT)
        aktualisasi = load_rubric("aktualisasi", CONTENT)
    assert rancangan.scorers == ("penguji",)
    assert aktualisasi.scorers == ("penguji", "coach", "mentor")
    names = [c.name for c in aktualisasi.rubric.criteria]
    assert names[0].startswith("Capaian kegiatan") and "Manfaat" in names[1] and "Komunikasi" in names[2]
    assert sum(c.weight for c in aktualisasi.rubric.criteria) == 100


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\nscorers: [coach]\n---\nA | 1\n- 0: x\n- 1: y\n", 2, "penguji"),
        ("---\nscorers: [penguji, dekan]\n---\nA | 1\n- 0: x\n- 1: y\n", 2, "scorers"),
        ("---\nscorers: [penguji]\n---\nA | satu\n- 0: x\n- 1: y\n", 4, "angka"),
        ("scorers: [penguji]\nA | 1\n", 1, "front matter"),
    ],
)
def test_a_wrong_file_names_its_line(app, text, line, words):
    with app.test_request_context(), pytest.raises(ProgramError) as refused:
        parse_seminar_rubric(text)
    assert refused.value.line == line and words in refused.value.message


def test_check_content_refuses_a_broken_seminar_rubric(app, tmp_path):
    (tmp_path / "aktualisasi").mkdir()
    (tmp_path / "aktualisasi" / "seminar-rancangan.md").write_text("---\nscorers: [penguji]\n---\nA | 1\n- 0: x\n")
    with app.app_context():
        _tree, problems = check_content(tmp_path)
        assert [(p.path, p.reason) for p in problems] == [
            ("aktualisasi/seminar-rancangan.md", "Kriteria 'A' perlu sedikitnya dua level.")
        ]
        _tree, shipped = check_content(CONTENT)
        assert [p for p in shipped if "seminar" in p.path] == []


def test_a_scheduled_seminar_keeps_its_rubric_when_the_file_changes(app, plan_world, tmp_path):
    (tmp_path / "aktualisasi").mkdir()
    path = tmp_path / "aktualisasi" / "seminar-rancangan.md"
    path.write_text("---\nscorers: [penguji]\n---\nIsi | 1\n- 0: kurang\n- 2: baik\n")
    app.config["LMS_CONTENT_DIR"] = str(tmp_path)
    with app.app_context():
        from lms.auth.models import User

        angkatan_id = db.session.get(User, plan_world.ids["p1"]).enrolment.angkatan_id
        seminar = new_seminar(angkatan_id, "rancangan", plan_world.ids["examiner"], plan_world.ids["coordinator"])
        db.session.commit()
        path.write_text("---\nscorers: [penguji]\n---\nLain | 1\n- 0: kurang\n- 4: baik\n")
        db.session.expire_all()
        assert seminar.rubric["criteria"][0]["name"] == "Isi"
        assert load_rubric("rancangan").rubric.criteria[0].name == "Lain"
