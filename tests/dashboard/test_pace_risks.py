"""The at-risk rule's PJJ reasons: sessions missed in a row, tasks not submitted, flagged check-ins."""

import pytest

from lms.dashboard.pace import ABSENT_STREAK, MISSING_TASKS, risk_messages, risks

CALM = {"jp_done": 10.0, "jp_expected": 10.0, "phase_open_days": 5, "any_activity": True, "quizzes": []}


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def test_no_reason_for_a_participant_who_keeps_up():
    assert risks(**CALM, excused=False, absent_streak=ABSENT_STREAK - 1, missing_tasks=MISSING_TASKS - 1) == []


def test_each_pjj_reason_is_found_and_worded(request_context):
    found = risks(**CALM, excused=False, absent_streak=3, missing_tasks=2, attendance_flagged=True)
    assert [kind for kind, _facts in found] == ["absent_streak", "missing_tasks", "attendance_flag"]
    assert risk_messages(found) == [
        "Tidak hadir 3 sesi berturut-turut.",
        "2 tugas belum dikumpulkan.",
        "Ditandai anomali presensi.",
    ]


def test_an_excused_participant_is_not_chased_for_absences_or_tasks_but_a_flag_still_shows():
    found = risks(**CALM, excused=True, absent_streak=5, missing_tasks=4, attendance_flagged=True)
    assert [kind for kind, _facts in found] == ["attendance_flag"]
