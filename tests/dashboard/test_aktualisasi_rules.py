"""The aktualisasi dashboard's rules without a request: one stage for every workflow state, workdays without a log
entry and waiting ages counted in workdays only, and the thresholds that make them a reason for attention."""

from datetime import date

import pytest

from lms.aktualisasi.models import PLAN_STATES
from lms.dashboard.aktualisasi_columns import Waiting
from lms.dashboard.aktualisasi_stage import (
    SEMINAR_RANCANGAN_STATES,
    STEPS,
    Stage,
    habituation_state,
    stage_of,
    workdays_after,
    workdays_without_entry,
)
from lms.dashboard.pace import NO_ENTRY_WORKDAYS, REVIEW_WORKDAYS, UNCONFIRMED_WORKDAYS, risk_messages, risks
from lms.report.models import REPORT_STATES

MON, TUE, FRI = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 6)
NEXT_MON = date(2026, 11, 9)


def test_every_plan_state_has_one_stage_with_its_label(app):
    with app.test_request_context():
        for state in PLAN_STATES:
            stage = stage_of(state, None, None, "during")
            if state == "approved":
                assert (stage.step, stage.state_label) == ("habituasi", "Masa habituasi berjalan")
            elif state in SEMINAR_RANCANGAN_STATES:
                assert stage.step == "seminar_rancangan" and stage.step_label == "Seminar rancangan"
            else:
                assert stage.step == "rancangan" and stage.step_label == "Rancangan"
            assert stage.state_label  # every state named, in Indonesian
        assert stage_of("submitted", None, None).state_label == "Diajukan ke coach"
        assert stage_of(None, None, None) == Stage("rancangan", "draft")  # no plan yet: a draft not begun


def test_the_report_and_the_seminar_aktualisasi_come_after_the_plan(app):
    with app.test_request_context():
        for state in REPORT_STATES:
            stage = stage_of("approved", state, None)
            assert stage.step == "laporan" and stage.step_label == "Laporan"
        assert stage_of("approved", "checked_by_coach", None).state_label == "Diperiksa coach, menunggu mentor"
        assert stage_of("approved", "approved_by_mentor", "scheduled").state_label == "Seminar dijadwalkan"
        assert stage_of("approved", "approved_by_mentor", "scored").step == "seminar_aktualisasi"
        assert stage_of("approved", None, None, "before").state_label == "Menunggu masa habituasi"
    stages = [stage_of(s, None, None) for s in PLAN_STATES] + [stage_of("approved", s, None) for s in REPORT_STATES]
    stages += [stage_of("approved", "approved_by_mentor", s) for s in ("scheduled", "scored")]
    assert sorted(stages, key=lambda s: s.position) == stages  # the order of the path, for sorting the column
    assert [s.step for s in stages] == sorted((s.step for s in stages), key=STEPS.index)


def test_the_habituation_period_state():
    assert habituation_state(TUE, FRI, MON) == "before"
    assert habituation_state(MON, FRI, MON) == "during"
    assert habituation_state(MON, FRI, NEXT_MON) == "after"
    assert habituation_state(None, None, MON) == "before"  # not scheduled


def test_workdays_without_an_entry_count_workdays_only_up_to_yesterday():
    opens, closes = date(2026, 10, 26), date(2026, 12, 4)  # a Monday; six weeks
    assert workdays_without_entry(None, opens, closes, opens) == 0  # the first day may still be logged
    assert workdays_without_entry(None, opens, closes, MON) == 5  # one whole week, nothing logged
    assert workdays_without_entry(FRI, opens, closes, NEXT_MON) == 0  # Friday's entry; the weekend does not count
    assert workdays_without_entry(MON, opens, closes, NEXT_MON) == 4  # Tue-Fri
    assert workdays_without_entry(MON, opens, closes, TUE) == 0
    assert workdays_without_entry(MON, opens, FRI, date(2026, 11, 20)) == 4  # never past the period's last day


def test_waiting_ages_count_workdays():
    assert workdays_after(FRI, NEXT_MON) == 1  # submitted Friday, seen Monday: one workday
    assert workdays_after(MON, MON) == 0
    assert workdays_after(MON, NEXT_MON) == 5


@pytest.mark.parametrize("n", [NO_ENTRY_WORKDAYS - 1, NO_ENTRY_WORKDAYS])
def test_the_thresholds(n):
    kinds = {kind for kind, _f in risks(**_quiet(), days_without_entry=n)}
    assert ("no_entry" in kinds) == (n >= NO_ENTRY_WORKDAYS)
    assert Waiting("rancangan", "coach", "X", REVIEW_WORKDAYS).overdue is False
    assert Waiting("rancangan", "coach", "X", REVIEW_WORKDAYS + 1).overdue is True
    assert risks(**_quiet(), overdue_entries=0) == []
    assert risks(**_quiet(), days_without_entry=None) == []  # outside the period: no reason


def _quiet() -> dict:
    return dict(jp_done=0, jp_expected=0, phase_open_days=None, any_activity=True, quizzes=[], excused=True)


def test_the_risk_messages_say_who_is_waiting(app):
    with app.test_request_context():
        found = risks(
            **_quiet(),
            days_without_entry=4,
            overdue_entries=2,
            overdue_approval=Waiting("laporan", "mentor", "Ir. Rina", 6),
        )
        assert risk_messages(found) == [
            "Laporan menunggu persetujuan mentor Ir. Rina selama 6 hari kerja.",
            f"2 entri log belum dikonfirmasi mentor lebih dari {UNCONFIRMED_WORKDAYS} hari kerja.",
            "Tidak mengisi log habituasi 4 hari kerja.",
        ]
        unnamed = risks(**_quiet(), overdue_approval=Waiting("rancangan", "coach", None, 9))
        assert risk_messages(unnamed) == ["Rancangan menunggu tinjauan coach (belum ditetapkan) selama 9 hari kerja."]
