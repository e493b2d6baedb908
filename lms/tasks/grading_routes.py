"""The widyaiswara's grading queue (the counted submissions of the tasks they grade, oldest first) and the
grading page of one submission: the rubric's levels as radio buttons, feedback, and a regrade with a reason."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lms.auth.models import User
from lms.core.extensions import db
from lms.core.pagination import page_window, requested_page
from lms.core.rubric import Rubric
from lms.people.access import instructor_required
from lms.tasks.access import get_gradable_submission_or_404
from lms.tasks.forms import GradeForm
from lms.tasks.grading import GradeInput, GradeRefused, chosen_levels, grade_version, members_of
from lms.tasks.models import Task
from lms.tasks.routes import bp
from lms.tasks.submitting import latest_version
from lms.tasks.summary import queue_query

QUEUE_PER_PAGE = 30
FILTERS = ("belum", "dinilai", "terlambat")


@bp.get("/penilaian")
@instructor_required
def queue():
    kind = request.args.get("filter", "belum")
    kind = kind if kind in FILTERS else "belum"
    task_id = request.args.get("tugas", type=int)
    mine = Task.grader_id == current_user.id
    tasks = db.session.scalars(select(Task).where(mine).order_by(Task.due_at.desc())).all()
    clause = mine if task_id is None else (mine & (Task.id == task_id))
    query = queue_query(clause, kind)
    total = db.session.scalar(select(func.count()).select_from(queue_query(clause, kind, load=False).subquery()))
    window = page_window(total, QUEUE_PER_PAGE, requested_page(request.args))
    rows = db.session.execute(query.offset(window.offset).limit(window.per_page)).all()
    return render_template(
        "tasks/queue.html", rows=rows, kind=kind, tasks=tasks, task_id=task_id, window=window, total=total
    )


def _grade_page(submission, form: GradeForm, chosen: dict, error: str | None = None, status: int = 200):
    version = latest_version(submission)
    task = submission.task
    grade = version.grade if version else None
    if not chosen and grade is not None:
        chosen = {int(i): p for i, p in grade.levels.items()}
    return (
        render_template(
            "tasks/grade.html",
            submission=submission,
            task=task,
            version=version,
            grade=grade,
            rubric=Rubric.from_dict(task.rubric),
            chosen={i: str(p) for i, p in chosen.items()},
            members=members_of(submission),
            member_names=_names(members_of(submission)),
            form=form,
            error=error,
        ),
        status,
    )


def _names(user_ids: list[int]) -> list[str]:
    return list(db.session.scalars(select(User.name).where(User.id.in_(user_ids)).order_by(User.name)))


@bp.route("/kiriman/<int:submission_id>/nilai", methods=["GET", "POST"])
@instructor_required
def grade(submission_id: int):
    submission = get_gradable_submission_or_404(submission_id)
    version = latest_version(submission)
    form = GradeForm()
    if request.method == "GET":
        if version and version.grade:
            form.feedback.data = version.grade.feedback
        return _grade_page(submission, form, {})
    rubric = Rubric.from_dict(submission.task.rubric)
    try:
        chosen = chosen_levels(request.form, len(rubric.criteria))
    except GradeRefused as refused:
        return _grade_page(submission, form, {}, refused.message, 422)
    if not form.validate_on_submit():
        message = " ".join(e for es in form.errors.values() for e in es) or _("Isian tidak sah.")
        return _grade_page(submission, form, chosen, message, 400)
    if version is None or str(version.id) != request.form.get("versi"):
        return _grade_page(submission, form, chosen, _("Peserta mengirim versi baru; periksa lalu nilai lagi."), 409)
    given = GradeInput(
        chosen=chosen,
        feedback=form.feedback.data or "",
        reason=form.reason.data or "",
        regrade=request.form.get("ubah") == "1",
    )
    try:
        saved = grade_version(version, current_user.id, given)
    except GradeRefused as refused:
        return _grade_page(submission, form, chosen, refused.message, 422)
    flash(_("Nilai %(score)s disimpan.", score=str(saved.score).replace(".", ",")), "success")
    return redirect(url_for("tasks.queue", tugas=submission.task_id))
