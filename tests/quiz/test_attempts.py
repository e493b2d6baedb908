"""The attempt on the server: saving, forged answers, deadline, exactly-once submit, no key leaks."""

import re
import threading
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select, update

from lms.core.audit import AuditEntry
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.quiz.models import Attempt, AttemptQuestion, QuestionOption
from tests.factories import wib_today
from tests.helpers.quiz import answer_all, answer_key, attempt_row, rev_of, rewind, save, start, submit, wrong_key
from tests.helpers.web import client_for, csrf_token


def test_full_attempt_and_result(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    answer_all(client, app, attempt_id, answer_key(app, attempt_id))
    response = submit(client, attempt_id)
    assert response.location.endswith(f"/percobaan/{attempt_id}/hasil")
    attempt = attempt_row(app, attempt_id)
    assert attempt.status == "graded" and attempt.score == Decimal("100.00") and attempt.passed
    result = client.get(response.location)
    html = result.get_data(as_text=True)
    assert "100" in html and "Lulus" in html and "Pembahasan" in html and "itu inti akuntabilitas" in html
    assert result.headers["Cache-Control"] == "no-store"


def test_answers_are_kept_across_devices_and_resume(app, quiz_world):
    phone = client_for(app, quiz_world["participant"])
    attempt_id = start(phone)
    key = answer_key(app, attempt_id)
    save(phone, app, attempt_id, 1, key[1])
    laptop = client_for(app, quiz_world["participant"])
    assert start(laptop) == attempt_id  # the same attempt, not a new one
    page = laptop.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/soal/1").get_data(as_text=True)
    assert re.search(rf'name="jawaban" value="{key[1][0]}" checked', page)


def test_forged_answers_get_400_and_no_credit(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    with app.app_context():
        kinds = {
            i.position: i.question.kind
            for i in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id))
        }
        foreign_option = db.session.scalars(select(QuestionOption.id)).all()[-1]
    single = next(p for p, k in kinds.items() if k == "single")
    for choices in (["99"], ["0"], ["-1"], ["abc"], ["1.5"], ["1", "1"], ["1", "2"], [str(foreign_option * 100)]):
        response = save(client, app, attempt_id, single, choices)
        assert response.status_code == 400, choices
    assert save(client, app, attempt_id, 99, ["1"]).status_code == 400  # no such question in the attempt
    page = save(client, app, attempt_id, single, ["99"], json=False)  # a form post: a page that says why
    assert page.status_code == 400 and "Jawaban tidak valid untuk soal ini." in page.get_data(as_text=True)
    with app.app_context():
        item = db.session.scalar(
            select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == single)
        )
        assert item.selected == [] and item.answer_rev == 0
    # score and passed in a request are ignored
    response = submit(client, attempt_id, score="100", passed="1")
    assert attempt_row(app, attempt_id).score == Decimal("0.00")
    assert response.status_code == 302


def test_someone_elses_attempt_is_404(app, quiz_world):
    owner = client_for(app, quiz_world["participant"])
    attempt_id = start(owner)
    other = client_for(app, quiz_world["other"])
    assert other.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/soal/1").status_code == 404
    refused = save(other, app, attempt_id, 1, ["1"])
    assert refused.status_code == 404 and refused.get_json() == {"ok": False, "message": "Percobaan tidak ditemukan."}
    page = save(other, app, attempt_id, 1, ["1"], json=False)  # without JavaScript: the error page says why
    assert page.status_code == 404 and "Percobaan tidak ditemukan." in page.get_data(as_text=True)
    # The owner too, when the URL names another quiz than the attempt's.
    assert save(owner, app, attempt_id, 1, ["1"], slug="evaluasi-lain").status_code == 404
    assert submit(other, attempt_id).status_code == 404
    assert attempt_row(app, attempt_id).status == "in_progress"
    with app.app_context():
        assert (
            db.session.scalar(
                select(AttemptQuestion.answer_rev).where(
                    AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == 1
                )
            )
            == 0
        )


def test_no_correctness_data_reaches_the_browser_before_grading(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    with app.app_context():
        option_ids = {str(i) for i in db.session.scalars(select(QuestionOption.id))}
    bodies = [client.get("/evaluasi/evaluasi-uji").get_data(as_text=True)]
    for n in range(1, 6):
        page = client.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/soal/{n}")
        assert page.headers["Cache-Control"] == "no-store"
        bodies.append(page.get_data(as_text=True))
        values = re.findall(r'name="jawaban" value="([^"]+)"', bodies[-1])
        assert values == [str(i) for i in range(1, len(values) + 1)]  # positions, never option ids
    bodies.append(save(client, app, attempt_id, 1, ["1"]).get_data(as_text=True))
    bodies.append(client.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/ringkasan").get_data(as_text=True))
    for body in bodies:
        for secret in ("Benar, itu inti", "Tepat.", "Keliru, ASN", "fraction", "✓", "Pembahasan", "itu dasar negara"):
            assert secret not in body
        assert not (set(re.findall(r'data-[a-z-]+="(\d+)"', body)) & option_ids)
    assert set(
        client.post(
            f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/soal/2",
            headers={"Accept": "application/json"},
            data={"csrf_token": csrf_token(client, "/"), "jawaban": ["1"], "rev": "0"},
        ).json
    ) == {"ok", "rev", "message"}


def test_review_never_hides_the_key_after_grading(make_app, tmp_path):
    from lms.content.importer import import_content
    from tests.helpers.quiz import quiz_content

    app = make_app()
    root = quiz_content(tmp_path / "c2", review="never")

    from tests.factories import make_angkatan, make_instansi, make_participant

    with app.app_context():
        from lms.phases.models import install_default_phases

        install_default_phases()
        assert import_content(root).problems == []
        nip = make_participant(make_angkatan(make_instansi(), schedule_start=wib_today() - timedelta(days=1))).nip
        db.session.commit()
    client = client_for(app, nip)
    attempt_id = start(client)
    submit(client, attempt_id)
    html = client.get(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/hasil").get_data(as_text=True)
    assert "tidak ditampilkan" in html and "itu inti akuntabilitas" not in html


def test_autosave_after_submit_and_from_a_stale_tab_is_refused(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    key, wrong = answer_key(app, attempt_id), wrong_key(app, attempt_id)
    assert save(client, app, attempt_id, 1, key[1], rev=0).status_code == 200
    # the form sent right after its own autosave carries the old revision but the same answer: fine
    same = save(client, app, attempt_id, 1, key[1], rev=0, json=False, aksi="lanjut")
    assert same.status_code == 302 and same.location.endswith("/soal/2") and rev_of(app, attempt_id, 1) == 1
    stale = save(client, app, attempt_id, 1, wrong[1], rev=0)  # the other tab still thinks rev 0
    assert stale.status_code == 409 and "tab atau perangkat lain" in stale.json["message"]
    assert rev_of(app, attempt_id, 1) == 1
    submit(client, attempt_id)
    score = attempt_row(app, attempt_id).score
    replay = save(client, app, attempt_id, 1, wrong[1], rev=1)
    assert replay.status_code == 409 and "sudah dinilai" in replay.json["message"]
    assert attempt_row(app, attempt_id).score == score and rev_of(app, attempt_id, 1) == 1


def test_answers_after_the_deadline_do_not_count(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    key = answer_key(app, attempt_id)
    save(client, app, attempt_id, 1, key[1])
    save(client, app, attempt_id, 2, key[2])
    rewind(app, attempt_id, timedelta(hours=1), deadline_ago=timedelta(minutes=30))  # the clock has run out
    late = save(client, app, attempt_id, 3, key[3])
    assert late.status_code == 409 and "Waktu pengerjaan sudah habis" in late.json["message"]
    attempt = attempt_row(app, attempt_id)
    assert attempt.status == "graded" and attempt.graded_by == "deadline"
    assert attempt.score == Decimal("40.00")  # 2 of 5, the late third answer is not there


def test_an_answer_stamped_after_the_deadline_is_not_counted(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    answer_all(client, app, attempt_id, answer_key(app, attempt_id))
    rewind(app, attempt_id, timedelta(hours=1), deadline_ago=timedelta(minutes=30))
    with app.app_context():  # one answer slipped in after the deadline (e.g. a request in flight)
        item = db.session.scalar(
            select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id, AttemptQuestion.position == 5)
        )
        item.answered_at = utcnow() - timedelta(minutes=29)
        db.session.commit()
    submit(client, attempt_id)
    assert attempt_row(app, attempt_id).score == Decimal("80.00")


def test_an_abandoned_attempt_is_graded_on_the_next_touch(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    save(client, app, attempt_id, 1, answer_key(app, attempt_id)[1])
    rewind(app, attempt_id, timedelta(hours=2), deadline_ago=timedelta(hours=1))
    assert attempt_row(app, attempt_id).status == "in_progress"
    client.get("/evaluasi/evaluasi-uji")  # the participant comes back, maybe days later
    attempt = attempt_row(app, attempt_id)
    assert attempt.status == "graded" and attempt.graded_by == "deadline" and attempt.score == Decimal("20.00")


def test_cli_grades_overdue_attempts(app, quiz_world, runner):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    with app.app_context():
        db.session.execute(
            update(Attempt).where(Attempt.id == attempt_id).values(deadline_at=utcnow() - timedelta(minutes=5))
        )
        db.session.commit()
    result = runner.invoke(args=["lms", "grade-overdue"])
    assert result.exit_code == 0 and "1" in result.output
    assert attempt_row(app, attempt_id).status == "graded"


def test_attempt_limit_and_wait(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    for _ in range(2):
        submit(client, start(client))
    response = client.post("/evaluasi/evaluasi-uji/mulai", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302 and response.location.endswith("/evaluasi/evaluasi-uji")
    assert "sudah habis" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2


def _hammer(app, nip, target, count):
    """Run `count` requests at once, each from its own logged-in client."""
    clients = [client_for(app, nip) for _ in range(count)]
    tokens = [csrf_token(c, "/") for c in clients]
    barrier = threading.Barrier(count)
    statuses = []

    def run(client, token):
        barrier.wait()
        statuses.append(target(client, token).status_code)

    threads = [threading.Thread(target=run, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_twenty_concurrent_submits_give_one_grade(app, quiz_world):
    client = client_for(app, quiz_world["participant"])
    attempt_id = start(client)
    answer_all(client, app, attempt_id, answer_key(app, attempt_id))
    statuses = _hammer(
        app,
        quiz_world["participant"],
        lambda c, t: c.post(f"/evaluasi/evaluasi-uji/percobaan/{attempt_id}/kirim", data={"csrf_token": t}),
        20,
    )
    assert statuses == [302] * 20
    with app.app_context():
        graded = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "attempt.graded")).all()
        assert len(graded) == 1
        assert db.session.get(Attempt, attempt_id).score == Decimal("100.00")


def test_two_concurrent_starts_with_a_limit_of_one_give_one_attempt(make_app, tmp_path):

    from lms.content.importer import import_content
    from lms.phases.models import install_default_phases
    from tests.factories import make_angkatan, make_instansi, make_participant
    from tests.helpers.quiz import quiz_content

    app = make_app()
    root = quiz_content(tmp_path / "c3", max_attempts=1)
    with app.app_context():
        install_default_phases()
        assert import_content(root).problems == []
        nip = make_participant(make_angkatan(make_instansi(), schedule_start=wib_today() - timedelta(days=1))).nip
        db.session.commit()
    statuses = _hammer(app, nip, lambda c, t: c.post("/evaluasi/evaluasi-uji/mulai", data={"csrf_token": t}), 2)
    assert statuses == [302, 302]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
        assert db.session.scalar(select(func.count()).select_from(AttemptQuestion)) == 5
