"""Essays graded by hand, with real requests (CSRF on): the pending attempt through standing and gating, the
grading queue's access, anonymous grading, the rubric's refusals, exactly-once grading (two graders at once,
on SQLite and PostgreSQL), a regrade audited, and what the participant sees."""

import threading
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from lms.auth.models import User
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.phases.models import PhaseCompletion
from lms.phases.progress import phase_access
from lms.quiz.models import AttemptQuestion, EssayGrade, PhaseResult, QuizResult
from tests.factories import read_all_lessons
from tests.helpers.essays import ESSAY_TEXT, answer_everything, essay_item_id, grade, submit_with_essay
from tests.helpers.quiz import attempt_row, rewind, start, submit
from tests.helpers.web import client_for, csrf_token


def _audits(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def _pjj_open(app, user_id) -> bool:
    with app.app_context():
        return phase_access(db.session.get(User, user_id), code="pjj").open


def test_a_submitted_essay_waits_as_pending_and_nothing_counts_until_graded(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    with app.app_context():
        read_all_lessons(essay_world["participant_id"])
        db.session.commit()
    attempt_id = start(participant)
    item_id = submit_with_essay(participant, app, attempt_id)

    attempt = attempt_row(app, attempt_id)
    assert (attempt.status, attempt.score, attempt.passed, attempt.graded_at) == ("pending", None, None, None)
    assert attempt.submitted_at is not None
    page = participant.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/hasil").get_data(as_text=True)
    assert "Menunggu penilaian" in page and "Belum lulus" not in page and "Pembahasan" not in page
    assert "Menunggu penilaian" in participant.get("/evaluasi/evaluasi-uji").get_data(as_text=True)
    with app.app_context():
        result = db.session.get(QuizResult, (essay_world["participant_id"], attempt.quiz_id))
        assert (result.attempts_used, result.counted_score, result.passed) == (1, None, False)
        phase = db.session.scalar(select(PhaseResult).where(PhaseResult.user_id == essay_world["participant_id"]))
        assert phase.score is None and phase.quizzes_passed == 0
        assert db.session.scalar(select(PhaseCompletion)) is None
        automatic = db.session.scalars(
            select(AttemptQuestion.credit).where(
                AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.id != item_id
            )
        ).all()
        assert automatic == [Decimal(1)] * 4  # the automatic part is graded at once
    assert not _pjj_open(app, essay_world["participant_id"])

    instructor = client_for(app, essay_world["instructor"])
    response = grade(instructor, item_id, levels=("4", "3"), feedback="Analisis tepat, langkah runtut.")
    assert response.status_code == 302
    attempt = attempt_row(app, attempt_id)
    assert (attempt.status, attempt.score, attempt.passed) == ("graded", Decimal("100.00"), True)
    with app.app_context():
        result = db.session.get(QuizResult, (essay_world["participant_id"], attempt.quiz_id))
        assert (result.counted_score, result.passed) == (Decimal("100.00"), True)
        assert db.session.scalar(select(PhaseCompletion.source)) == "requirements"
    assert _pjj_open(app, essay_world["participant_id"])
    graded = _audits(app, "attempt.graded")
    assert [(e.details["by"], e.details["score"]) for e in graded] == [("essay", "100.00")]

    # The review: the answer as written, the level per criterion and the grader's feedback.
    review = participant.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/hasil").get_data(as_text=True)
    assert "Berkas diproses sesuai antrean" in review
    assert "Analisis nilai</strong>: 4/4 · Tepat dan lengkap" in review
    assert "Analisis tepat, langkah runtut." in review


def test_an_unanswered_essay_needs_no_grader(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    attempt_id = start(participant)
    answer_everything(participant, app, attempt_id, essay=None)
    submit(participant, attempt_id)
    attempt = attempt_row(app, attempt_id)
    assert (attempt.status, attempt.score) == ("graded", Decimal("80.00"))


def test_the_time_limit_still_closes_an_attempt_with_an_essay(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    attempt_id = start(participant)
    answer_everything(participant, app, attempt_id)
    rewind(app, attempt_id, timedelta(hours=2), timedelta(hours=1))
    participant.get("/evaluasi/evaluasi-uji")  # the next visit closes it
    attempt = attempt_row(app, attempt_id)
    assert (attempt.status, attempt.graded_by) == ("pending", "deadline")
    assert attempt.submitted_at == attempt.deadline_at


def test_the_queue_lists_what_waits_for_those_teaching_the_angkatan(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    item_id = submit_with_essay(participant, app, start(participant))
    for who in ("instructor", "coordinator"):
        client = client_for(app, essay_world[who])
        counts = client.get("/penilaian-esai")
        assert counts.status_code == 200 and counts.headers["Cache-Control"] == "no-store"
        assert "1 esai menunggu" in counts.get_data(as_text=True)
        listing = client.get("/penilaian-esai?evaluasi=evaluasi-uji").get_data(as_text=True)
        assert essay_world["name"] in listing and f"/penilaian-esai/{item_id}" in listing
        form = client.get(f"/penilaian-esai/{item_id}").get_data(as_text=True)
        assert "Saya menolak dengan santun." in form and 'name="kriteria-1" value="3"' in form


def test_others_are_refused_and_grade_nothing(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    item_id = submit_with_essay(participant, app, start(participant))
    for who in ("outsider", "far_coordinator"):
        client = client_for(app, essay_world[who])
        assert "esai menunggu" not in client.get("/penilaian-esai").get_data(as_text=True)
        assert essay_world["name"] not in client.get("/penilaian-esai?evaluasi=evaluasi-uji").get_data(as_text=True)
        assert client.get(f"/penilaian-esai/{item_id}").status_code == 404
        assert grade(client, item_id).status_code == 404
    assert participant.get("/penilaian-esai").status_code == 403
    assert grade(participant, item_id).status_code == 403
    assert grade(client_for(app, essay_world["other"]), item_id).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EssayGrade)) == 0
    assert attempt_row(app, attempt_row_id(app, item_id)).status == "pending"


def attempt_row_id(app, item_id) -> int:
    with app.app_context():
        return db.session.get(AttemptQuestion, item_id).attempt_id


def test_anonymous_grading_hides_the_name_in_the_queue_the_title_and_the_form(app, anonymous_essay_world):
    world = anonymous_essay_world
    participant = client_for(app, world["participant"])
    item_id = submit_with_essay(participant, app, start(participant))
    instructor = client_for(app, world["instructor"])
    listing = instructor.get("/penilaian-esai?evaluasi=evaluasi-uji").get_data(as_text=True)
    form = instructor.get(f"/penilaian-esai/{item_id}").get_data(as_text=True)
    for page in (listing, form):
        assert world["name"] not in page and world["participant"] not in page
        assert "Peserta 1" in page
    assert "<title>Penilaian esai · Peserta 1" in form
    refused = grade(instructor, item_id, levels=("4", "9"), feedback="Kurang.")
    assert world["name"] not in refused.get_data(as_text=True) and "Peserta 1" in refused.get_data(as_text=True)
    assert grade(instructor, item_id).status_code == 302
    graded = instructor.get("/penilaian-esai?evaluasi=evaluasi-uji").get_data(as_text=True)
    assert world["name"] not in graded and "Peserta 1" in graded  # stable once graded too


def test_a_forged_level_is_refused_with_the_rubric_message_and_nothing_typed_is_lost(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    item_id = submit_with_essay(participant, app, start(participant))
    instructor = client_for(app, essay_world["instructor"])
    for levels, message in (
        (("4", "99"), "Poin 99 bukan level kriteria &#39;Kejelasan tulisan&#39; (paling tinggi 3)."),
        (("4", "abc"), "Level kriteria &#39;Kejelasan tulisan&#39; tidak sah."),
        (("4",), "Pilih level untuk kriteria &#39;Kejelasan tulisan&#39;."),
    ):
        response = grade(instructor, item_id, levels=levels, feedback="Umpan balik panjang yang tidak boleh hilang.")
        page = response.get_data(as_text=True)
        assert response.status_code == 409 and message in page
        assert "Umpan balik panjang yang tidak boleh hilang." in page
        assert 'name="kriteria-0" value="4" checked' in page  # the level chosen stays chosen
    extra = grade(instructor, item_id, **{"kriteria-7": "1"})
    assert extra.status_code == 409 and "tidak ada di rubrik" in extra.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EssayGrade)) == 0
    assert attempt_row(app, attempt_row_id(app, item_id)).status == "pending"


def test_two_graders_at_once_make_one_grade(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    item_id = submit_with_essay(participant, app, start(participant))
    graders = [client_for(app, essay_world["instructor"]), client_for(app, essay_world["coordinator"])]
    tokens = [csrf_token(c, "/") for c in graders]
    barrier, statuses = threading.Barrier(2), []

    def run(client, token, level):
        barrier.wait()
        data = {"csrf_token": token, "feedback": "Dinilai.", "kriteria-0": level, "kriteria-1": "3"}
        response = client.post(f"/penilaian-esai/{item_id}", data=data)
        statuses.append((response.status_code, response.get_data(as_text=True)))

    threads = [
        threading.Thread(target=run, args=(c, t, lv)) for c, t, lv in zip(graders, tokens, ("4", "2"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(code for code, _ in statuses) == [302, 409]
    assert "sudah dinilai" in next(body for code, body in statuses if code == 409)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EssayGrade)) == 1
    assert len(_audits(app, "essay.graded")) == 1
    assert len(_audits(app, "attempt.graded")) == 1
    assert attempt_row(app, attempt_row_id(app, item_id)).status == "graded"


def test_a_changed_grade_is_a_regrade_with_a_reason_audited_old_and_new(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    attempt_id = start(participant)
    item_id = submit_with_essay(participant, app, attempt_id)
    instructor = client_for(app, essay_world["instructor"])
    assert grade(instructor, item_id, levels=("4", "3")).status_code == 302
    # A second first grade (a stale tab) is refused; without a reason a change is refused too.
    stale = grade(instructor, item_id, levels=("0", "1"), feedback="Ditinjau ulang.")
    assert stale.status_code == 409 and "sudah dinilai" in stale.get_data(as_text=True)
    no_reason = grade(instructor, item_id, levels=("0", "1"), feedback="Ditinjau ulang.", reason="")
    assert no_reason.status_code == 400 and "Ditinjau ulang." in no_reason.get_data(as_text=True)
    assert attempt_row(app, attempt_id).score == Decimal("100.00")

    changed = grade(
        instructor, item_id, levels=("0", "1"), feedback="Ditinjau ulang.", reason="Salah baca jawaban peserta."
    )
    assert changed.status_code == 302
    attempt = attempt_row(app, attempt_id)
    # Essay 100 x (60 x 0/4 + 40 x 1/3) / 100 = 13.33; the attempt (4 + 0.1333) / 5 = 82.67.
    assert attempt.score == Decimal("82.67")
    (entry,) = _audits(app, "essay.regrade")
    assert entry.reason == "Salah baca jawaban peserta."
    assert (entry.details["old_score"], entry.details["new_score"]) == ("100.00", "13.33")
    assert (entry.details["old_levels"], entry.details["new_levels"]) == (["4", "3"], ["0", "1"])
    (rescore,) = _audits(app, "attempt.regrade")
    assert (rescore.details["old_score"], rescore.details["new_score"]) == ("100.00", "82.67")
    with app.app_context():
        result = db.session.get(QuizResult, (essay_world["participant_id"], attempt.quiz_id))
        assert result.counted_score == Decimal("82.67")
    review = participant.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/hasil").get_data(as_text=True)
    assert "Ditinjau ulang." in review and "Analisis nilai</strong>: 0/4" in review
    assert ESSAY_TEXT.splitlines()[0] in review


def test_the_essay_text_area_keeps_what_was_typed(app, essay_world):
    participant = client_for(app, essay_world["participant"])
    attempt_id = start(participant)
    at = answer_everything(participant, app, attempt_id)
    page = participant.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/soal/{at['essay']}").get_data(as_text=True)
    assert '<textarea name="jawaban"' in page and "Saya menolak dengan santun.\nBerkas diproses" in page
    from tests.helpers.quiz import save

    too_long = save(participant, app, attempt_id, at["essay"], ["x" * 10_001], json=False)
    page = too_long.get_data(as_text=True)
    assert too_long.status_code == 400 and "Jawaban terlalu panjang" in page and "x" * 10_001 in page
    assert essay_item_id(app, attempt_id)
    with app.app_context():
        saved = db.session.scalar(
            select(AttemptQuestion.selected).where(
                AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == at["essay"]
            )
        )
    assert saved == [ESSAY_TEXT]  # the saved answer stays
