"""Where a participant stands in aktualisasi, as one named stage across plan -> seminar rancangan -> habituation ->
report -> seminar aktualisasi, and the workday ages the dashboard reads (days without a log entry, how long an
item has waited): plain values in, plain values out, no database."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from lms.aktualisasi import workflow as plan_workflow
from lms.habituation.period import count_workdays
from lms.report import workflow as report_workflow

# The stages in their order; a participant is in exactly one.
STEPS = ("rancangan", "seminar_rancangan", "habituasi", "laporan", "seminar_aktualisasi")
STEP_LABELS = {
    "rancangan": _l("Rancangan"),
    "seminar_rancangan": _l("Seminar rancangan"),
    "habituasi": _l("Habituasi"),
    "laporan": _l("Laporan"),
    "seminar_aktualisasi": _l("Seminar aktualisasi"),
}
# The plan's states from the seminar rancangan's scheduling to the penguji's last word (before 'approved').
SEMINAR_RANCANGAN_STATES = ("seminar_scheduled", "scored", "revisions_asked", "revision_submitted")
# The habituation stage (plan approved, no report yet) by the period's dates; the seminar aktualisasi's by its
# result. Their labels; the plan's and the report's states keep their workflows' own labels.
HABITUATION_STATES = {
    "before": _l("Menunggu masa habituasi"),
    "during": _l("Masa habituasi berjalan"),
    "after": _l("Masa habituasi selesai"),
}
SEMINAR_STATES = {"scheduled": _l("Seminar dijadwalkan"), "scored": _l("Seminar dinilai")}


@dataclass(frozen=True)
class Stage:
    step: str  # one of STEPS
    state: str  # the workflow's state within the step (the plan's, the report's, or HABITUATION/SEMINAR_STATES)

    @property
    def step_label(self) -> str:
        return str(STEP_LABELS[self.step])

    @property
    def state_label(self) -> str:
        if self.step in ("rancangan", "seminar_rancangan"):
            return str(plan_workflow.STATE_LABELS[self.state])
        if self.step == "laporan":
            return str(report_workflow.STATE_LABELS[self.state])
        return str((HABITUATION_STATES if self.step == "habituasi" else SEMINAR_STATES)[self.state])

    @property
    def position(self) -> tuple[int, int]:
        """For sorting: the step's place, then the state's place within its workflow."""
        order = {
            "rancangan": plan_workflow.STATE_LABELS,
            "seminar_rancangan": SEMINAR_RANCANGAN_STATES,
            "habituasi": HABITUATION_STATES,
            "laporan": report_workflow.STATE_LABELS,
            "seminar_aktualisasi": SEMINAR_STATES,
        }[self.step]
        return STEPS.index(self.step), list(order).index(self.state)


def habituation_state(opens_on: date | None, closes_on: date | None, today: date) -> str:
    if opens_on is None or today < opens_on:
        return "before"
    return "after" if closes_on is not None and today > closes_on else "during"


def stage_of(
    plan_state: str | None, report_state: str | None, seminar: str | None, habituation: str = "during"
) -> Stage:
    """THE rule of a participant's stage. plan_state: None without a plan (a draft not begun); report_state: None
    before the report is started; seminar: the seminar aktualisasi, None (no place), 'scheduled' or 'scored' (every
    expected scorer submitted); habituation: habituation_state() of the angkatan's period."""
    if seminar is not None:
        return Stage("seminar_aktualisasi", seminar)
    if report_state is not None:
        return Stage("laporan", report_state)
    state = plan_state or "draft"
    if state == "approved":
        return Stage("habituasi", habituation)
    if state in SEMINAR_RANCANGAN_STATES:
        return Stage("seminar_rancangan", state)
    return Stage("rancangan", state)


def workdays_after(since: date, today: date) -> int:
    """Workdays that have passed since `since` (not counting it), up to and including today: what an item
    submitted on `since` has waited. Weekends do not count (lms.habituation.period.is_workday)."""
    return count_workdays(since + timedelta(days=1), today)


def workdays_without_entry(last_entry: date | None, opens_on: date, closes_on: date, today: date) -> int:
    """Workdays of the habituation period since the last log entry (or since the period opened, without one), up
    to yesterday: today may still be logged. 0 before the period's second day and on the day after an entry."""
    first = max(last_entry + timedelta(days=1), opens_on) if last_entry else opens_on
    return count_workdays(first, min(today - timedelta(days=1), closes_on))
