"""Pure rules of pace and risk: JP expected by a date, and why a participant needs attention."""

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext

from lms.core.i18n import format_number
from lms.quiz.standing import Standing

BEHIND_SHARE = 0.8  # behind when less than 80% of the JP the schedule expects by today is done
NOT_STARTED_DAYS = 3  # "not started" once the phase has been open this many days with no activity
ABSENT_STREAK = 3  # sessions missed in a row (PJJ, klasikal) before someone should call
MISSING_TASKS = 2  # tasks past their due time and not submitted
# Aktualisasi, in workdays (lms.habituation.period.is_workday). No program setting holds these yet (the program
# file, issue #18, is where they would go); an institution may choose other numbers here.
NO_ENTRY_WORKDAYS = 3  # workdays of the habituation period without a log entry before someone should ask why
UNCONFIRMED_WORKDAYS = 3  # a log entry waiting longer than this for the mentor's confirmation is overdue
REVIEW_WORKDAYS = 5  # a plan or report waiting longer than this on the coach's or mentor's word is overdue


def expected_jp(jp: int, opens_on: date | None, closes_on: date | None, today: date) -> float:
    """JP a participant should have done by `today`, at an even pace from opening to closing day."""
    if opens_on is None or closes_on is None or today < opens_on:
        return 0.0
    if today >= closes_on:
        return float(jp)
    days_total = (closes_on - opens_on).days + 1
    days_done = (today - opens_on).days + 1
    return round(jp * days_done / days_total, 1)


def current_phase(schedule: list[tuple[str, date | None, date | None]], today: date) -> str | None:
    """The name of the phase whose dates contain today (the latest one that has opened otherwise)."""
    opened = [name for name, opens, _closes in schedule if opens is not None and opens <= today]
    for name, opens, closes in schedule:
        if opens is not None and closes is not None and opens <= today <= closes:
            return name
    return opened[-1] if opened else None


def risks(
    *,
    jp_done: float,
    jp_expected: float,
    phase_open_days: int | None,
    any_activity: bool,
    quizzes: list[tuple[str, Standing]],
    excused: bool,
    absent_streak: int = 0,
    missing_tasks: int = 0,
    attendance_flagged: bool = False,
    days_without_entry: int | None = None,
    overdue_entries: int = 0,
    overdue_approval=None,
) -> list[tuple[str, dict]]:
    """Why this participant needs attention today, most urgent first, as (kind, facts): the rules
    alone, so that counting at-risk participants of 100,000 formats no message. quizzes: (title, the
    participant's lms.quiz.standing.Standing on it); absent_streak, missing_tasks, attendance_flagged: from the
    attendance and tasks summaries of the phase; days_without_entry, overdue_entries, overdue_approval (a
    lms.dashboard.aktualisasi_columns.Waiting past REVIEW_WORKDAYS): from the aktualisasi columns. The MOOC's
    exception excuses none of the aktualisasi reasons."""
    found = []
    for title, standing in quizzes:
        if excused or not standing.near_limit:
            continue
        found.append(("exhausted" if standing.exhausted else "last_attempt", {"quiz": title}))
    if not any_activity and phase_open_days is not None and phase_open_days >= NOT_STARTED_DAYS:
        found.append(("not_started", {"n": phase_open_days}))
    elif jp_expected > 0 and jp_done < jp_expected * BEHIND_SHARE and not excused:
        found.append(("behind", {"done": format_number(jp_done), "expected": format_number(jp_expected)}))
    if absent_streak >= ABSENT_STREAK and not excused:
        found.append(("absent_streak", {"n": absent_streak}))
    if missing_tasks >= MISSING_TASKS and not excused:
        found.append(("missing_tasks", {"n": missing_tasks}))
    if attendance_flagged:  # a possible script or a shared device: someone should look, excused or not
        found.append(("attendance_flag", {}))
    if overdue_approval is not None:  # someone else's delay first: the coordinator can chase it today
        w = overdue_approval
        found.append((f"{w.item}_waits_{w.role}", {"name": w.name, "n": w.workdays}))
    if overdue_entries > 0:
        found.append(("unconfirmed", {"n": overdue_entries, "days": UNCONFIRMED_WORKDAYS}))
    if days_without_entry is not None and days_without_entry >= NO_ENTRY_WORKDAYS:
        found.append(("no_entry", {"n": days_without_entry}))
    return found


def risk_messages(found: list[tuple[str, dict]]) -> list[str]:
    """What `risks` found, in the user's language, most urgent first (formatted only for the rows a
    page shows)."""
    messages = {
        "exhausted": lambda f: _("Kesempatan %(quiz)s habis dan belum lulus.", **f),
        "last_attempt": lambda f: _("Sisa satu percobaan %(quiz)s dan belum lulus.", **f),
        "not_started": lambda f: ngettext(
            "Belum mulai belajar %(n)d hari setelah fase dibuka.",
            "Belum mulai belajar %(n)d hari setelah fase dibuka.",
            f["n"],
            **f,
        ),
        "behind": lambda f: _("Tertinggal dari jadwal: %(done)s dari %(expected)s JP yang diharapkan hari ini.", **f),
        "absent_streak": lambda f: ngettext(
            "Tidak hadir %(n)d sesi berturut-turut.", "Tidak hadir %(n)d sesi berturut-turut.", f["n"], **f
        ),
        "missing_tasks": lambda f: ngettext(
            "%(n)d tugas belum dikumpulkan.", "%(n)d tugas belum dikumpulkan.", f["n"], **f
        ),
        "attendance_flag": lambda f: _("Ditandai anomali presensi."),
        "rancangan_waits_coach": lambda f: ngettext(
            "Rancangan menunggu tinjauan coach %(name)s selama %(n)d hari kerja.",
            "Rancangan menunggu tinjauan coach %(name)s selama %(n)d hari kerja.",
            f["n"],
            **f,
        ),
        "rancangan_waits_mentor": lambda f: ngettext(
            "Rancangan menunggu persetujuan mentor %(name)s selama %(n)d hari kerja.",
            "Rancangan menunggu persetujuan mentor %(name)s selama %(n)d hari kerja.",
            f["n"],
            **f,
        ),
        "laporan_waits_coach": lambda f: ngettext(
            "Laporan menunggu pemeriksaan coach %(name)s selama %(n)d hari kerja.",
            "Laporan menunggu pemeriksaan coach %(name)s selama %(n)d hari kerja.",
            f["n"],
            **f,
        ),
        "laporan_waits_mentor": lambda f: ngettext(
            "Laporan menunggu persetujuan mentor %(name)s selama %(n)d hari kerja.",
            "Laporan menunggu persetujuan mentor %(name)s selama %(n)d hari kerja.",
            f["n"],
            **f,
        ),
        "unconfirmed": lambda f: ngettext(
            "%(n)d entri log belum dikonfirmasi mentor lebih dari %(days)d hari kerja.",
            "%(n)d entri log belum dikonfirmasi mentor lebih dari %(days)d hari kerja.",
            f["n"],
            **f,
        ),
        "no_entry": lambda f: ngettext(
            "Tidak mengisi log habituasi %(n)d hari kerja.",
            "Tidak mengisi log habituasi %(n)d hari kerja.",
            f["n"],
            **f,
        ),
    }
    unnamed = _("(belum ditetapkan)")  # a plan waiting on a coach or mentor the enrolment has not got yet
    return [messages[kind]({**f, "name": f["name"] or unnamed} if "name" in f else f) for kind, f in found]


def histogram(scores: list[Decimal], bins: int = 10) -> list[int]:
    """Counts per 10-point band: 0-9.99, 10-19.99, ..., 90-100 (100 falls in the last band)."""
    counts = [0] * bins
    width = Decimal(100) / bins
    for score in scores:
        index = min(int(Decimal(score) / width), bins - 1)
        counts[index] += 1
    return counts
