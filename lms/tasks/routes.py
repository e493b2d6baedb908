"""The participant's pages: their tasks with due times and status, a task's page with the submit form, and
the download of a submitted file (for everyone the access check lets read it)."""

from urllib.parse import quote

from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from lms.auth.models import Role
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.files import CONTENT_TYPES, FileRefused, accepted_text, size_text
from lms.core.render import render_markdown
from lms.core.rubric import Rubric
from lms.core.storage import CHUNK, get_storage
from lms.people.access import participant_required, role_required
from lms.tasks.access import get_participant_task_or_404, get_version_or_404
from lms.tasks.forms import SubmitForm
from lms.tasks.grading import chosen_per_criterion
from lms.tasks.models import SubmissionVersion, Task
from lms.tasks.submitting import SubmissionRefused, Upload, find_submission, submit, window
from lms.tasks.summary import participant_statuses

bp = Blueprint("tasks", __name__, url_prefix="/tugas")


@bp.get("/")
@participant_required
def my_tasks():
    enrolment = current_user.enrolment
    tasks = []
    if enrolment is not None:
        tasks = db.session.scalars(
            select(Task)
            .where(Task.angkatan_id == enrolment.angkatan_id, Task.opens_at <= utcnow())
            .order_by(Task.due_at, Task.id)
        ).all()
    statuses = participant_statuses(tasks, current_user.id, enrolment.tutor_group_id if enrolment else None)
    return render_template("tasks/my_tasks.html", tasks=tasks, statuses=statuses, now=utcnow())


def _task_page(task: Task, enrolment, form: SubmitForm, error: str | None = None, status: int = 200):
    submission = find_submission(task, enrolment)
    versions = list(reversed(submission.versions)) if submission else []
    latest = versions[0] if versions else None
    accepted, late, why = window(task, utcnow(), bool(versions))
    return (
        render_template(
            "tasks/task.html",
            task=task,
            form=form,
            error=error,
            versions=versions,
            latest=latest,
            grade=latest.grade if latest else None,
            grade_levels=chosen_per_criterion(Rubric.from_dict(task.rubric), latest.grade.levels)
            if latest and latest.grade
            else [],
            rubric=Rubric.from_dict(task.rubric),
            instructions=render_markdown(task.instructions_md).html,
            accepted=accepted,
            late=late,
            why=why,
            accepted_types=accepted_text(task.accepted),
            max_size=size_text(task.max_bytes),
            no_group=task.per_group and enrolment.tutor_group_id is None,
        ),
        status,
    )


@bp.get("/<int:task_id>")
@participant_required
def task_page(task_id: int):
    task, enrolment = get_participant_task_or_404(task_id)
    return _task_page(task, enrolment, SubmitForm())


@bp.post("/<int:task_id>/kirim")
@participant_required
def submit_task(task_id: int):
    task, enrolment = get_participant_task_or_404(task_id)
    form = SubmitForm()
    if not form.validate_on_submit():
        return _task_page(
            task, enrolment, form, error=" ".join(e for es in form.errors.values() for e in es), status=400
        )
    upload = None
    if form.file.data and form.file.data.filename:
        # Read one byte past the task's limit: enough to refuse a larger file without holding all of it.
        upload = Upload(form.file.data.filename, form.file.data.stream.read(task.max_bytes + 1))
    try:
        version = submit(task, enrolment, text=form.text.data, upload=upload)
    except (SubmissionRefused, FileRefused) as refused:
        return _task_page(task, enrolment, form, error=refused.message, status=422)
    if version.late:
        flash(_("Kiriman tersimpan (versi %(n)d), ditandai terlambat.", n=version.number), "warning")
    else:
        flash(_("Kiriman tersimpan (versi %(n)d).", n=version.number), "success")
    return redirect(url_for("tasks.task_page", task_id=task.id))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    """A body over MAX_CONTENT_LENGTH is refused before it is read: the task page says so, not a bare 413."""
    task_id = (request.view_args or {}).get("task_id")
    limit = size_text(request.max_content_length or 0)
    message = _("Berkas terlalu besar: kiriman paling besar %(max)s. Perkecil berkasnya lalu kirim lagi.", max=limit)
    if task_id is not None and current_user.is_authenticated and current_user.role == Role.PARTICIPANT.value:
        task, enrolment = get_participant_task_or_404(task_id)
        return _task_page(task, enrolment, SubmitForm(formdata=None), error=message, status=413)
    return render_template("tasks/too_large.html", message=message), 413


@bp.get("/terlalu-besar")
def too_large_page():
    """Where nginx sends a body over its client_max_body_size (error_page 413; nginx turns the POST into a
    GET for it), so the refusal is explained in Indonesian rather than by nginx's own page."""
    message = _("Berkas yang dikirim terlalu besar, jadi ditolak sebelum diterima. Perkecil berkasnya lalu kirim lagi.")
    return render_template("tasks/too_large.html", message=message), 413


@bp.get("/berkas/<int:version_id>")
@role_required(Role.PARTICIPANT, Role.INSTRUCTOR, Role.COORDINATOR, Role.ADMIN)
def download(version_id: int):
    version: SubmissionVersion = get_version_or_404(version_id)
    if not version.file_key:
        return redirect(url_for("tasks.my_tasks"))
    stream = get_storage().open(version.file_key)

    def chunks():
        try:
            while chunk := stream.read(CHUNK):
                yield chunk
        finally:
            stream.close()

    filename = version.file_name or f"berkas.{version.file_type}"
    response = Response(stream_with_context(chunks()), mimetype=CONTENT_TYPES[version.file_type])
    # Always a download, never shown inline: a file is never rendered as a page of this site.
    response.headers["Content-Disposition"] = _attachment(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if version.file_size:
        response.headers["Content-Length"] = str(version.file_size)
    return response


def _attachment(filename: str) -> str:
    """RFC 6266: an ASCII fallback and the UTF-8 name."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
