"""A task's grades as rows for the CSV and XLSX exports: every participant of the angkatan, with the status,
the counted version, the score, the points per criterion and the feedback (a group's grade on each member)."""

from decimal import Decimal

from sqlalchemy import select

from lms.auth.models import User
from lms.core.extensions import db
from lms.core.rubric import Rubric
from lms.people.models import Enrolment, TutorGroup
from lms.tasks.models import Grade, SubmissionVersion, Task
from lms.tasks.submitting import BELUM
from lms.tasks.summary import counted_by_owner, counted_for


def grade_rows(task: Task) -> tuple[list[str], list[list]]:
    rubric = Rubric.from_dict(task.rubric)
    header = ["NIP", "Nama", "NDH", "Kelompok", "Status", "Versi", "Dikirim (UTC)", "Terlambat", "Nilai"]
    header += [f"{c.name} (poin)" for c in rubric.criteria] + ["Umpan balik"]
    people = db.session.execute(
        select(User.id, User.nip, User.name, Enrolment.ndh, Enrolment.tutor_group_id, TutorGroup.name)
        .join(Enrolment, Enrolment.user_id == User.id)
        .outerjoin(TutorGroup, TutorGroup.id == Enrolment.tutor_group_id)
        .where(Enrolment.angkatan_id == task.angkatan_id)
        .order_by(Enrolment.ndh, User.name, User.id)
    ).all()
    counted = counted_by_owner([task.id])
    grades = {
        g.version_id: g
        for g in db.session.scalars(select(Grade).where(Grade.version_id.in_([c.version_id for c in counted.values()])))
    }
    versions = {
        v.id: v
        for v in db.session.scalars(
            select(SubmissionVersion).where(SubmissionVersion.id.in_([c.version_id for c in counted.values()]))
        )
    }
    rows = []
    for user_id, nip, name, ndh, group_id, group_name in people:
        mine = counted_for(task, user_id, group_id, counted)
        grade = grades.get(mine.version_id) if mine else None
        version = versions.get(mine.version_id) if mine else None
        points = [Decimal(grade.levels[str(i)]) if grade else "" for i in range(len(rubric.criteria))]
        rows.append(
            [
                nip,
                name,
                ndh,
                group_name or "",
                mine.status if mine else BELUM,
                mine.number if mine else "",
                version.submitted_at if version else "",
                bool(version.late) if version else "",
                grade.score if grade else "",
                *points,
                grade.feedback if grade else "",
            ]
        )
    return header, rows
