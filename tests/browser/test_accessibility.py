"""axe-core over the main pages of every role, on a phone (360x740) and a laptop (1280x800).

Fails on any serious or critical violation (WCAG 2.2 AA rules and axe's best practices, target
size included), on a page wider than the screen, and on numbers written in exponent notation.
axe-core comes from npm (`make axe`, pinned in the Makefile) into .cache/axe.
"""

import re
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from lms.aktualisasi.models import Plan, PlanVersion
from lms.attendance.klasikal_pass import pass_token
from lms.attendance.models import TrainingSession
from lms.auth.models import User
from lms.content.importer import import_content
from lms.content.models import Module
from lms.core.extensions import db
from lms.demo import DEMO_PASSWORD, seed_demo
from lms.habituation.models import LogEntry
from lms.people.models import Angkatan, Enrolment
from lms.phases.models import install_default_phases
from lms.quiz import attempts
from lms.quiz.models import Attempt, AttemptQuestion, Question, Quiz
from lms.report.models import AktualisasiReport
from lms.seminar.models import Seminar, SeminarScore
from lms.sikap.models import SikapScore
from lms.tasks.models import Task
from tests.factories import read_all_lessons
from tests.helpers.browser import DESKTOP, PHONE, axe_source, screenshot

pytestmark = pytest.mark.browser
CONTENT = Path(__file__).resolve().parents[2] / "content"
BLOCKING = ("serious", "critical")
# Every rule axe has for WCAG 2.0-2.2 A/AA and its best practices; target-size (2.5.8) is off by default.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"],
    },
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
EXPONENT = re.compile(r"\d[eE][+-]\d")
# A link or button alone in a table cell (not inside a sentence) that is smaller than 24x24 px (WCAG 2.2
# 2.5.8); axe lets a small target pass when its neighbours are far enough, the team's rule does not.
SMALL_TARGETS = """() => [...document.querySelectorAll('th a, td > a, td button')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
  .filter(([, r]) => r.width < 24 || r.height < 24)
  .map(([text, r]) => `${text} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
# Tables (and code blocks) that scroll sideways must do it in a region a keyboard can focus.
UNWRAPPED_TABLES = """() => [...document.querySelectorAll('main table')]
  .filter(t => !t.closest('.table-wrap[tabindex="0"][role="region"][aria-label]'))
  .map(t => t.outerHTML.slice(0, 60))"""


def _answer_and_grade(quiz: Quiz, user_id: int) -> int:
    attempt = attempts.start_attempt(quiz, user_id)
    db.session.flush()
    for item in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)):
        item.selected = item.option_order[:1]
        item.answered_at = attempt.started_at
    attempts.grade_attempt(attempt.id)
    return attempt.id


def _pjj_pages(logins: dict) -> dict[str, list[tuple[str, str]]]:
    """The PJJ week's pages: Angkatan 71's NDH 1 has submitted evaluasi-pjj (its essay waits for the
    instructor), NDH 2 is in the middle of it (a matching and an essay question page)."""
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "evaluasi-pjj"))
    first = db.session.scalar(select(User).where(User.nip == logins["participant (PJJ)"]))
    second = db.session.scalar(
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.angkatan_id == first.enrolment.angkatan_id, Enrolment.ndh == 2)
    )
    positions = {}
    for user in (first, second):
        read_all_lessons(user.id, "pjj")
        attempt = attempts.start_attempt(quiz, user.id)
        db.session.flush()
        positions[user.id] = {item.question.kind: item for item in attempt.questions}
    essay = positions[first.id]["essay"]
    attempts.save_answer(
        quiz.slug, essay.attempt_id, first.id, essay.position, ["Nilai Akuntabel dipertaruhkan."], str(essay.answer_rev)
    )
    attempts.grade_locked(attempts.lock_attempt(essay.attempt_id, first.id, quiz.slug), by="submit")
    logins["participant (PJJ 2)"] = second.nip
    task = db.session.scalar(select(Task.id).where(Task.angkatan_id == first.enrolment.angkatan_id).order_by(Task.id))
    question = f"/evaluasi/{quiz.slug}/percobaan/{positions[second.id]['essay'].attempt_id}/soal/"
    return {
        "participant (PJJ)": [
            ("pjj-home", "/"),
            ("pjj-schedule", "/pjj/jadwal"),
            ("tasks", "/tugas/"),
            ("task", f"/tugas/{task}"),
            ("pjj-pending", f"/evaluasi/{quiz.slug}/percobaan/{essay.attempt_id}/hasil"),
            ("results", "/nilai"),
        ],
        "participant (PJJ 2)": [
            ("matching", question + str(positions[second.id]["matching"].position)),
            ("essay", question + str(positions[second.id]["essay"].position)),
        ],
        "instructor": [
            ("essay-queue", f"/penilaian-esai?evaluasi={quiz.slug}"),
            ("essay-grading", f"/penilaian-esai/{essay.id}"),
            ("task-queue", "/tugas/penilaian"),
        ],
    }


def _pages(logins: dict) -> dict[str, list[tuple[str, str]]]:
    """role -> [(name, path)]: the pages each role lives on."""
    participant = db.session.scalar(select(User).where(User.nip == logins["participant"]))
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "evaluasi-agenda-1"))
    attempt_id = _answer_and_grade(quiz, participant.id)
    module = db.session.scalar(select(Module).where(Module.current_revision_id.is_not(None)).order_by(Module.id))
    lesson = module.current_revision.lessons[0]
    angkatan = db.session.get(Angkatan, participant.enrolment.angkatan_id)
    someone = db.session.scalar(
        select(Attempt.user_id)
        .join(Enrolment, Enrolment.user_id == Attempt.user_id)
        .where(Enrolment.angkatan_id == angkatan.id, Attempt.user_id != participant.id)
        .group_by(Attempt.user_id)
        .order_by(func.count().desc())
    )
    # Real banks quote web addresses: a long unbreakable option must not widen the participant's result
    # page or the instructor's statistics, so one goes into a question of this very attempt.
    question = db.session.scalar(
        select(Question)
        .join(AttemptQuestion, AttemptQuestion.question_id == Question.id)
        .where(AttemptQuestion.attempt_id == attempt_id)
        .order_by(AttemptQuestion.position)
    )
    question.options[
        0
    ].text_html = "https://jdih.lan.go.id/peraturan/peraturan-lembaga-administrasi-negara-nomor-1-tahun-2021"
    answered_module = db.session.scalar(select(Module.slug).where(Module.id == question.module_id))
    plans = _plan_pages(logins)
    return {
        "participant": [
            ("home", "/"),
            ("lesson", f"/belajar/modul/{module.slug}/{lesson.slug}"),
            ("evaluation", f"/evaluasi/{quiz.slug}"),
            ("result", f"/evaluasi/{quiz.slug}/percobaan/{attempt_id}/hasil"),
            ("plan-editor", "/aktualisasi/rancangan"),
            ("report-start", "/aktualisasi/laporan"),
        ],
        "instructor": [
            ("home", "/"),
            ("authoring", "/kelola/"),
            ("stats", f"/kelola/modul/{answered_module}/soal/statistik"),
            *plans["instructor"],
        ],
        "coordinator": [
            ("home", "/"),
            ("overview", "/dasbor"),
            ("matrix", f"/dasbor/angkatan/{angkatan.id}"),
            ("record", f"/orang/peserta/{someone}"),
            ("outbox", "/pesan-keluar/"),
            *plans["coordinator"],
        ],
        "admin": [("home", "/"), ("users", "/admin/pengguna")],
        "mentor": [("home", "/"), *plans["mentor"]],
        "instansi_viewer": [("home", "/")],
    }


def _user(login: str) -> User:
    return db.session.scalar(select(User).where((User.nip == login) | (User.email == login)))


def _plan_pages(logins: dict) -> dict[str, list[tuple[str, str]]]:
    """The demo's plans (lms/aktualisasi/demo.py) as their coach, mentor and coordinator see them."""
    coach, mentor = _user(logins["instructor"]), _user(logins["mentor"])

    def plan_of(state: str, relation) -> int:
        return db.session.scalar(
            select(Plan.user_id)
            .join(Enrolment, Enrolment.user_id == Plan.user_id)
            .where(Plan.state == state, relation)
            .order_by(Plan.id)
        )

    submitted = plan_of("submitted", Enrolment.coach_id == coach.id)
    waiting = plan_of("accepted_by_coach", Enrolment.mentor_id == mentor.id)
    approved = plan_of("approved_by_mentor", Enrolment.coach_id == coach.id)
    plan_id = db.session.scalar(select(Plan.id).where(Plan.user_id == approved))
    numbers = db.session.scalars(select(PlanVersion.number).where(PlanVersion.plan_id == plan_id)).all()
    assert None not in (submitted, waiting, approved) and len(numbers) >= 2, "the demo's plans changed"
    # The demo's reports (lms/report/demo.py): one with the coach, one in progress.
    report_of = {
        state: db.session.scalar(select(AktualisasiReport.user_id).where(AktualisasiReport.state == state))
        for state in ("submitted", "draft")
    }
    assert None not in report_of.values(), "the demo's reports changed"
    return {
        "instructor": [
            ("plan-queue", "/aktualisasi/antrean"),
            ("plan-review", f"/aktualisasi/peserta/{submitted}"),
            ("plan-versions", f"/aktualisasi/peserta/{approved}/versi"),
            ("plan-version", f"/aktualisasi/peserta/{approved}/versi/{numbers[0]}"),
            ("plan-compare", f"/aktualisasi/peserta/{approved}/banding?dari={numbers[0]}&ke={numbers[-1]}"),
            ("report-review", f"/aktualisasi/laporan/{report_of['submitted']}"),
        ],
        "mentor": [("plan-queue", "/aktualisasi/antrean"), ("plan-approval", f"/aktualisasi/peserta/{waiting}")],
        "coordinator": [
            ("plan", f"/aktualisasi/peserta/{approved}"),
            ("report", f"/aktualisasi/laporan/{report_of['draft']}"),
        ],
    }


def _seminar_pages(logins: dict) -> dict[str, list[tuple[str, str]]]:
    """The demo's seminar rancangan (lms/seminar/demo.py) as its coordinator and its penguji see them."""
    # The first seminar rancangan (Angkatan 68's, all scored, comes later in the demo).
    seminar = db.session.scalars(select(Seminar).where(Seminar.kind == "rancangan").order_by(Seminar.id)).first()
    scored = {
        s.place_id for s in db.session.scalars(select(SeminarScore).where(SeminarScore.submitted_at.is_not(None)))
    }
    done = next(p.enrolment_id for p in seminar.places if p.id in scored)
    waiting = next(p.enrolment_id for p in seminar.places if p.id not in scored)
    return {
        "coordinator": [
            ("seminars", f"/seminar/angkatan/{seminar.angkatan_id}"),
            ("seminar-new", f"/seminar/angkatan/{seminar.angkatan_id}/baru"),
            ("seminar-sheet", f"/seminar/{seminar.id}"),
        ],
        "penguji (seminar)": [
            ("home", "/"),
            ("seminar-mine", "/seminar/saya"),
            ("seminar-participants", f"/seminar/{seminar.id}/penilaian"),
            ("seminar-score", f"/seminar/{seminar.id}/penilaian/{waiting}"),
            ("seminar-score-locked", f"/seminar/{seminar.id}/penilaian/{done}"),
        ],
    }


def _klasikal_pages(logins: dict) -> dict[str, list[tuple[str, str]]]:
    """Angkatan 69 on campus (lms/attendance/klasikal_demo.py): the committee's home, a session's list with
    its attendance taken, and the page the participant's QR opens; the participant's QR; the klasikal days."""
    participant = _user(logins["participant (klasikal)"])
    angkatan_id = participant.enrolment.angkatan_id
    first = db.session.scalar(
        select(TrainingSession.id).where(TrainingSession.angkatan_id == angkatan_id).order_by(TrainingSession.starts_at)
    )
    scan = f"/klasikal/pindai/{pass_token(participant.id, current_app.secret_key)}"
    return {
        "committee": [("home", "/"), ("klasikal-list", f"/klasikal/sesi/{first}/presensi"), ("klasikal-scan", scan)],
        "participant (klasikal)": [("klasikal-qr", "/klasikal")],
        "coordinator": [("klasikal-days", f"/klasikal/angkatan/{angkatan_id}")],
    }


def _log_pages(logins: dict) -> dict[str, list[tuple[str, str]]]:
    """The demo's habituation log (lms/habituation/demo.py) as its participant, coach and mentor see it."""
    participant = _user(logins["participant (habituasi)"])
    entries = {
        state: entry_id
        for entry_id, state in db.session.execute(
            select(LogEntry.id, LogEntry.state).where(LogEntry.user_id == participant.id).order_by(LogEntry.id)
        )
    }
    activity_id = db.session.scalar(select(LogEntry.activity_id).where(LogEntry.user_id == participant.id))
    assert {"confirmed", "questioned", "waiting"} <= set(entries), "the demo's log changed"
    return {
        "participant (habituasi)": [
            ("log", "/habituasi/"),
            ("log-new-entry", "/habituasi/entri/baru"),
            ("log-entry-questioned", f"/habituasi/entri/{entries['questioned']}"),
            ("log-change", f"/habituasi/perubahan/{activity_id}"),
        ],
        "instructor": [("log-entry-coach", f"/habituasi/entri/{entries['waiting']}")],
        "mentor": [
            ("log-entry-confirm", f"/habituasi/entri/{entries['waiting']}"),
            ("log-of-mentee", f"/habituasi/peserta/{participant.id}"),
        ],
    }


def _sikap_pages(logins: dict) -> dict[str, list[tuple[str, str]]]:
    """The demo's attitude scores (lms/sikap/demo.py, Angkatan 70) as the widyaiswara and coach, the mentor and the
    coordinator see them: the index, the angkatan's list, a sent sheet, a draft and an empty one, form 3G."""
    angkatan_id = _user(logins["participant (habituasi)"]).enrolment.angkatan_id
    sent = {
        (s.instrument, s.role): s.user_id
        for s in db.session.scalars(select(SikapScore).where(SikapScore.submitted_at.is_not(None)))
    }
    drafts = {
        (s.instrument, s.role): s.user_id
        for s in db.session.scalars(select(SikapScore).where(SikapScore.submitted_at.is_(None)))
    }
    scored = select(SikapScore.user_id).where(SikapScore.instrument == "3C")
    empty = db.session.scalar(
        select(Enrolment.user_id)
        .where(Enrolment.angkatan_id == angkatan_id, Enrolment.user_id.not_in(scored))
        .order_by(Enrolment.ndh)
    )
    assert ("3C", "coach") in sent and ("3D", "mentor") in drafts and empty, "the demo's sikap scores changed"
    return {
        "instructor": [
            ("sikap-index", "/sikap/"),
            ("sikap-list", f"/sikap/penilaian/{angkatan_id}"),
            ("sikap-sheet-sent", f"/sikap/peserta/{sent[('3C', 'coach')]}/3C"),
            ("sikap-sheet-empty", f"/sikap/peserta/{empty}/3C"),
        ],
        "mentor": [("sikap-sheet-draft", f"/sikap/peserta/{drafts[('3D', 'mentor')]}/3D")],
        "coordinator": [("sikap-3g", f"/sikap/angkatan/{angkatan_id}")],
    }


def _describe(violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        if v["impact"] not in BLOCKING:
            continue
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"      {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 5:
            lines.append(f"      ... and {len(v['nodes']) - 5} more")
    return lines


def test_main_pages_of_every_role_pass_axe_at_both_sizes(live_app, browser):
    source = axe_source()
    with live_app.app_context():
        install_default_phases()
        assert import_content(CONTENT).problems == []
        logins = seed_demo()
        db.session.commit()
        pages = _pages(logins)
        for role, role_pages in _pjj_pages(logins).items():
            pages.setdefault(role, []).extend(role_pages)
        for role, role_pages in _seminar_pages(logins).items():
            pages.setdefault(role, []).extend(role_pages)
        for role, role_pages in _log_pages(logins).items():
            pages.setdefault(role, []).extend(role_pages)
        for role, role_pages in _klasikal_pages(logins).items():
            pages.setdefault(role, []).extend(role_pages)
        for role, role_pages in _sikap_pages(logins).items():
            pages.setdefault(role, []).extend(role_pages)
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    problems: list[str] = []
    for size_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for role, role_pages in pages.items():
            context = browser.new_context(viewport=viewport, locale="id-ID", is_mobile=size_name == "phone")
            page = context.new_page()
            page.goto(base + "/masuk")
            page.get_by_label("NIP atau email").fill(logins[role])
            page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(base + "/")
            for name, path in role_pages:
                response = page.goto(base + path)
                where = f"{role} {name} ({path}) at {viewport['width']}x{viewport['height']}"
                assert response.status == 200, f"{where}: HTTP {response.status}"
                page.wait_for_function("document.readyState === 'complete'")
                screenshot(page, f"axe-{role}-{name}-{size_name}")
                # Evaluated through the DevTools protocol, which the page's CSP does not govern: the page
                # is checked with its real policy in force.
                if not page.evaluate("typeof window.axe !== 'undefined'"):
                    page.evaluate(source)
                result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
                found = _describe(result["violations"])
                if found:
                    problems.append(f"{where}:\n" + "\n".join(found))
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    problems.append(f"{where}: the page is {overflow}px wider than the screen")
                small = page.evaluate(SMALL_TARGETS)
                if small:
                    problems.append(f"{where}: targets under 24x24 px: {small[:5]}")
                unwrapped = page.evaluate(UNWRAPPED_TABLES)
                if unwrapped:
                    problems.append(f"{where}: tables outside a focusable scroll region: {unwrapped[:3]}")
                text = page.inner_text("main")
                if EXPONENT.search(text):
                    problems.append(f"{where}: a number in exponent notation: {EXPONENT.search(text).group(0)!r}")
            context.close()
    assert not problems, f"{len(problems)} page(s) with problems:\n" + "\n".join(problems)
