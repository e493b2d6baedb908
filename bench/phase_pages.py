"""The pages of the phases after the MOOC that `make bench` measures (bench/pages.py lists them with the rest):
PJJ's sessions, attendance and tasks, and the aktualisasi plan."""

from __future__ import annotations

from log_pages import LOG_PAGES
from page_types import Page
from plan_writes import PLAN_EDITOR, reset_plan_sections, saved_sections, write_plan

# --- Aktualisasi plan (#17): each bench participant writes a whole plan once (bench/plan_writes.py), then the
# editor is read and two sections are saved, each (session, section) once per run: real writes.
PLAN_PAGES = [
    Page("plan_editor", PLAN_EDITOR, user="participant", prepare=write_plan, note="a whole plan, every section a form"),
    Page(
        "plan_section_save",
        PLAN_EDITOR + "/bagian/{plan_section}",
        user="participant",
        method="POST",
        body=lambda session, params: {
            "csrf_token": session.csrf_token,
            "revision": "1",
            "causes": "Pendaftaran manual",
            "title": "Antrean daring",
            "description": "Nomor antrean lewat WhatsApp.",
        },
        expect=302,
        weight=False,
        once=True,
        prepare=write_plan,
        before_run=reset_plan_sections,
        measured_path=saved_sections,
        note="save one section (revision checked), once per session and section",
    ),
    # A coach's queue is the same query on enrolments.coach_id; the bench data has mentors with mentees.
    Page("plan_queue", "/aktualisasi/antrean", user="mentor", note="a mentor's plans waiting and all their mentees'"),
]

LATER_PHASE_PAGES: list[Page] = [
    # Attendance (#16): an angkatan's schedule and its recap grid (participants x sessions, flags computed).
    Page("pjj_sessions", "/pjj/angkatan/{pjj_angkatan}/sesi", user="coordinator", note="44 sessions"),
    Page(
        "attendance_recap",
        "/presensi/angkatan/{pjj_angkatan}",
        user="coordinator",
        note="40 participants x 44 sessions",
    ),
    Page("pjj_schedule", "/pjj/jadwal", user="participant", note="a participant's schedule page"),
    # Tasks (penugasan): the participant's list and task page, a text submission (a new version each time),
    # the grader's queue and grading page, the coordinator's task list of an angkatan.
    Page("tasks_mine", "/tugas/", user="task_participant", note="a participant's tasks with their status"),
    Page("task_page", "/tugas/{task_id}", user="task_participant", note="a task with rubric and submissions"),
    Page(
        "task_submit_text",
        "/tugas/{text_task_id}/kirim",
        user="task_participant",
        method="POST",
        body=lambda session, params: {"csrf_token": session.csrf_token, "text": "Refleksi singkat minggu ini."},
        expect=302,
        weight=False,
        note="a text answer: a new submission version each request",
    ),
    Page("tasks_queue", "/tugas/penilaian", user="task_grader", note="the grader's queue, oldest first"),
    Page("task_grade_page", "/tugas/kiriman/{submission_id}/nilai", user="task_grader", note="rubric radios"),
    Page("tasks_angkatan", "/tugas/angkatan/{task_angkatan}", user="coordinator", note="an angkatan's tasks"),
    *PLAN_PAGES,
    *LOG_PAGES,
]
