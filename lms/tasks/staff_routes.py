"""Staff pages of tasks: an angkatan's tasks with their counts, setting and editing a task, and the exports of
a task's grades (CSV, XLSX)."""

from zoneinfo import ZoneInfo

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.core import audit
from lms.core.export import to_csv, to_xlsx
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.core.rubric import Rubric, format_rubric
from lms.people.access import staff_required
from lms.people.models import AngkatanInstructor
from lms.phases.models import Phase
from lms.tasks.access import get_staff_task_or_404, get_task_angkatan_or_404, staff_task_clause
from lms.tasks.exports import grade_rows
from lms.tasks.forms import MEGABYTE, TaskForm
from lms.tasks.models import FILE_TYPES, Submission, SubmissionVersion, Task
from lms.tasks.routes import bp
from lms.tasks.setting import locked_changes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _grader_choices(angkatan_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(User.id, User.name)
        .join(AngkatanInstructor, AngkatanInstructor.user_id == User.id)
        .where(AngkatanInstructor.angkatan_id == angkatan_id, User.active.is_(True))
        .order_by(User.name)
    ).all()
    return [(user_id, name) for user_id, name in rows]


@bp.get("/angkatan/<int:angkatan_id>")
@staff_required
def angkatan_tasks(angkatan_id: int):
    angkatan = get_task_angkatan_or_404(angkatan_id)
    tasks = db.session.scalars(select(Task).where(Task.angkatan_id == angkatan.id).order_by(Task.due_at, Task.id)).all()
    counts = dict(
        db.session.execute(
            select(Submission.task_id, func.count(func.distinct(Submission.id)))
            .join(SubmissionVersion, SubmissionVersion.submission_id == Submission.id)
            .where(Submission.task_id.in_([t.id for t in tasks]))
            .group_by(Submission.task_id)
        ).all()
    )
    return render_template(
        "tasks/angkatan_tasks.html",
        angkatan=angkatan,
        tasks=tasks,
        counts=counts,
        openable=set(
            db.session.scalars(select(Task.id).where(Task.angkatan_id == angkatan.id, staff_task_clause(current_user)))
        ),
    )


def _form_for(angkatan, task: Task | None = None) -> TaskForm:
    form = TaskForm()
    form.grader_id.choices = _grader_choices(angkatan.id)
    if request.method == "GET":
        zone = ZoneInfo(angkatan.tz_name)
        if task is not None:
            form.title.data, form.agenda.data, form.instructions.data = task.title, task.agenda, task.instructions_md
            form.opens_at.data = task.opens_at.astimezone(zone).replace(tzinfo=None)
            form.due_at.data = task.due_at.astimezone(zone).replace(tzinfo=None)
            form.file_types.data = list(task.accepted)
            form.max_mb.data = max(1, task.max_bytes // MEGABYTE)
            form.text_allowed.data, form.per_group.data = task.text_allowed, task.per_group
            form.late_allowed.data, form.grader_id.data = task.late_allowed, task.grader_id
            form.rubric.data = format_rubric(Rubric.from_dict(task.rubric))
        elif current_user.role == Role.INSTRUCTOR.value:
            form.grader_id.data = current_user.id
    return form


def _apply(form: TaskForm, task: Task, tz_name: str) -> None:
    task.title = form.title.data.strip()
    task.agenda = form.agenda.data
    task.instructions_md = form.instructions.data or ""
    task.opens_at = form.aware(form.opens_at.data, tz_name)
    task.due_at = form.aware(form.due_at.data, tz_name)
    task.file_types = ",".join(t for t in FILE_TYPES if t in (form.file_types.data or []))
    task.max_bytes = form.max_mb.data * MEGABYTE
    task.text_allowed = bool(form.text_allowed.data)
    task.per_group = bool(form.per_group.data)
    task.late_allowed = bool(form.late_allowed.data)
    task.grader_id = form.grader_id.data
    task.rubric = form.parsed_rubric.as_dict()


@bp.route("/angkatan/<int:angkatan_id>/baru", methods=["GET", "POST"])
@staff_required
def new_task(angkatan_id: int):
    angkatan = get_task_angkatan_or_404(angkatan_id)
    form = _form_for(angkatan)
    if not form.grader_id.choices:
        flash(_("Angkatan ini belum punya widyaiswara; tetapkan pengajar dulu agar tugas punya penilai."), "error")
    if form.validate_on_submit():
        pjj = db.session.scalar(select(Phase.id).where(Phase.code == "pjj"))
        task = Task(angkatan_id=angkatan.id, phase_id=pjj, created_by_id=current_user.id)
        _apply(form, task, angkatan.tz_name)
        db.session.add(task)
        db.session.flush()
        audit.record("task.create", "task", task.id, title=task.title, angkatan_id=angkatan.id)
        db.session.commit()
        flash(_("Tugas '%(title)s' disimpan.", title=task.title), "success")
        return redirect(url_for("tasks.angkatan_tasks", angkatan_id=angkatan.id))
    return render_template("tasks/task_form.html", form=form, angkatan=angkatan, task=None)


@bp.route("/<int:task_id>/ubah", methods=["GET", "POST"])
@staff_required
def edit_task(task_id: int):
    task = get_staff_task_or_404(task_id)
    angkatan = task.angkatan
    form = _form_for(angkatan, task)
    if form.validate_on_submit():
        refused = locked_changes(task, form.parsed_rubric.as_dict(), bool(form.per_group.data))
        for name, message in refused.items():
            getattr(form, name).errors.append(message)
        if refused:
            return render_template("tasks/task_form.html", form=form, angkatan=angkatan, task=task), 422
        before = {"due_at": task.due_at.isoformat(), "late_allowed": task.late_allowed, "rubric": task.rubric}
        _apply(form, task, angkatan.tz_name)
        audit.record("task.update", "task", task.id, before=before, due_at=task.due_at.isoformat())
        db.session.commit()
        flash(_("Tugas '%(title)s' disimpan.", title=task.title), "success")
        return redirect(url_for("tasks.angkatan_tasks", angkatan_id=angkatan.id))
    return render_template("tasks/task_form.html", form=form, angkatan=angkatan, task=task)


@bp.post("/<int:task_id>/nilai.<kind>")
@staff_required
def export_grades(task_id: int, kind: str):
    task = get_staff_task_or_404(task_id)
    if kind not in ("csv", "xlsx") or not EmptyForm().validate_on_submit():
        abort(400)
    header, rows = grade_rows(task)
    filename = f"nilai-tugas-{task.id}.{kind}"
    if kind == "csv":
        delimiter = ";" if request.form.get("pemisah") == "titikkoma" else ","
        data, mimetype = to_csv(header, rows, delimiter), "text/csv; charset=utf-8"
    else:
        data, mimetype = to_xlsx(task.title, header, rows), XLSX
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
