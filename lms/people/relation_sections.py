"""Coach, mentor and penguji on people's own pages: a section of the participant record and one of the
angkatan page (every participant's relations in two queries, with the coordinator's links to change them)."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people.access import can_manage_people
from lms.people.models import Angkatan, Enrolment, MentorProfile, SeminarExaminer
from lms.people.record import Section


def record_section(person: User, viewer: User) -> Section:
    enrolment = person.enrolment
    mentor = enrolment.mentor
    unit = db.session.get(MentorProfile, mentor.id) if mentor else None
    return Section(
        _("Coach, mentor dan penguji"),
        "people/_relations_record.html",
        dict(
            person=person,
            enrolment=enrolment,
            mentor=mentor,
            unit=unit.unit_kerja if unit else "",
            manage=can_manage_people(viewer),
            empty_form=EmptyForm(),
        ),
    )


def angkatan_section(angkatan: Angkatan, viewer: User) -> Section:
    coach, mentor = aliased(User), aliased(User)
    rows = db.session.execute(
        select(User.id, User.name, Enrolment.id, coach.name, mentor.name)
        .join(Enrolment, Enrolment.user_id == User.id)
        .outerjoin(coach, coach.id == Enrolment.coach_id)
        .outerjoin(mentor, mentor.id == Enrolment.mentor_id)
        .where(Enrolment.angkatan_id == angkatan.id)
        .order_by(User.name, User.id)
    ).all()
    examiners: dict[tuple[int, str], str] = {}
    for enrolment_id, kind, name in db.session.execute(
        select(SeminarExaminer.enrolment_id, SeminarExaminer.kind, User.name)
        .join(User, User.id == SeminarExaminer.examiner_id)
        .join(Enrolment, Enrolment.id == SeminarExaminer.enrolment_id)
        .where(Enrolment.angkatan_id == angkatan.id)
    ):
        examiners[(enrolment_id, kind)] = name
    return Section(
        _("Coach, mentor dan penguji"),
        "people/_relations_angkatan.html",
        dict(rows=rows, examiners=examiners, manage=can_manage_people(viewer)),
    )
