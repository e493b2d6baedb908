"""Passing a phase's required quizzes unlocks the next phase; every lock says why."""

from decimal import Decimal

from sqlalchemy import select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.phases.models import PhaseCompletion
from lms.quiz.models import Quiz
from tests.helpers.quiz import answer_all, answer_key, start, submit, wrong_key
from tests.helpers.web import client_for, csrf_token, post


def home_text(client) -> str:
    return client.get("/").get_data(as_text=True)


def test_fail_then_locked_with_the_reason_then_pass_and_unlocked(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    key, wrong = answer_key(app, attempt_id), wrong_key(app, attempt_id)
    answer_all(client, app, attempt_id, {1: key[1], 2: key[2], 3: wrong[3], 4: wrong[4], 5: wrong[5]})
    submit(client, attempt_id)
    home = home_text(client)
    assert "Lulus Evaluasi Uji dengan nilai minimal 60 (nilai terbaik Anda 40, sisa 1 percobaan)." in home
    assert client.get("/belajar/pjj").status_code == 200  # the overview is readable, marked locked
    assert "Terkunci" in client.get("/belajar/pjj").get_data(as_text=True)

    # The material is studied too: the rule needs both (tests/quiz/test_reading_gate.py).
    assert post(client, "/belajar/modul/modul-uji/pelajaran-1/selesai", token_from="/").status_code == 302
    attempt_id = start(client)
    answer_all(client, app, attempt_id, answer_key(app, attempt_id))
    submit(client, attempt_id)
    home = home_text(client)
    assert "Lulus Evaluasi Uji" not in home
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.nip == quiz_world["participant"]))
        completion = db.session.scalar(select(PhaseCompletion).where(PhaseCompletion.user_id == user_id))
        assert completion.source == "requirements"
    results = client.get("/nilai").get_data(as_text=True)
    assert "Nilai MOOC: 100" in results


def test_schedule_not_open_is_locked_with_the_date_and_direct_post_refused(app, quiz_world):
    client = client_for(app, quiz_world["early"])
    page = client.get("/evaluasi/evaluasi-uji").get_data(as_text=True)
    assert "Fase ini dibuka pada" in page and "Mulai percobaan" not in page
    response = client.post("/evaluasi/evaluasi-uji/mulai", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert "masih terkunci" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        from lms.quiz.models import Attempt

        assert db.session.scalars(select(Attempt)).all() == []


def test_coordinator_exception_unlocks_and_is_audited(app, quiz_world):
    with app.app_context():
        participant = db.session.scalar(select(User).where(User.nip == quiz_world["participant"]))
        participant_id = participant.id
    coordinator = client_for(app, quiz_world["coordinator"])
    page = f"/orang/peserta/{participant_id}"
    assert "Beri pengecualian" in coordinator.get(page).get_data(as_text=True)
    with app.app_context():
        mooc_id = db.session.scalar(select(Quiz.phase_id))
    short = coordinator.post(
        f"{page}/pengecualian",
        data={"csrf_token": csrf_token(coordinator, page), "phase_id": mooc_id, "reason": "sakit"},
    )
    assert "10 sampai 2000" in coordinator.get(short.location).get_data(as_text=True)
    reason = "Dirawat di rumah sakit selama masa evaluasi, surat dokter terlampir"
    coordinator.post(
        f"{page}/pengecualian",
        data={"csrf_token": csrf_token(coordinator, page), "phase_id": mooc_id, "reason": reason},
    )
    participant_client = client_for(app, quiz_world["participant"])
    assert "Lulus Evaluasi Uji" not in home_text(participant_client)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "phase.exception"))
        assert entry.reason == reason and entry.subject_user_id == participant_id
    assert reason in coordinator.get(page).get_data(as_text=True)  # visible on the participant's record
    # a participant cannot grant themselves one
    response = participant_client.post(
        f"{page}/pengecualian",
        data={"csrf_token": csrf_token(participant_client, "/"), "phase_id": mooc_id, "reason": reason},
    )
    assert response.status_code == 403


def test_regrade_previews_then_applies_and_is_audited(app, quiz_world, tmp_path):
    client = client_for(app, quiz_world["participant"])
    assert post(client, "/belajar/modul/modul-uji/pelajaran-1/selesai", token_from="/").status_code == 302
    attempt_id = start(client)
    key, wrong = answer_key(app, attempt_id), wrong_key(app, attempt_id)
    answer_all(client, app, attempt_id, {1: key[1], 2: key[2], 3: key[3], 4: wrong[4], 5: wrong[5]})
    submit(client, attempt_id)  # 60: passes the threshold of 60
    with app.app_context():
        quiz = db.session.scalar(select(Quiz))
        quiz.pass_threshold = Decimal(70)  # an instructor raises the bar after the fact
        db.session.commit()
    # nothing changed silently
    with app.app_context():
        from lms.quiz.models import Attempt

        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.passed and attempt.threshold_used == Decimal(60)
    instructor = client_for(app, quiz_world["instructor"])
    preview = instructor.get("/evaluasi/evaluasi-uji/penilaian-ulang").get_data(as_text=True)
    assert "1 percobaan berubah nilai; 1 berubah status lulus" in preview and "Ayu Lestari" in preview
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).passed  # the preview wrote nothing
    instructor.post(
        "/evaluasi/evaluasi-uji/penilaian-ulang",
        data={
            "csrf_token": csrf_token(instructor, "/evaluasi/evaluasi-uji/penilaian-ulang"),
            "reason": "Ambang dinaikkan sesuai surat edaran penyelenggara",
        },
    )
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert not attempt.passed and attempt.threshold_used == Decimal(70)
        assert db.session.scalar(select(PhaseCompletion)) is None  # the phase is locked again
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"attempt.regrade", "quiz.regrade", "phase.complete.withdrawn"} <= actions
    assert client.get("/evaluasi/evaluasi-uji/penilaian-ulang").status_code == 403  # participants never
