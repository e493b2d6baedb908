"""State changes of people management; each one is audited in the same transaction."""

from sqlalchemy import delete, func, select

from lms.auth.models import User
from lms.auth.sessions import end_all_sessions
from lms.core import audit
from lms.core.extensions import db
from lms.people.models import (
    Angkatan,
    AngkatanCommittee,
    AngkatanInstructor,
    Enrolment,
    TutorGroup,
)


class PeopleError(ValueError):
    """A rule refused the change; the message is for the user, in Indonesian."""


def create_angkatan(
    lembaga_id: int, number: int, year: int, name: str | None, capacity: int, timezone: str
) -> Angkatan:
    exists = db.session.scalar(
        select(Angkatan.id).where(Angkatan.lembaga_id == lembaga_id, Angkatan.year == year, Angkatan.number == number)
    )
    if exists:
        raise PeopleError(f"Angkatan {number} tahun {year} sudah ada di lembaga ini.")
    angkatan = Angkatan(
        lembaga_id=lembaga_id,
        number=number,
        year=year,
        capacity=capacity,
        timezone=timezone,
        name=name or f"Angkatan {number} Tahun {year}",
    )
    db.session.add(angkatan)
    db.session.flush()
    audit.record("angkatan.create", "angkatan", angkatan.id, name=angkatan.name, lembaga_id=lembaga_id)
    return angkatan


def add_tutor_group(angkatan: Angkatan, name: str, tutor_id: int | None) -> TutorGroup:
    if any(g.name.casefold() == name.casefold() for g in angkatan.tutor_groups):
        raise PeopleError("Nama kelompok sudah dipakai di angkatan ini.")
    group = TutorGroup(name=name, tutor_id=tutor_id)
    angkatan.tutor_groups.append(group)
    db.session.flush()
    audit.record("tutor_group.create", "tutor_group", group.id, angkatan_id=angkatan.id, tutor_id=tutor_id)
    return group


def set_group_tutor(group: TutorGroup, tutor_id: int | None) -> None:
    if group.tutor_id != tutor_id:
        audit.record("tutor_group.tutor", "tutor_group", group.id, old=group.tutor_id, new=tutor_id)
        group.tutor_id = tutor_id


def assign_instructor(angkatan: Angkatan, instructor_id: int) -> None:
    if db.session.get(AngkatanInstructor, (angkatan.id, instructor_id)) is None:
        db.session.add(AngkatanInstructor(angkatan_id=angkatan.id, user_id=instructor_id))
        audit.record("angkatan.instructor.add", "angkatan", angkatan.id, instructor_id=instructor_id)


def unassign_instructor(angkatan: Angkatan, instructor_id: int) -> None:
    result = db.session.execute(
        delete(AngkatanInstructor).where(
            AngkatanInstructor.angkatan_id == angkatan.id, AngkatanInstructor.user_id == instructor_id
        )
    )
    if result.rowcount:
        audit.record("angkatan.instructor.remove", "angkatan", angkatan.id, instructor_id=instructor_id)


def assign_committee(angkatan: Angkatan, user_id: int) -> None:
    """Make a committee account (role committee) a member of the angkatan's committee: they see it from now on."""
    if db.session.get(AngkatanCommittee, (angkatan.id, user_id)) is None:
        db.session.add(AngkatanCommittee(angkatan_id=angkatan.id, user_id=user_id))
        audit.record("angkatan.committee.add", "angkatan", angkatan.id, committee_id=user_id)


def unassign_committee(angkatan: Angkatan, user_id: int) -> None:
    result = db.session.execute(
        delete(AngkatanCommittee).where(
            AngkatanCommittee.angkatan_id == angkatan.id, AngkatanCommittee.user_id == user_id
        )
    )
    if result.rowcount:
        audit.record("angkatan.committee.remove", "angkatan", angkatan.id, committee_id=user_id)


def move_participant(enrolment: Enrolment, target: Angkatan, reason: str) -> None:
    if target.id == enrolment.angkatan_id:
        raise PeopleError("Peserta sudah berada di angkatan itu.")
    if not reason.strip():
        raise PeopleError("Alasan pemindahan wajib diisi.")
    taken = db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.angkatan_id == target.id))
    if taken >= target.capacity:
        raise PeopleError(f"{target.name} sudah penuh (kapasitas {target.capacity}).")
    audit.record(
        "enrolment.move",
        "user",
        enrolment.user_id,
        reason=reason.strip(),
        subject_user_id=enrolment.user_id,
        from_angkatan=enrolment.angkatan_id,
        to_angkatan=target.id,
        **({"old_ndh": enrolment.ndh} if enrolment.ndh is not None else {}),
    )
    enrolment.angkatan_id = target.id
    enrolment.tutor_group_id = None  # tutor groups belong to the old angkatan
    enrolment.ndh = None  # so is the attendance number: the new angkatan's list gives a new one


def set_tutor_group(enrolment: Enrolment, group: TutorGroup | None) -> None:
    new_id = group.id if group else None
    if group is not None and group.angkatan_id != enrolment.angkatan_id:
        raise PeopleError("Kelompok itu bukan bagian dari angkatan peserta.")
    if enrolment.tutor_group_id != new_id:
        audit.record(
            "enrolment.group",
            "user",
            enrolment.user_id,
            subject_user_id=enrolment.user_id,
            old=enrolment.tutor_group_id,
            new=new_id,
        )
        enrolment.tutor_group_id = new_id


def set_active(user: User, active: bool, reason: str | None = None) -> None:
    if user.active == active:
        return
    user.active = active
    if not active:
        end_all_sessions(user.id)
    audit.record(
        "user.activate" if active else "user.deactivate", "user", user.id, reason=reason, subject_user_id=user.id
    )
