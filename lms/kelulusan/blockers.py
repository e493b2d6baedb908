"""What stands between an angkatan's recap and a result the coordinator may prepare: every blocker (a component
without a score, a seminar whose scorers have not all submitted, an essay waiting for its grader, klasikal
attendance not known), and what the coordinator and the head should see without it blocking (participants who do
not pass, phases completed by a coordinator's exception). A fixed number of queries, whatever the angkatan's size."""

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.auth.models import User
from lms.core.extensions import db
from lms.kelulusan.recap import Recap, RecapRow, angkatan_recap
from lms.people.models import Enrolment
from lms.phases.models import Phase, PhaseCompletion
from lms.program.models import ProgramVersion
from lms.quiz.models import Attempt, Quiz
from lms.seminar.models import SeminarPlace
from lms.seminar.sheet import ROLE_LABELS, place_result

# The kinds of blocker, in the order the prepare page lists them.
BLOCKER_KINDS = ("peserta", "nilai", "seminar", "esai", "kehadiran")
SEMINAR_NAMES = {"rancangan": "Seminar rancangan aktualisasi", "aktualisasi": "Seminar laporan aktualisasi"}


@dataclass(frozen=True)
class Item:
    """One line of the prepare page: a blocker or a note, about one participant (None: the angkatan)."""

    kind: str
    user_id: int | None
    name: str
    detail: str


@dataclass(frozen=True)
class Readiness:
    recap: Recap
    blockers: tuple[Item, ...]
    not_passing: tuple[RecapRow, ...]
    notes: tuple[Item, ...]  # phase exceptions: listed, never blocking

    @property
    def ready(self) -> bool:
        return not self.blockers

    def blockers_of(self, kind: str) -> list[Item]:
        return [item for item in self.blockers if item.kind == kind]


def _missing_scores(recap: Recap) -> list[Item]:
    found = []
    for row in recap.rows:
        names = [c.name for c in recap.program.components if row.verdict.scores.get(c.code) is None]
        if names:
            found.append(Item("nilai", row.participant.user_id, row.participant.name, ", ".join(names)))
    return found


def _attendance_unknown(recap: Recap) -> list[Item]:
    if recap.program.min_klasikal_attendance is None:
        return []
    return [
        Item("kehadiran", row.participant.user_id, row.participant.name, _("Belum ada sesi klasikal yang tercatat"))
        for row in recap.rows
        if row.attendance is None
    ]


def open_seminars(angkatan_id: int) -> list[Item]:
    """Participants placed in a seminar whose expected scorers have not all submitted (two queries)."""
    places = db.session.scalars(
        select(SeminarPlace)
        .join(Enrolment, Enrolment.id == SeminarPlace.enrolment_id)
        .where(Enrolment.angkatan_id == angkatan_id)
        .options(
            selectinload(SeminarPlace.scores),
            selectinload(SeminarPlace.seminar),
            selectinload(SeminarPlace.enrolment).selectinload(Enrolment.user),
        )
        .order_by(SeminarPlace.kind.desc(), SeminarPlace.id)
    )
    found = []
    for place in places:
        result = place_result(place.seminar, place)
        if not result.final:
            waiting = ", ".join(ROLE_LABELS[role].lower() for role in result.missing) or _("penilai")
            user = place.enrolment.user
            detail = _("%(seminar)s: menunggu nilai %(who)s", seminar=SEMINAR_NAMES[place.kind], who=waiting)
            found.append(Item("seminar", user.id, user.name, detail))
    return found


def pending_essays(angkatan_id: int) -> list[Item]:
    """Submitted evaluations whose essays wait for a grader: their score may still change (one query)."""
    rows = db.session.execute(
        select(User.id, User.name, Quiz.title)
        .join(Attempt, Attempt.user_id == User.id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.angkatan_id == angkatan_id, Attempt.status == "pending")
        .order_by(User.name, Quiz.title)
        .distinct()
    )
    return [
        Item("esai", user_id, name, _("%(quiz)s: esai menunggu penilaian", quiz=title)) for user_id, name, title in rows
    ]


def phase_exceptions(angkatan_id: int) -> list[Item]:
    """Phases a coordinator completed by exception (with the reason given): shown to the head, not blocking."""
    rows = db.session.execute(
        select(User.id, User.name, Phase.name, PhaseCompletion.reason)
        .join(PhaseCompletion, PhaseCompletion.user_id == User.id)
        .join(Phase, Phase.id == PhaseCompletion.phase_id)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.angkatan_id == angkatan_id, PhaseCompletion.source == "exception")
        .order_by(User.name, Phase.position)
    )
    return [
        Item(
            "pengecualian",
            user_id,
            name,
            _("%(phase)s diselesaikan dengan pengecualian: %(reason)s", phase=phase, reason=reason or "—"),
        )
        for user_id, name, phase, reason in rows
    ]


def readiness(angkatan_id: int, program_version: ProgramVersion | None = None) -> Readiness:
    """The recap of the angkatan and everything that blocks preparing its result."""
    recap = angkatan_recap(angkatan_id, program_version=program_version)
    blockers: list[Item] = []
    if not recap.rows:
        blockers.append(Item("peserta", None, "", _("Angkatan ini belum memiliki peserta.")))
    blockers += _missing_scores(recap) + open_seminars(angkatan_id) + pending_essays(angkatan_id)
    blockers += _attendance_unknown(recap)
    not_passing = tuple(row for row in recap.rows if row.verdict.passes is False)
    return Readiness(recap, tuple(blockers), not_passing, tuple(phase_exceptions(angkatan_id)))


def group_by_participant(items) -> dict[int | None, list[Item]]:
    grouped = defaultdict(list)
    for item in items:
        grouped[item.user_id].append(item)
    return dict(grouped)
