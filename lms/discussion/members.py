"""The people of a space, for mentions and notifications (access itself is decided in access.py)."""

from sqlalchemy import select, union

from lms.auth.models import User
from lms.core.extensions import db
from lms.discussion.spaces import GROUP, Space
from lms.people.models import Angkatan, AngkatanInstructor, CoordinatorLembaga, Enrolment, TutorGroup


def space_members(space: Space) -> dict[int, str]:
    """Active members of the space, id -> name: its participants, the angkatan's instructors, the
    tutors who see it and the coordinators of its lembaga (admins see everything but are nobody's
    audience). One query."""
    participants = select(Enrolment.user_id).where(Enrolment.angkatan_id == space.angkatan_id)
    tutors = select(TutorGroup.tutor_id).where(
        TutorGroup.angkatan_id == space.angkatan_id, TutorGroup.tutor_id.is_not(None)
    )
    if space.kind == GROUP:
        participants = participants.where(Enrolment.tutor_group_id == space.tutor_group_id)
        tutors = tutors.where(TutorGroup.id == space.tutor_group_id)
    ids = union(
        participants,
        tutors,
        select(AngkatanInstructor.user_id).where(AngkatanInstructor.angkatan_id == space.angkatan_id),
        select(CoordinatorLembaga.user_id)
        .join(Angkatan, Angkatan.lembaga_id == CoordinatorLembaga.lembaga_id)
        .where(Angkatan.id == space.angkatan_id),
    ).subquery()
    rows = db.session.execute(
        select(User.id, User.name).where(User.id.in_(select(ids.c[0])), User.active.is_(True)).order_by(User.name)
    )
    return {user_id: name for user_id, name in rows}


def instructors_of(space: Space) -> list[int]:
    """Who receives reports: the angkatan's instructors and, in a group space, the group's tutor."""
    ids = select(AngkatanInstructor.user_id).where(AngkatanInstructor.angkatan_id == space.angkatan_id)
    if space.kind == GROUP:
        ids = union(ids, select(TutorGroup.tutor_id).where(TutorGroup.id == space.tutor_group_id))
    ids = ids.subquery()
    return list(db.session.scalars(select(User.id).where(User.id.in_(select(ids.c[0])), User.active.is_(True))))
