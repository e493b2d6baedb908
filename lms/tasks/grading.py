"""Grading a submission by its task's rubric: the score comes only from lms.core.rubric.rubric_score, one grade
per version (a database constraint), a later change is a regrade with a reason; both are audited, once per
participant the grade counts for (every member of a tutor group)."""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.rubric import Rubric, RubricError, rubric_score
from lms.people.models import Enrolment
from lms.tasks.ledger_values import record_grade
from lms.tasks.models import Grade, Submission, SubmissionVersion

MAX_FEEDBACK = 5000
MIN_REASON = 5


class GradeRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class GradeInput:
    chosen: dict[int, str]  # criterion index -> chosen points, as the form sent them
    feedback: str
    reason: str = ""
    regrade: bool = False  # the form was for changing an existing grade


def chosen_levels(form_values, criteria_count: int) -> dict[int, str]:
    """The form's `kriteria-<i>` values by criterion index; forged extra names are kept, so rubric_score
    refuses them."""
    chosen = {}
    for name, value in form_values.items():
        if name.startswith("kriteria-"):
            try:
                chosen[int(name.removeprefix("kriteria-"))] = value
            except ValueError:
                raise GradeRefused(_("Isian penilaian tidak sah.")) from None
    return chosen


def points_text(points: Decimal) -> str:
    """Points as stored and as a form value: 4, 2.5; never 4.00 or 4E+1."""
    return format(points.normalize(), "f")


def chosen_per_criterion(rubric: Rubric, levels: dict) -> list[tuple]:
    """(criterion, the chosen Level or None) for each criterion of a stored grade, for showing it."""
    shown = []
    for index, criterion in enumerate(rubric.criteria):
        points = levels.get(str(index))
        level = next((lv for lv in criterion.levels if points is not None and lv.points == Decimal(points)), None)
        shown.append((criterion, level))
    return shown


def members_of(submission: Submission) -> list[int]:
    """The participants a submission's grade counts for."""
    if submission.user_id is not None:
        return [submission.user_id]
    return list(
        db.session.scalars(
            select(Enrolment.user_id)
            .where(Enrolment.tutor_group_id == submission.tutor_group_id)
            .order_by(Enrolment.user_id)
        )
    )


def grade_version(version: SubmissionVersion, grader_id: int, given: GradeInput) -> Grade:
    """Grade (or regrade) one version, committed; GradeRefused with the message otherwise, nothing changed."""
    submission = version.submission
    latest = db.session.scalar(
        select(SubmissionVersion.id)
        .where(SubmissionVersion.submission_id == submission.id)
        .order_by(SubmissionVersion.number.desc())
        .limit(1)
    )
    if latest != version.id:
        raise GradeRefused(_("Peserta sudah mengirim versi yang lebih baru; nilailah versi terakhir."))
    rubric = Rubric.from_dict(submission.task.rubric)
    try:
        score = rubric_score(rubric, given.chosen)
    except RubricError as error:
        raise GradeRefused(error.message) from None
    feedback = (given.feedback or "").strip()
    if len(feedback) > MAX_FEEDBACK:
        raise GradeRefused(_("Umpan balik paling banyak %(n)d karakter.", n=MAX_FEEDBACK))
    levels = {str(i): points_text(Decimal(str(v))) for i, v in sorted(given.chosen.items())}
    existing = db.session.scalar(select(Grade).where(Grade.version_id == version.id).with_for_update())
    members = members_of(submission)
    details = {"task_id": submission.task_id, "submission_id": submission.id, "version": version.number}
    if existing is None:
        if given.regrade:
            raise GradeRefused(_("Nilai ini tidak ditemukan lagi. Muat ulang halaman."))
        grade = Grade(version_id=version.id, grader_id=grader_id, levels=levels, score=score, feedback=feedback)
        db.session.add(grade)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            raise GradeRefused(_already_graded()) from None
        for user_id in members:
            audit.record("task.grade", "task_version", version.id, subject_user_id=user_id, score=str(score), **details)
        record_grade("task.grade", grade, members, grader_id)
        db.session.commit()
        return grade
    if not given.regrade:
        raise GradeRefused(_already_graded())
    reason = (given.reason or "").strip()
    if len(reason) < MIN_REASON:
        raise GradeRefused(_("Tulis alasan perubahan nilai (sedikitnya %(n)d karakter).", n=MIN_REASON))
    old_score = existing.score
    existing.levels, existing.score, existing.feedback = levels, score, feedback
    existing.grader_id, existing.regraded_at = grader_id, utcnow()
    for user_id in members:
        audit.record(
            "task.regrade",
            "task_version",
            version.id,
            reason=reason,
            subject_user_id=user_id,
            actor_id=grader_id,
            old_score=str(old_score),
            new_score=str(score),
            **details,
        )
    record_grade("task.regrade", existing, members, grader_id)
    db.session.commit()
    return existing


def _already_graded() -> str:
    return _(
        "Kiriman ini sudah dinilai (mungkin dari tab atau perangkat lain). "
        "Periksa nilainya; untuk mengubahnya, beri alasan perubahan."
    )
