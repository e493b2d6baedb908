"""Submitting to a task: whether the server takes a submission now (the deadline rule), whose submission it
is (the participant's, or their tutor group's), and storing a new version with its checked file."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.files import FileRefused, check_file
from lms.core.i18n import local_datetime
from lms.core.storage import get_storage, new_key
from lms.people.models import Enrolment
from lms.phases.completion import complete_if_due
from lms.tasks.models import Submission, SubmissionVersion, Task

MAX_TEXT = 20_000
STORAGE_PREFIX = "tugas"

# What the participant sees of a task: nothing sent, sent on time, sent late, graded.
BELUM, TERKUMPUL, TERLAMBAT, DINILAI = "belum", "terkumpul", "terlambat", "dinilai"


class SubmissionRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def window(task: Task, now: datetime, has_version: bool) -> tuple[bool, bool, str | None]:
    """(accepted, late, why not) for a submission at `now`: before the due time always (a resubmission
    replaces the counted version); after it, a first submission only, flagged late, if the task allows it."""
    if now < task.opens_at:
        return False, False, _("Tugas ini belum dibuka; dibuka %(when)s.", when=local_datetime(task.opens_at))
    if now <= task.due_at:
        return True, False, None
    if not task.late_allowed:
        return (
            False,
            False,
            _(
                "Batas waktu tugas ini sudah lewat (%(when)s) dan tugas ini tidak menerima kiriman terlambat.",
                when=local_datetime(task.due_at),
            ),
        )
    if has_version:
        return False, False, _("Batas waktu sudah lewat; kiriman Anda yang terakhir yang dinilai.")
    return True, True, None


def status_of(version: SubmissionVersion | None, graded: bool) -> str:
    if version is None:
        return BELUM
    if graded:
        return DINILAI
    return TERLAMBAT if version.late else TERKUMPUL


def owner_of(task: Task, enrolment: Enrolment) -> dict:
    """The submission's owner columns: the participant, or for a group task their tutor group."""
    if not task.per_group:
        return {"user_id": enrolment.user_id}
    if enrolment.tutor_group_id is None:
        raise SubmissionRefused(
            _("Tugas ini dikumpulkan per kelompok tutor, dan Anda belum masuk kelompok. Hubungi penyelenggara.")
        )
    return {"tutor_group_id": enrolment.tutor_group_id}


def find_submission(task: Task, enrolment: Enrolment) -> Submission | None:
    try:
        owner = owner_of(task, enrolment)
    except SubmissionRefused:
        return None
    return db.session.scalar(select(Submission).filter_by(task_id=task.id, **owner))


def latest_version(submission: Submission | None) -> SubmissionVersion | None:
    if submission is None:
        return None
    return db.session.scalar(
        select(SubmissionVersion)
        .where(SubmissionVersion.submission_id == submission.id)
        .order_by(SubmissionVersion.number.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Upload:
    filename: str | None
    data: bytes


def clean_text(text: str | None, task: Task) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    if not task.text_allowed:
        raise SubmissionRefused(_("Tugas ini hanya menerima berkas, bukan jawaban teks."))
    if len(text) > MAX_TEXT:
        raise SubmissionRefused(_("Jawaban teks paling banyak %(n)d karakter.", n=MAX_TEXT))
    return text


def submit(
    task: Task, enrolment: Enrolment, *, text: str | None, upload: Upload | None, now: datetime | None = None
) -> SubmissionVersion:
    """Store a new version of the participant's (or group's) submission, committed; SubmissionRefused (or
    FileRefused) with the reason otherwise, nothing stored then. The file is written to storage before the
    row that names it and removed again if the row cannot be written."""
    now = now or utcnow()
    answer = clean_text(text, task)
    checked = None
    if upload is not None and upload.data:
        checked = check_file(upload.filename, upload.data, task.accepted, task.max_bytes)
    if answer is None and checked is None:
        raise SubmissionRefused(
            _("Pilih berkas atau tulis jawaban sebelum mengirim.")
            if task.text_allowed and task.accepted
            else (_("Pilih berkas sebelum mengirim.") if task.accepted else _("Tulis jawaban sebelum mengirim."))
        )
    owner = owner_of(task, enrolment)
    submission = db.session.scalar(select(Submission).filter_by(task_id=task.id, **owner).with_for_update())
    has_version = submission is not None and bool(
        db.session.scalar(select(func.count()).where(SubmissionVersion.submission_id == submission.id))
    )
    accepted, late, why = window(task, now, has_version)
    if not accepted:
        raise SubmissionRefused(why)
    key = None
    if checked is not None:
        key = new_key(STORAGE_PREFIX)
        get_storage().put(key, upload.data)
    try:
        if submission is None:
            submission = Submission(task_id=task.id, **owner)
            db.session.add(submission)
            db.session.flush()
        number = (
            db.session.scalar(
                select(func.max(SubmissionVersion.number)).where(SubmissionVersion.submission_id == submission.id)
            )
            or 0
        ) + 1
        version = SubmissionVersion(
            submission_id=submission.id,
            number=number,
            submitted_by_id=enrolment.user_id,
            submitted_at=now,
            late=late,
            text_answer=answer,
            file_key=key,
            file_name=checked.display_name if checked else None,
            file_type=checked.kind if checked else None,
            file_size=checked.size if checked else None,
            file_sha256=hashlib.sha256(upload.data).hexdigest() if checked else None,
        )
        db.session.add(version)
        db.session.flush()
        complete_after_submission(task, enrolment)
        db.session.commit()
    except IntegrityError:
        # Two sends at the same moment (two tabs, a double tap, two group members): one wins, the other
        # is told to look again; its file is not kept.
        db.session.rollback()
        if key:
            get_storage().delete(key)
        raise SubmissionRefused(
            _("Kiriman lain untuk tugas ini tersimpan pada saat yang sama. Periksa kiriman terakhir lalu kirim lagi.")
        ) from None
    except BaseException:
        db.session.rollback()
        if key:
            get_storage().delete(key)
        raise
    return version


__all__ = ["FileRefused", "SubmissionRefused", "Upload", "find_submission", "latest_version", "status_of", "submit"]


def complete_after_submission(task: Task, enrolment: Enrolment) -> None:
    """A submission may be the last requirement met: for the submitter, or every member of a group task's group."""
    user_ids = [enrolment.user_id]
    if task.per_group and enrolment.tutor_group_id is not None:
        user_ids = db.session.scalars(
            select(Enrolment.user_id).where(Enrolment.tutor_group_id == enrolment.tutor_group_id)
        ).all()
    for user_id in user_ids:
        complete_if_due(user_id, task.phase_id, via="tugas")
