"""Who attended what: each participant's status per session (a correction, else a check-in, else absent once
the session ended), the recap grid of an angkatan, and attendance_summary for the gate and the dashboards.
Every function loads what it needs in a fixed number of queries, whatever the number of participants."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from lms.attendance.anomalies import CheckinFact, Flag, Key, all_flags, thresholds
from lms.attendance.models import (
    EXCUSED,
    PRESENT,
    AttendanceCorrection,
    Checkin,
    CheckinCode,
    CheckinRefusal,
    TrainingSession,
)
from lms.auth.models import User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Enrolment, Instansi

UPCOMING = "belum"  # a session not ended yet, without a check-in or a correction


def status_of(correction: str | None, checked_in: bool, ended: bool) -> str:
    """A correction wins; then a check-in is presence; then an ended session is an absence."""
    if correction:
        return correction
    if checked_in:
        return "hadir"
    return "alpa" if ended else UPCOMING


def consecutive_absences(statuses_in_order: list[str]) -> int:
    """The run of unexcused absences ending with the latest held session (an excused one or a presence ends it)."""
    run = 0
    for status in reversed(statuses_in_order):
        if status != "alpa":
            break
        run += 1
    return run


@dataclass(frozen=True)
class Summary:
    attended: int
    held: int
    percent: float | None  # None while no session has been held
    consecutive_absences: int
    flagged: bool
    jp_attended: int
    excused: int = 0
    # Over every session of the phase, held or not, for the attendance rule: a check-in during a session counts
    # at once, and an excuse given ahead (izin for next Monday) too.
    scheduled: int = 0
    present_total: int = 0
    excused_total: int = 0


def summarise(held: list[tuple[str, int]], flagged: bool, every: list[str] = ()) -> Summary:
    """From the held sessions' (status, JP) in time order; `every`: the statuses of all the phase's sessions."""
    statuses = [s for s, _jp in held]
    attended = sum(1 for s in statuses if s in PRESENT)  # a late arrival is present
    return Summary(
        attended=attended,
        held=len(held),
        percent=round(100 * attended / len(held), 1) if held else None,
        consecutive_absences=consecutive_absences(statuses),
        flagged=flagged,
        jp_attended=sum(jp for s, jp in held if s in PRESENT),
        excused=sum(1 for s in statuses if s in EXCUSED),
        scheduled=len(every),
        present_total=sum(1 for s in every if s in PRESENT),
        excused_total=sum(1 for s in every if s in EXCUSED),
    )


@dataclass
class Facts:
    """What the status and flags of a set of sessions rest on, loaded in five queries."""

    sessions: list[TrainingSession]
    checked_in: set[Key] = field(default_factory=set)
    first_checkin: dict[Key, datetime] = field(default_factory=dict)
    corrections: dict[Key, AttendanceCorrection] = field(default_factory=dict)
    flags: dict[Key, list[Flag]] = field(default_factory=dict)

    def status(self, user_id: int, session: TrainingSession, now: datetime) -> str:
        key = (user_id, session.id)
        correction = self.corrections.get(key)
        return status_of(correction.status if correction else None, key in self.checked_in, session.ends_at <= now)


def load_facts(session_query, user_ids: list[int] | None = None) -> Facts:
    """The sessions of `session_query` and their check-ins, corrections and flags (of `user_ids`, or everyone)."""
    sessions = list(db.session.scalars(session_query.order_by(TrainingSession.starts_at, TrainingSession.id)))
    facts = Facts(sessions)
    ids = [s.id for s in sessions]
    if not ids:
        return facts
    # Flags compare accounts with each other, so every check-in of these sessions is read, not only the users'.
    checkin_facts = [
        CheckinFact(*row)
        for row in db.session.execute(
            select(Checkin.user_id, Checkin.session_id, Checkin.at, CheckinCode.opened_at, Checkin.ip, Checkin.device)
            .join(CheckinCode, CheckinCode.id == Checkin.code_id)
            .where(Checkin.session_id.in_(ids))
        )
    ]
    for fact in checkin_facts:
        key = (fact.user_id, fact.session_id)
        facts.checked_in.add(key)
        if key not in facts.first_checkin or fact.at < facts.first_checkin[key]:
            facts.first_checkin[key] = fact.at
    corrections = select(AttendanceCorrection).where(AttendanceCorrection.session_id.in_(ids))
    refusals = select(CheckinRefusal.user_id, CheckinRefusal.session_id).where(
        CheckinRefusal.session_id.in_(ids), CheckinRefusal.reason == "di_luar_waktu"
    )
    if user_ids is not None:
        corrections = corrections.where(AttendanceCorrection.user_id.in_(user_ids))
        refusals = refusals.where(CheckinRefusal.user_id.in_(user_ids))
    facts.corrections = {(c.user_id, c.session_id): c for c in db.session.scalars(corrections)}
    outside = [(u, s) for u, s in db.session.execute(refusals)]
    facts.flags = all_flags(checkin_facts, outside, thresholds())
    return facts


def attendance_summary(
    user_ids, phase_id: int, now: datetime | None = None, angkatan_of: dict[int, int] | None = None
) -> dict[int, Summary]:
    """{user_id: Summary} over the sessions of each participant's angkatan in the phase; held = ended by now.
    A user without an enrolment gets an empty summary. Six queries, whatever the number of users."""
    now = now or utcnow()
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    if angkatan_of is None:  # a caller that has read the enrolments already passes {user_id: angkatan_id}
        angkatan_of = dict(
            db.session.execute(
                select(Enrolment.user_id, Enrolment.angkatan_id).where(Enrolment.user_id.in_(user_ids))
            ).all()
        )
    facts = load_facts(
        select(TrainingSession).where(
            TrainingSession.angkatan_id.in_(set(angkatan_of.values())), TrainingSession.phase_id == phase_id
        ),
        user_ids,
    )
    by_angkatan: dict[int, list[TrainingSession]] = defaultdict(list)
    for session in facts.sessions:
        by_angkatan[session.angkatan_id].append(session)
    result = {}
    for user_id in user_ids:
        sessions = by_angkatan.get(angkatan_of.get(user_id), [])
        statuses = [facts.status(user_id, s, now) for s in sessions]
        held = [(status, s.jp) for status, s in zip(statuses, sessions, strict=True) if s.ends_at <= now]
        flagged = any(facts.flags.get((user_id, s.id)) for s in sessions)
        result[user_id] = summarise(held, flagged, statuses)
    return result


@dataclass
class RecapRow:
    user_id: int
    name: str
    nip: str
    ndh: int | None
    instansi: str
    statuses: list[str]
    counts: Counter
    summary: Summary
    flagged_sessions: list[int]


@dataclass
class Recap:
    sessions: list[TrainingSession]
    rows: list[RecapRow]
    held_ids: set[int]
    present_per_session: list[int]  # participants present per session, in session order
    facts: Facts

    def session_percent(self, index: int) -> float | None:
        if self.sessions[index].id not in self.held_ids or not self.rows:
            return None
        return round(100 * self.present_per_session[index] / len(self.rows), 1)


def participants_of(angkatan_id: int):
    return db.session.execute(
        select(User.id, User.name, User.nip, Enrolment.ndh, Instansi.name)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Instansi, Instansi.id == Enrolment.instansi_id)
        .where(Enrolment.angkatan_id == angkatan_id)
        .order_by(Enrolment.ndh.is_(None), Enrolment.ndh, User.name, User.id)
    ).all()


def angkatan_recap(angkatan_id: int, phase_id: int | None = None, now: datetime | None = None) -> Recap:
    """The participants x sessions grid of an angkatan (optionally one phase), with totals per row and column."""
    now = now or utcnow()
    query = select(TrainingSession).where(TrainingSession.angkatan_id == angkatan_id)
    if phase_id is not None:
        query = query.where(TrainingSession.phase_id == phase_id)
    facts = load_facts(query)
    held_ids = {s.id for s in facts.sessions if s.ends_at <= now}
    present = [0] * len(facts.sessions)
    rows = []
    for user_id, name, nip, ndh, instansi in participants_of(angkatan_id):
        statuses = [facts.status(user_id, s, now) for s in facts.sessions]
        for i, status in enumerate(statuses):
            present[i] += status in PRESENT
        held = [(st, s.jp) for st, s in zip(statuses, facts.sessions, strict=True) if s.id in held_ids]
        flagged = [s.id for s in facts.sessions if facts.flags.get((user_id, s.id))]
        rows.append(
            RecapRow(
                user_id,
                name,
                nip or "",
                ndh,
                instansi,
                statuses,
                Counter(statuses),
                summarise(held, bool(flagged), statuses),
                flagged,
            )
        )
    return Recap(facts.sessions, rows, held_ids, present, facts)


STATUS_LETTERS = {"hadir": "H", "terlambat": "T", "izin": "I", "sakit": "S", "dinas": "D", "alpa": "A", UPCOMING: "-"}
