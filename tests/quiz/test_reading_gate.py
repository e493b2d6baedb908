"""The MOOC is completed by studying all its material and passing its evaluations (seed 002), and an
evaluation with `requires_reading` opens only once its agenda's modules are read."""

from pathlib import Path

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.content.importer import import_content
from lms.content.models import Module
from lms.core.extensions import db
from lms.phases.models import PhaseCompletion
from lms.quiz.models import Attempt, PhaseRequirement, Quiz
from tests.helpers.content import write, write_module
from tests.helpers.quiz import answer_all, answer_key, quiz_content, start, submit
from tests.helpers.web import client_for, csrf_token, post

REPO = Path(__file__).resolve().parents[2]


def user_id_of(app, nip) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.nip == nip))


def completion_of(app, nip) -> PhaseCompletion | None:
    with app.app_context():
        row = db.session.scalar(select(PhaseCompletion).where(PhaseCompletion.user_id == user_id_of(app, nip)))
        if row is not None:
            db.session.expunge(row)
        return row


def pass_quiz(client, app, slug="evaluasi-uji"):
    attempt_id = start(client, slug)
    answer_all(client, app, attempt_id, answer_key(app, attempt_id))
    submit(client, attempt_id, slug)


def read(client, module="modul-uji", lesson="pelajaran-1"):
    response = post(client, f"/belajar/modul/{module}/{lesson}/selesai", token_from="/")
    assert response.status_code == 302, response.status_code


def test_passing_without_reading_keeps_the_next_phase_locked_and_names_the_unread_module(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    pass_quiz(client, app)
    assert completion_of(app, quiz_world["participant"]) is None
    home = client.get("/").get_data(as_text=True)
    assert "Modul yang belum selesai: Modul modul-uji." in home
    assert "Lulus Evaluasi Uji" not in home  # the quiz part is done; only the reading is said to be missing
    assert "Modul modul-uji" in client.get("/belajar/pjj").get_data(as_text=True)

    read(client)  # the last lesson completes the phase
    completion = completion_of(app, quiz_world["participant"])
    assert completion is not None and completion.source == "requirements"
    assert "Modul yang belum selesai" not in client.get("/").get_data(as_text=True)


def test_reading_first_then_passing_completes_at_the_grade(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    read(client)
    assert completion_of(app, quiz_world["participant"]) is None  # read, not yet passed
    assert "Lulus Evaluasi Uji" in client.get("/").get_data(as_text=True)
    pass_quiz(client, app)
    assert completion_of(app, quiz_world["participant"]).source == "requirements"


def test_a_coordinators_exception_still_opens_the_next_phase_without_reading(app, quiz_world):
    participant_id = user_id_of(app, quiz_world["participant"])
    coordinator = client_for(app, quiz_world["coordinator"])
    page = f"/orang/peserta/{participant_id}"
    with app.app_context():
        mooc_id = db.session.scalar(select(Quiz.phase_id))
    coordinator.post(
        f"{page}/pengecualian",
        data={
            "csrf_token": csrf_token(coordinator, page),
            "phase_id": mooc_id,
            "reason": "Dirawat di rumah sakit selama masa MOOC, surat dokter terlampir",
        },
    )
    participant = client_for(app, quiz_world["participant"])
    assert completion_of(app, quiz_world["participant"]).source == "exception"
    home = participant.get("/").get_data(as_text=True)
    assert "Modul yang belum selesai" not in home and "Lulus Evaluasi Uji" not in home


@pytest.fixture
def reading_first(app, tmp_path):
    """The quiz world with a second module in the agenda and `requires_reading: true` on the evaluation."""
    root = quiz_content(tmp_path / "content")
    agenda = root / "mooc" / "agenda-1" / "agenda.md"
    agenda.write_text(
        agenda.read_text().replace("  pass_threshold: 60\n", "  pass_threshold: 60\n  requires_reading: true\n")
    )
    write_module(root, "modul-dua", lessons=2, order=2)
    write_module(root, "modul-agenda-dua", lessons=1, agenda=2)  # another agenda's module: not required first
    write(root / "mooc" / "agenda-2" / "agenda.md", '---\ntitle: "Agenda II"\nagenda: 2\n---\nAgenda dua.\n')
    with app.app_context():
        report = import_content(root)
        assert report.problems == [], report.problems
        db.session.commit()
        assert db.session.scalar(select(Quiz.requires_reading).where(Quiz.slug == "evaluasi-uji")) is True
    return root


def test_an_evaluation_that_requires_reading_names_the_unread_modules_and_refuses_a_start(
    app, quiz_world, reading_first
):
    client = client_for(app, quiz_world["participant"])
    read(client, "modul-dua", "pelajaran-1")
    page = client.get("/evaluasi/evaluasi-uji").get_data(as_text=True)
    assert "Mulai percobaan" not in page
    assert 'href="/belajar/modul/modul-uji"' in page and 'href="/belajar/modul/modul-dua"' in page
    assert "1/2 selesai" in page and "modul-agenda-dua" not in page

    # The server refuses the start itself, whatever the page shows.
    response = client.post("/evaluasi/evaluasi-uji/mulai", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    message = client.get(response.location).get_data(as_text=True)
    assert "terbuka setelah semua modul agendanya selesai dibaca" in message
    assert "Modul modul-uji, Modul modul-dua" in message
    json = client.post(
        "/evaluasi/evaluasi-uji/mulai",
        data={"csrf_token": csrf_token(client, "/")},
        headers={"Accept": "application/json"},
    )
    assert json.status_code == 403 and "Modul modul-uji" in json.get_json()["message"]
    with app.app_context():
        assert db.session.scalars(select(Attempt)).all() == []

    read(client)
    read(client, "modul-dua", "pelajaran-2")
    assert "Mulai percobaan" in client.get("/evaluasi/evaluasi-uji").get_data(as_text=True)
    pass_quiz(client, app)
    assert completion_of(app, quiz_world["participant"]) is None  # agenda II is not read yet
    read(client, "modul-agenda-dua", "pelajaran-1")
    assert completion_of(app, quiz_world["participant"]).source == "requirements"


def test_the_instructor_sets_requires_reading_and_it_is_written_to_the_agenda_file(app, quiz_world):
    from lms.content.models import Agenda

    instructor = client_for(app, quiz_world["instructor"])
    url = "/kelola/evaluasi/evaluasi-uji/pengaturan"
    form = instructor.get(url).get_data(as_text=True)
    assert 'name="requires_reading"' in form
    data = {
        "csrf_token": csrf_token(instructor, url),
        "title": "Evaluasi Uji",
        "pass_threshold": "60",
        "requires_reading": "y",
        "max_attempts": "2",
        "time_limit_minutes": "30",
        "wait_minutes": "0",
        "score_policy": "highest",
        "review": "after_attempt",
        "shuffle_questions": "y",
        "shuffle_options": "y",
    }
    assert instructor.post(url, data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Quiz.requires_reading)) is True
        agenda = db.session.scalar(select(Agenda))
        assert "  requires_reading: true\n" in agenda.source_md
    participant = client_for(app, quiz_world["participant"])
    assert "Mulai percobaan" not in participant.get("/evaluasi/evaluasi-uji").get_data(as_text=True)


def test_the_content_format_refuses_a_requires_reading_that_is_not_true_or_false(app, tmp_path):
    root = quiz_content(tmp_path / "content")
    agenda = root / "mooc" / "agenda-1" / "agenda.md"
    agenda.write_text(
        agenda.read_text().replace("  pass_threshold: 60\n", "  pass_threshold: 60\n  requires_reading: ya\n")
    )
    with app.app_context():
        report = import_content(root)
    found = [(p.path, p.line) for p in report.problems if p.reason == "'requires_reading' harus true atau false"]
    assert found == [("mooc/agenda-1/agenda.md", 8)]  # the line of the setting


def test_every_shipped_required_evaluation_requires_reading(app):
    """The shipped curriculum follows the domain rule: no required evaluation opens before its reading."""
    with app.app_context():
        report = import_content(REPO / "content")
        assert report.problems == [], report.problems
        required = db.session.scalars(select(Quiz).join(PhaseRequirement, PhaseRequirement.quiz_id == Quiz.id)).all()
        assert required and all(q.requires_reading for q in required), [q.slug for q in required]
        assert db.session.scalar(select(Module.id)) is not None


def test_a_completion_made_under_the_old_rule_survives_the_migration_and_later_grades(app, quiz_world):
    """Before 0008_gating a passing grade completed the MOOC without any reading: that completion was
    valid then, and the participant keeps it, with the next phase open."""
    from flask_migrate import downgrade, upgrade

    client = client_for(app, quiz_world["participant"])
    pass_quiz(client, app)
    participant_id = user_id_of(app, quiz_world["participant"])
    with app.app_context():
        mooc_id = db.session.scalar(select(Quiz.phase_id))
        db.session.remove()
        downgrade(revision="0007")
        # What the old grading wrote at that passing grade, nothing read.
        db.session.add(PhaseCompletion(user_id=participant_id, phase_id=mooc_id, source="quiz"))
        db.session.commit()
        db.session.remove()
        upgrade()
        assert db.session.scalar(select(Quiz.requires_reading)) is False  # the import turns it on where wanted
    assert completion_of(app, quiz_world["participant"]).source == "quiz"
    home = client.get("/").get_data(as_text=True)
    assert "Modul yang belum selesai" not in home and "Terkunci" not in client.get("/belajar/pjj").get_data(
        as_text=True
    )

    pass_quiz(client, app)  # a second attempt to improve the score recounts the standing: the completion stays
    assert completion_of(app, quiz_world["participant"]).source == "quiz"
