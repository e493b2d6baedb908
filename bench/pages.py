"""What `make bench` measures: the pages, the kinds of user that request them, and path parameters.

Add a page by appending a `Page` to PAGES (see bench/README.md). A page is requested under load by
every logged-in session of its `user` kind in turn; a path template's `{name}` parts are filled from
PARAMS, per session, so each session only asks for things in its own scope. A parameter value may be a
dict, used in the path as `{name[key]}` (several parts that belong together, e.g. an attempt and its slug).

Objects handed to the callables:
- `session`: one logged-in user: `.kind`, `.identifier`, `.user_id`, `.csrf_token`, `.cookies` (dict),
  `.data` (dict: what `prepare` left, e.g. the session's open attempts).
- `db`: helper on the benchmark database: `db.column(sql, **params)` gives the first column of every row,
  `db.rows(sql, **params)` the rows, `db.execute(sql, **params)` writes (list parameters expand for IN).
- `http`: `http.post(session, path, fields)` sends a form with the session's cookie and gives the response
  (`.status`, `.header(name)`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from certificate_pages import CERTIFICATE_PAGES, CERTIFICATE_PARAMS, CERTIFICATE_USER_KINDS
from kelulusan_pages import KELULUSAN_PAGES, KELULUSAN_PARAMS, KELULUSAN_USER_KINDS
from klasikal_pages import KLASIKAL_PAGES, KLASIKAL_PARAMS, KLASIKAL_USER_KINDS
from log_pages import LOG_PARAMS, LOG_USER_KINDS
from page_types import ANONYMOUS, Page, UserKind  # noqa: F401  (the harness reads them from here)
from phase_pages import LATER_PHASE_PAGES
from plan_writes import PLAN_SECTIONS
from recap_pages import RECAP_PAGES
from report_pages import REPORT_PAGES, REPORT_PARAMS, REPORT_USER_KINDS
from seminar_pages import SEMINAR_PAGES
from sikap_pages import SIKAP_PAGES, SIKAP_PARAMS, SIKAP_USER_KINDS

QUIZZES = ("evaluasi-agenda-1", "evaluasi-agenda-2", "evaluasi-agenda-3")  # the curriculum's, with banks


USER_KINDS: dict[str, UserKind] = {
    # Participants of an angkatan whose MOOC is open today, who have not taken any evaluation yet (so they
    # can start one). 17 x 3 attempts: each of the 50 connections of the quiz pages has an attempt of its own.
    "participant": UserKind(
        "SELECT u.id, u.nip FROM users u JOIN enrolments e ON e.user_id = u.id "
        "JOIN phase_schedules ps ON ps.angkatan_id = e.angkatan_id "
        "JOIN phases p ON p.id = ps.phase_id AND p.code = 'mooc' "
        "WHERE u.role = 'participant' AND u.active AND ps.opens_on <= CURRENT_DATE AND ps.closes_on > CURRENT_DATE "
        "AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = u.id) ORDER BY u.id",
        count=34,
        quick_count=17,
    ),
    "coordinator": UserKind(
        "SELECT id, nip FROM users WHERE role = 'coordinator' AND active ORDER BY id",
        count=8,
        quick_count=4,
    ),
    "admin": UserKind("SELECT id, nip FROM users WHERE role = 'admin' AND active ORDER BY id", count=2, quick_count=1),
    # The demo's: an instansi viewer per instansi, and ten mentors with their mentees.
    "instansi_viewer": UserKind(
        "SELECT id, nip FROM users WHERE role = 'instansi_viewer' AND active ORDER BY id", count=3, quick_count=2
    ),
    "mentor": UserKind(
        "SELECT id, nip FROM users WHERE role = 'mentor' AND active ORDER BY id", count=8, quick_count=4
    ),
    # Tasks (the demo's, lms/tasks/demo.py): participants of an angkatan with tasks, and their graders.
    "task_participant": UserKind(
        "SELECT u.id, u.nip FROM users u JOIN enrolments e ON e.user_id = u.id "
        "WHERE u.role = 'participant' AND u.active "
        "AND EXISTS (SELECT 1 FROM tasks t WHERE t.angkatan_id = e.angkatan_id) "
        "ORDER BY u.id",
        count=16,
        quick_count=8,
    ),
    # Seminars (the demo's, lms/seminar/demo.py): the penguji of a seminar.
    "penguji": UserKind(
        "SELECT DISTINCT u.id, u.nip FROM users u JOIN seminars s ON s.examiner_id = u.id WHERE u.active ORDER BY u.id",
        count=1,
        quick_count=1,
    ),
    "task_grader": UserKind(
        "SELECT DISTINCT u.id, u.nip FROM users u JOIN tasks t ON t.grader_id = u.id WHERE u.active ORDER BY u.id",
        count=1,
        quick_count=1,
    ),
    **LOG_USER_KINDS,
    **REPORT_USER_KINDS,
    **KLASIKAL_USER_KINDS,
    **SIKAP_USER_KINDS,
    **KELULUSAN_USER_KINDS,
    **CERTIFICATE_USER_KINDS,
}


# --- quiz pages: attempts started through the app, answers saved, attempts submitted -------------------


def start_attempts(http, session) -> None:
    """The session starts one attempt of each agenda evaluation, as a participant does (POST .../mulai)."""
    for slug in QUIZZES:
        resp = http.post(session, f"/evaluasi/{slug}/mulai", {"csrf_token": session.csrf_token})
        found = re.search(r"/percobaan/(\d+)/", resp.header("Location") or "")
        if resp.status in (302, 303) and found:
            session.data.setdefault("attempts", {})[slug] = int(found.group(1))


def _attempt_ids(sessions) -> list[int]:
    return [a for s in sessions for a in s.data.get("attempts", {}).values()]


def reopen_attempts(db, sessions, clear_answers: bool) -> None:
    """Put the bench's attempts back in progress (and, for the save page, unanswered), so every request
    of the next run does the real work once more. No deadline: a long run must not hit the time limit."""
    ids = _attempt_ids(sessions)
    if not ids:
        return
    db.execute(
        "UPDATE attempts SET status = 'in_progress', score = NULL, passed = NULL, threshold_used = NULL, "
        "graded_at = NULL, graded_by = NULL, deadline_at = NULL WHERE id IN :ids",
        ids=ids,
    )
    if clear_answers:
        db.execute(
            "UPDATE attempt_questions SET selected = '[]', answer_rev = 0, answered_at = NULL, credit = NULL "
            "WHERE attempt_id IN :ids",
            ids=ids,
        )


def saved_answers(db, sessions) -> int:
    return db.column(
        "SELECT count(*) FROM attempt_questions WHERE answered_at IS NOT NULL AND attempt_id IN :ids",
        ids=_attempt_ids(sessions),
    )[0]


def graded_attempts(db, sessions) -> int:
    return db.column(
        "SELECT count(*) FROM attempts WHERE status = 'graded' AND id IN :ids", ids=_attempt_ids(sessions)
    )[0]


def _answers(db, s) -> list[dict]:
    """Every question of the session's attempts; wrk goes through them, first question of each attempt first."""
    out = []
    for slug, attempt in s.data.get("attempts", {}).items():
        for n in db.column("SELECT position FROM attempt_questions WHERE attempt_id = :a ORDER BY position", a=attempt):
            out.append({"slug": slug, "attempt": attempt, "n": n})
    return sorted(out, key=lambda q: q["n"])


PARAMS: dict[str, Callable[[object, object], list]] = {
    # Angkatan of the coordinator's lembaga with a PJJ schedule (the demo's Angkatan 71: 40 x 44 sessions).
    "pjj_angkatan": lambda db, s: db.column(
        "SELECT DISTINCT a.id FROM angkatan a JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id "
        "JOIN training_sessions ts ON ts.angkatan_id = a.id JOIN phases p ON p.id = ts.phase_id AND p.code = 'pjj' "
        "WHERE ci.user_id = :user_id ORDER BY a.id",
        user_id=s.user_id,
    ),
    "plan_section": lambda db, s: list(PLAN_SECTIONS),
    **REPORT_PARAMS,
    **LOG_PARAMS,
    **KLASIKAL_PARAMS,
    **SIKAP_PARAMS,
    **KELULUSAN_PARAMS,
    **CERTIFICATE_PARAMS,
    "angkatan_id": lambda db, s: db.column(
        "SELECT a.id FROM angkatan a JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id "
        "WHERE ci.user_id = :user_id ORDER BY a.id",
        user_id=s.user_id,
    ),
    # Angkatan by size, of those 7 days or more into their schedule (they have scores).
    "angkatan40": lambda db, s: db.column(
        "SELECT a.id FROM angkatan a JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id "
        "JOIN phase_schedules ps ON ps.angkatan_id = a.id JOIN phases p ON p.id = ps.phase_id AND p.code = 'mooc' "
        "WHERE ci.user_id = :user_id AND ps.opens_on <= :week_ago "
        "AND (SELECT count(*) FROM enrolments e WHERE e.angkatan_id = a.id) BETWEEN 30 AND 40 ORDER BY a.id",
        user_id=s.user_id,
        week_ago=str(date.today() - timedelta(days=7)),
    ),
    "angkatan400": lambda db, s: db.column(
        "SELECT a.id FROM angkatan a JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id "
        "WHERE ci.user_id = :user_id AND (SELECT count(*) FROM enrolments e WHERE e.angkatan_id = a.id) >= 300 "
        "ORDER BY a.id",
        user_id=s.user_id,
    ),
    # Participants of the coordinator's lembaga, for their record page.
    "participant_id": lambda db, s: db.column(
        "SELECT e.user_id FROM enrolments e JOIN angkatan a ON a.id = e.angkatan_id "
        "JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id WHERE ci.user_id = :user_id "
        "ORDER BY e.user_id LIMIT 200",
        user_id=s.user_id,
    ),
    # Graded attempts with their questions (the generator writes them for 40 participants), of participants of
    # the coordinator's lembaga: each one's page from the record.
    "record_attempt": lambda db, s: [
        {"participant": p, "attempt": a}
        for p, a in db.rows(
            "SELECT t.user_id, t.id FROM attempts t JOIN enrolments e ON e.user_id = t.user_id "
            "JOIN angkatan a ON a.id = e.angkatan_id JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id "
            "WHERE ci.user_id = :user_id AND EXISTS (SELECT 1 FROM attempt_questions q WHERE q.attempt_id = t.id) "
            "ORDER BY t.id LIMIT 200",
            user_id=s.user_id,
        )
    ],
    "lesson": lambda db, s: [
        {"module": m, "lesson": lesson}
        for m, lesson in db.rows(
            "SELECT m.slug, l.slug FROM modules m JOIN module_revisions r ON r.id = m.current_revision_id "
            "JOIN lessons l ON l.revision_id = r.id JOIN phases p ON p.id = m.phase_id AND p.code = 'mooc' "
            "ORDER BY m.agenda, m.position, l.position"
        )
    ],
    "answer": _answers,
    # Tasks: those open to the participant's angkatan; the text-only one still open (each POST is a new version).
    "task_id": lambda db, s: db.column(
        "SELECT t.id FROM tasks t JOIN enrolments e ON e.angkatan_id = t.angkatan_id "
        "WHERE e.user_id = :user_id AND t.opens_at <= CURRENT_TIMESTAMP ORDER BY t.id",
        user_id=s.user_id,
    ),
    "text_task_id": lambda db, s: db.column(
        "SELECT t.id FROM tasks t JOIN enrolments e ON e.angkatan_id = t.angkatan_id "
        "WHERE e.user_id = :user_id AND t.text_allowed AND NOT t.per_group AND t.opens_at <= CURRENT_TIMESTAMP "
        "AND t.due_at > CURRENT_TIMESTAMP ORDER BY t.id",
        user_id=s.user_id,
    ),
    "submission_id": lambda db, s: db.column(
        "SELECT ts.id FROM task_submissions ts JOIN tasks t ON t.id = ts.task_id WHERE t.grader_id = :user_id "
        "ORDER BY ts.id LIMIT 100",
        user_id=s.user_id,
    ),
    "task_angkatan": lambda db, s: db.column(
        "SELECT DISTINCT t.angkatan_id FROM tasks t JOIN angkatan a ON a.id = t.angkatan_id "
        "JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id WHERE ci.user_id = :user_id",
        user_id=s.user_id,
    ),
    # Seminars of the coordinator's lembaga, and the penguji's own with their participants.
    "seminar_angkatan": lambda db, s: db.column(
        "SELECT DISTINCT sm.angkatan_id FROM seminars sm JOIN angkatan a ON a.id = sm.angkatan_id "
        "JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id WHERE ci.user_id = :user_id",
        user_id=s.user_id,
    ),
    "seminar_id": lambda db, s: db.column(
        "SELECT sm.id FROM seminars sm JOIN angkatan a ON a.id = sm.angkatan_id "
        "JOIN coordinator_lembaga ci ON ci.lembaga_id = a.lembaga_id WHERE ci.user_id = :user_id ORDER BY sm.id",
        user_id=s.user_id,
    ),
    "penguji_seminar": lambda db, s: db.column(
        "SELECT id FROM seminars WHERE examiner_id = :user_id ORDER BY id", user_id=s.user_id
    ),
    "seminar_place": lambda db, s: [
        {"seminar": sm, "enrolment": e}
        for sm, e in db.rows(
            "SELECT p.seminar_id, p.enrolment_id FROM seminar_places p JOIN seminars sm ON sm.id = p.seminar_id "
            "WHERE sm.examiner_id = :user_id ORDER BY p.seminar_id, p.position",
            user_id=s.user_id,
        )
    ],
    "attempt": lambda db, s: [{"slug": k, "attempt": v} for k, v in s.data.get("attempts", {}).items()],
}


def _form(session, params) -> dict:
    return {"csrf_token": session.csrf_token}


def _answer(session, params) -> dict:
    """The first answer of a question (rev 0), as quiz.js saves it."""
    return {"csrf_token": session.csrf_token, "rev": "0", "jawaban": "1", "aksi": "simpan"}


LESSON = "/belajar/modul/{lesson[module]}/{lesson[lesson]}"
ANSWER = "/evaluasi/{answer[slug]}/percobaan/{answer[attempt]}/soal/{answer[n]}"
SUBMIT = "/evaluasi/{attempt[slug]}/percobaan/{attempt[attempt]}/kirim"

# Each (attempt, question) is first saved with rev 0: a real write, under the attempt's row lock (SQLite: the
# database write lock). A request that comes round to the same question again in a run sends the same choice,
# which the server takes as an idempotent re-save (200, no write). Answers are cleared before each run, and
# `measured_path_share` is the share of requests that were writes.
QUIZ_SAVE = Page(
    "quiz_save",
    ANSWER,
    user="participant",
    method="POST",
    headers={"Accept": "application/json"},
    body=_answer,
    weight=False,
    connections=50,
    max_lines=4000,
    prepare=start_attempts,
    before_run=lambda db, sessions: reopen_attempts(db, sessions, clear_answers=True),
    measured_path=saved_answers,
    note="save one answer (JSON), 50 connections",
)

# Submits an attempt: grading, results and phase completion. The attempts are put back in progress before
# each run and each is submitted once (`once`: the run ends when all are, often before --duration); a
# request that still arrives after that is the "already graded" path (a redirect to the result).
QUIZ_SUBMIT = Page(
    "quiz_submit",
    SUBMIT,
    user="participant",
    method="POST",
    body=_form,
    expect=302,
    weight=False,
    connections=50,
    once=True,
    prepare=start_attempts,
    before_run=lambda db, sessions: reopen_attempts(db, sessions, clear_answers=False),
    measured_path=graded_attempts,
    note="grade an attempt, 50 connections",
)

PAGES: list[Page] = [
    Page("login_page", "/masuk"),
    Page("home_participant", "/", user="participant"),
    Page("home_coordinator", "/", user="coordinator"),
    Page("angkatan_list", "/orang/angkatan", user="coordinator"),
    Page("angkatan_detail", "/orang/angkatan/{angkatan_id}", user="coordinator", note="40 participants"),
    Page("lesson", LESSON, user="participant", note="a MOOC lesson", scales=("default", "national100k")),
    Page(
        "lesson_revisit",
        LESSON,
        user="participant",
        expect=304,
        weight=False,
        revisit=True,
        max_lines=128,
        note="the same with If-None-Match: 304",
    ),
    # Saves an answer the way quiz.js does (JSON), to the attempts each session started (QUIZ_SAVE above).
    QUIZ_SAVE,
    # The same 50 participants as people work: each saves an answer about once a second (0.5 to 1.5 s after
    # the last was saved; a real participant reads a question for 20 s or more). The p95 a participant sees.
    replace(
        QUIZ_SAVE,
        name="quiz_save_paced",
        think_ms=1000,
        note="save one answer (JSON), 50 participants, one answer a second each",
    ),
    # Submits the attempts the sessions started, all 50 connections at once (QUIZ_SUBMIT above).
    QUIZ_SUBMIT,
    # The same submissions as a class hands them in when told "kumpulkan sekarang": 50 participants, each
    # submitting once at a moment spread over 10 s. The p95 one of them waits.
    replace(
        QUIZ_SUBMIT,
        name="quiz_submit_paced",
        think_ms=10_000,
        note="grade an attempt, 50 participants within 10 s",
    ),
    Page("dashboard_angkatan", "/dasbor/angkatan/{angkatan40}", user="coordinator", note="40 participants"),
    Page("dashboard_angkatan_400", "/dasbor/angkatan/{angkatan400}", user="coordinator", note="400 participants"),
    Page("dashboard_overview", "/dasbor", user="coordinator", note="every angkatan of the coordinator's 3 lembaga"),
    # At scale, the overview's response time: requests one at a time (issue 7: 300 ms, and 1 s for the admin).
    Page(
        "dashboard_overview_10k",
        "/dasbor",
        user="coordinator",
        scales=("instansi10k",),
        load=False,
        note="an instansi of 10,000 participants, one request at a time",
    ),
    Page(
        "dashboard_overview_admin",
        "/dasbor",
        user="admin",
        scales=("national100k",),
        databases=("postgresql",),
        load=False,
        note="100,000 participants as admin, one request at a time",
    ),
    Page("participant_record", "/orang/peserta/{participant_id}", user="coordinator", note="with every section"),
    Page(
        "record_attempt",
        "/orang/peserta/{record_attempt[participant]}/percobaan/{record_attempt[attempt]}",
        user="coordinator",
        note="one attempt's questions and answers, linked from the record",
    ),
    Page("outbox_page", "/pesan-keluar/", user="coordinator", note="messages waiting to be handed over"),
    Page("home_mentor", "/", user="mentor"),
    Page("mentees", "/orang/bimbingan", user="mentor", note="a mentor's participants"),
    Page("home_instansi_viewer", "/", user="instansi_viewer"),
    Page("employees", "/dasbor/pegawai", user="instansi_viewer", note="an instansi's employees in every angkatan"),
    Page("healthz", "/healthz", weight=False),
    *LATER_PHASE_PAGES,
    *SEMINAR_PAGES,
    *REPORT_PAGES,
    *KLASIKAL_PAGES,
    *SIKAP_PAGES,
    *KELULUSAN_PAGES,
    *RECAP_PAGES,
    *CERTIFICATE_PAGES,
    # --- Discussion (a later issue) goes here: opening a thread and posting a reply, e.g.
    # Page("thread", "/diskusi/{thread_id}", user="participant") with a "thread_id" entry in PARAMS, and a
    # POST "reply" page with a `body` (and `before_run` if replies must not pile up between runs). Their data
    # (threads, posts) is a step in bench/generate.py's GENERATOR_STEPS.
]
