"""On a phone: fail the Agenda II evaluation, see why the next phase is locked, reload mid-attempt
and find the answers kept, retake and pass, and distance learning opens."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.content.importer import import_content
from lms.core.extensions import db
from lms.phases.models import install_default_phases
from lms.quiz import attempts
from lms.quiz.models import AttemptQuestion, Quiz
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_participant, read_all_lessons, wib_today
from tests.helpers.browser import assert_no_horizontal_scroll, screenshot
from tests.helpers.quiz import answer_key

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[2] / "content"


def _pass_quiz_directly(quiz: Quiz, user_id: int) -> None:
    """Agenda I and III are passed before the journey starts (it is about Agenda II)."""
    attempt = attempts.start_attempt(quiz, user_id)
    db.session.flush()
    from lms.quiz.models import QuestionOption

    fractions = dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all())
    for item in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)):
        item.selected = [o for o in item.option_order if fractions[o] > 0]
        item.answered_at = attempt.started_at
    attempts.grade_attempt(attempt.id)


def test_fail_see_lock_reload_keeps_answers_retake_pass_and_the_next_phase_opens(live_app, phone):
    today = wib_today()
    with live_app.app_context():
        install_default_phases()
        assert import_content(CONTENT).problems == []
        angkatan = make_angkatan(
            make_instansi("Pemerintah Kota Uji"),
            72,
            schedule=[
                (today - timedelta(days=14), today + timedelta(days=2)),
                (today - timedelta(days=1), today + timedelta(days=30)),
            ],
        )
        user = make_participant(angkatan, name="Putri Handayani", nip="199004112019032002")
        quizzes = {q.slug: q for q in db.session.scalars(select(Quiz))}
        quizzes["evaluasi-agenda-2"].wait_minutes = 0  # the instructor allows an immediate retake here
        read_all_lessons(user.id)  # the MOOC material is studied: the evaluations open after it
        for slug in ("evaluasi-agenda-1", "evaluasi-agenda-3"):
            _pass_quiz_directly(quizzes[slug], user.id)
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    phone.goto(base + "/masuk")
    phone.get_by_label("NIP atau email").fill("199004112019032002")
    phone.get_by_label("Kata sandi").fill(PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.wait_for_url(base + "/")

    # First attempt: two answers, both wrong, then submit.
    phone.goto(base + "/evaluasi/evaluasi-agenda-2")
    phone.get_by_role("button", name="Mulai percobaan ke-1").click()
    attempt_id = int(re.search(r"/percobaan/(\d+)/", phone.url).group(1))
    key = answer_key(live_app, attempt_id)
    for n in (1, 2):
        options = phone.locator("label.option")
        wrong = next(i for i in range(1, options.count() + 1) if i not in key[n])
        options.nth(wrong - 1).click()
        phone.get_by_text("Tersimpan ✓").wait_for()
        if n == 1:
            phone.reload()  # the network drops, the participant reloads: the answer is still there
            assert options.nth(wrong - 1).locator("input").is_checked()
            screenshot(phone, "quiz-question-phone")
            assert_no_horizontal_scroll(phone)
        phone.get_by_role("button", name="Simpan dan lanjut").click()
    phone.goto(f"{base}/evaluasi/evaluasi-agenda-2/percobaan/{attempt_id}/ringkasan")
    phone.get_by_role("button", name="Kirim dan nilai").click()
    expect(phone.get_by_text("Belum lulus").first).to_be_visible()
    screenshot(phone, "quiz-failed-phone")

    phone.goto(base + "/")
    reason = phone.locator(".phase.locked .lock-reason").first.inner_text()
    assert "Lulus Evaluasi Agenda II dengan nilai minimal 70 (nilai terbaik Anda 0, sisa 2 percobaan)" in reason
    screenshot(phone, "home-locked-phone")

    # Retake and answer everything right, one question per page.
    phone.goto(base + "/evaluasi/evaluasi-agenda-2")
    phone.get_by_role("button", name="Mulai percobaan ke-2").click()
    attempt_id = int(re.search(r"/percobaan/(\d+)/", phone.url).group(1))
    key = answer_key(live_app, attempt_id)
    for n in range(1, len(key) + 1):
        options = phone.locator("label.option")
        for position in key[n]:  # ticked quickly: each tick autosaves while the next is made
            options.nth(position - 1).locator("input").check()
        last = n == len(key)
        if not phone.locator("form.quiz-question").count():
            screenshot(phone, "quiz-debug")
            raise AssertionError(f"question {n}: {phone.url} {phone.locator('main').inner_text()[:300]}")
        phone.get_by_role("button", name="Simpan dan lihat ringkasan" if last else "Simpan dan lanjut").click()
    phone.get_by_role("button", name="Kirim dan nilai").click()
    expect(phone.get_by_text("Lulus", exact=True).first).to_be_visible()
    if not phone.locator(".big-score").inner_text().startswith("100"):
        screenshot(phone, "quiz-not-full-marks")
        items = [item.inner_text() for item in phone.locator("ol.review > li").all()]
        wrong = [text[:200] for text in items if "Salah" in text]
        raise AssertionError(f"not full marks; questions marked wrong: {wrong}")
    screenshot(phone, "quiz-passed-phone")

    phone.goto(base + "/")
    # the phase named so (the next phase's lock reason may name it too)
    pjj = phone.locator(".phase").filter(has=phone.locator(".phase-name", has_text="Pembelajaran Jarak Jauh"))
    assert pjj.locator(".badge").inner_text() == "Terbuka"
    screenshot(phone, "home-unlocked-phone")
