"""Scheduling a seminar and placing participants in it: each change audited, the penguji assigned through the
people feature's SeminarExaminer (access starts at assignment), and for the seminar rancangan the plan moved
through the one workflow `transition`."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.aktualisasi.editing import plan_of
from lms.aktualisasi.overview import plan_states
from lms.aktualisasi.transitions import transition
from lms.aktualisasi.workflow import STATE_LABELS, WorkflowError
from lms.auth.models import Role, User
from lms.core import audit
from lms.core.extensions import db
from lms.people.models import Enrolment
from lms.people.operations import PeopleError
from lms.people.relations import set_examiner
from lms.report.models import AktualisasiReport
from lms.report.workflow import STATE_LABELS as REPORT_STATE_LABELS
from lms.seminar.invitations import invite
from lms.seminar.models import Seminar, SeminarPlace
from lms.seminar.program import ProgramError, load_rubric

MAX_ROOM = 200
MAX_LINK = 500
MIN_REASON = 5
KIND_LABELS = {"rancangan": "seminar rancangan aktualisasi", "aktualisasi": "seminar aktualisasi"}


class SeminarRefused(Exception):
    """A refused change; `conflict` when it lost to a change made elsewhere (another tab, another person)."""

    def __init__(self, message: str, *, conflict: bool = False):
        super().__init__(message)
        self.message = message
        self.conflict = conflict


@dataclass(frozen=True)
class SessionInput:
    starts_at: datetime  # aware
    ends_at: datetime
    room: str
    link: str
    examiner_id: int


def check_link(link: str) -> str:
    """A meeting link: empty, or an https address with a host (a participant clicks it)."""
    link = (link or "").strip()
    if not link:
        return ""
    parts = urlsplit(link)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in link):
        raise SeminarRefused(_("Tautan pertemuan harus alamat https://, misalnya https://zoom.us/j/123."))
    if len(link) > MAX_LINK:
        raise SeminarRefused(_("Tautan pertemuan paling banyak %(n)d karakter.", n=MAX_LINK))
    return link


def _checked(given: SessionInput) -> SessionInput:
    if given.ends_at <= given.starts_at:
        raise SeminarRefused(_("Waktu selesai harus sesudah waktu mulai."))
    room = (given.room or "").strip()
    link = check_link(given.link)
    if not room and not link:
        raise SeminarRefused(_("Isi ruang seminar atau tautan pertemuan daring."))
    if len(room) > MAX_ROOM:
        raise SeminarRefused(_("Ruang paling banyak %(n)d karakter.", n=MAX_ROOM))
    examiner = db.session.get(User, given.examiner_id)
    if examiner is None or examiner.role != Role.INSTRUCTOR.value or not examiner.active:
        raise SeminarRefused(_("Penguji harus akun widyaiswara (pengajar) yang aktif."))
    return SessionInput(given.starts_at, given.ends_at, room, link, examiner.id)


def schedule(angkatan_id: int, kind: str, given: SessionInput, *, actor_id: int) -> Seminar:
    """A new seminar with a copy of the program's rubric as it is now; SeminarRefused when the input is wrong."""
    given = _checked(given)
    try:
        program = load_rubric(kind)
    except ProgramError as error:
        raise SeminarRefused(_("Rubrik seminar program tidak dapat dipakai: %(m)s", m=error.message)) from None
    seminar = Seminar(
        angkatan_id=angkatan_id,
        kind=kind,
        starts_at=given.starts_at,
        ends_at=given.ends_at,
        room=given.room,
        link=given.link,
        examiner_id=given.examiner_id,
        rubric=program.rubric.as_dict(),
        scorers=list(program.scorers),
        created_by_id=actor_id,
    )
    db.session.add(seminar)
    db.session.flush()
    audit.record(
        "seminar.schedule",
        "seminar",
        seminar.id,
        actor_id=actor_id,
        kind=kind,
        starts_at=given.starts_at.isoformat(),
        examiner=given.examiner_id,
    )
    return seminar


def _has_submitted(seminar: Seminar, role: str | None = None) -> bool:
    return any(s.submitted_at for p in seminar.places for s in p.scores if role is None or s.role == role)


def reschedule(seminar: Seminar, given: SessionInput, reason: str, *, actor_id: int) -> None:
    """New time, place or penguji, with a reason (audited); a new penguji takes over every participant's
    SeminarExaminer, and the one replaced sees them no more. Not once the penguji has submitted a score."""
    given = _checked(given)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise SeminarRefused(_("Tulis alasan perubahan jadwal (sedikitnya %(n)d karakter).", n=MIN_REASON))
    old = {
        "starts_at": seminar.starts_at.isoformat(),
        "ends_at": seminar.ends_at.isoformat(),
        "room": seminar.room,
        "link": seminar.link,
        "examiner": seminar.examiner_id,
    }
    if given.examiner_id != seminar.examiner_id:
        if _has_submitted(seminar, "penguji"):
            raise SeminarRefused(_("Penguji sudah mengirim nilai; penguji tidak dapat diganti."))
        examiner = db.session.get(User, given.examiner_id)
        for place in seminar.places:
            _assign(place.enrolment, seminar.kind, examiner, actor_id)
    rearranged = (given.starts_at, given.ends_at, given.room, given.link, given.examiner_id) != (
        seminar.starts_at,
        seminar.ends_at,
        seminar.room,
        seminar.link,
        seminar.examiner_id,
    )
    seminar.starts_at, seminar.ends_at = given.starts_at, given.ends_at
    seminar.room, seminar.link, seminar.examiner_id = given.room, given.link, given.examiner_id
    new = {**old, "starts_at": given.starts_at.isoformat(), "ends_at": given.ends_at.isoformat()}
    new.update(room=given.room, link=given.link, examiner=given.examiner_id)
    audit.record("seminar.reschedule", "seminar", seminar.id, reason=reason, actor_id=actor_id, old=old, new=new)
    if rearranged:  # coach, mentor and participant hear of a new time, room, link or penguji
        db.session.flush()
        db.session.expire(seminar, ["examiner"])  # the invitation names the new penguji
        for place in seminar.places:
            invite(seminar, place.enrolment, changed=True)
    db.session.flush()


def _assign(enrolment: Enrolment, kind: str, examiner: User | None, actor_id: int) -> None:
    try:
        set_examiner(enrolment, kind, examiner, actor_id=actor_id)
    except PeopleError as error:
        raise SeminarRefused(str(error)) from None


def place_of(seminar: Seminar, enrolment_id: int) -> SeminarPlace | None:
    return next((p for p in seminar.places if p.enrolment_id == enrolment_id), None)


def add_participant(seminar: Seminar, enrolment: Enrolment, *, actor_id: int) -> SeminarPlace:
    """Place a participant of the seminar's angkatan last in its order: the penguji sees them from now on, and a
    seminar rancangan moves their plan approved_by_mentor -> seminar_scheduled. SeminarRefused otherwise."""
    if enrolment.angkatan_id != seminar.angkatan_id:
        raise SeminarRefused(_("Peserta itu bukan peserta angkatan seminar ini."))
    name = enrolment.user.name
    other = db.session.scalar(
        select(SeminarPlace).where(SeminarPlace.enrolment_id == enrolment.id, SeminarPlace.kind == seminar.kind)
    )
    if other is not None:
        raise SeminarRefused(
            _("%(name)s sudah terdaftar di %(kind)s lain.", name=name, kind=KIND_LABELS[seminar.kind])
            if other.seminar_id != seminar.id
            else _("%(name)s sudah ada di seminar ini.", name=name)
        )
    if seminar.kind == "rancangan":
        plan = plan_of(enrolment.user_id)
        if plan is None or plan.state != "approved_by_mentor":
            state = STATE_LABELS[plan.state] if plan else _("belum ditulis")
            raise SeminarRefused(
                _(
                    "Rancangan %(name)s belum disetujui mentor (status: %(state)s); "
                    "hanya rancangan yang disetujui mentor yang dapat diseminarkan.",
                    name=name,
                    state=state,
                )
            )
        try:
            transition(plan, "schedule_seminar", {"coordinator"}, actor_id=actor_id)
        except WorkflowError as error:
            raise SeminarRefused(error.message) from None
    elif (state := report_states([enrolment.user_id])[enrolment.user_id]) != REPORT_READY:
        raise SeminarRefused(
            _(
                "Laporan aktualisasi %(name)s belum disetujui mentor (status: %(state)s); hanya laporan yang "
                "disetujui mentor yang dapat diseminarkan.",
                name=name,
                state=_report_state_label(state),
            )
        )
    position = (
        db.session.scalar(select(func.max(SeminarPlace.position)).where(SeminarPlace.seminar_id == seminar.id)) or 0
    ) + 1
    place = SeminarPlace(seminar_id=seminar.id, enrolment_id=enrolment.id, kind=seminar.kind, position=position)
    db.session.add(place)
    try:
        db.session.flush()
    except IntegrityError:  # placed in another seminar by someone else at the same moment
        db.session.rollback()
        message = _("%(name)s baru saja didaftarkan di seminar lain. Muat ulang halaman.", name=name)
        raise SeminarRefused(message, conflict=True) from None
    _assign(enrolment, seminar.kind, seminar.examiner, actor_id)
    audit.record(
        "seminar.add",
        "seminar",
        seminar.id,
        subject_user_id=enrolment.user_id,
        actor_id=actor_id,
        position=position,
    )
    invite(seminar, enrolment)
    db.session.refresh(seminar)
    return place


def remove_participant(seminar: Seminar, place: SeminarPlace, reason: str, *, actor_id: int) -> None:
    """Take a participant out (reason audited): their penguji no longer sees them, a rancangan plan goes back to
    approved_by_mentor. Not once a score of theirs was submitted (reopen it first)."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise SeminarRefused(_("Tulis alasan mengeluarkan peserta (sedikitnya %(n)d karakter).", n=MIN_REASON))
    if any(s.submitted_at for s in place.scores):
        raise SeminarRefused(_("Nilai peserta ini sudah dikirim; buka kembali nilainya dulu bila perlu dikeluarkan."))
    enrolment = place.enrolment
    if seminar.kind == "rancangan":
        plan = plan_of(enrolment.user_id)
        if plan is not None and plan.state == "seminar_scheduled":
            transition(plan, "unschedule_seminar", {"coordinator"}, actor_id=actor_id)
    _assign(enrolment, seminar.kind, None, actor_id)
    audit.record(
        "seminar.remove", "seminar", seminar.id, reason=reason, subject_user_id=enrolment.user_id, actor_id=actor_id
    )
    db.session.delete(place)
    db.session.flush()
    db.session.refresh(seminar)


# A report is presented at the seminar aktualisasi once the coach checked it and the mentor approved it.
REPORT_READY = "approved_by_mentor"


def report_states(user_ids: list[int]) -> dict[int, str | None]:
    """Each participant's report state (None: not started), in one query."""
    found = dict(
        db.session.execute(
            select(AktualisasiReport.user_id, AktualisasiReport.state).where(AktualisasiReport.user_id.in_(user_ids))
        ).all()
    )
    return {u: found.get(u) for u in user_ids}


def _report_state_label(state: str | None) -> str:
    return str(REPORT_STATE_LABELS[state]) if state else _("belum disusun")


def eligible_enrolments(seminar: Seminar) -> list[tuple[Enrolment, str]]:
    """The angkatan's participants not yet in a seminar of this kind, with why one cannot be placed ('' if they
    can): for the seminar rancangan, a plan not approved by the mentor; for the seminar aktualisasi, a report not
    approved by the mentor."""
    placed = select(SeminarPlace.enrolment_id).where(SeminarPlace.kind == seminar.kind)
    rows = db.session.scalars(
        select(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.angkatan_id == seminar.angkatan_id, Enrolment.id.not_in(placed), User.active.is_(True))
        .order_by(Enrolment.ndh, User.name)
    ).all()
    if seminar.kind != "rancangan":
        reports = report_states([e.user_id for e in rows])
        return [
            (e, "" if reports[e.user_id] == REPORT_READY else _report_state_label(reports[e.user_id])) for e in rows
        ]
    states = plan_states([e.user_id for e in rows])
    ready = "approved_by_mentor"
    return [(e, "" if states[e.user_id] == ready else str(STATE_LABELS[states[e.user_id]])) for e in rows]
