"""The plan's attachments: a file is checked by its bytes (photos re-encoded without metadata, PDFs, Office
documents), kept in lms.core.storage, and listed on the plan while the participant holds the pen; coach, mentor,
coordinator and penguji read it through the plan's access check. Every addition and removal is audited."""

import hashlib

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.aktualisasi.editing import EditError, open_plan_for_writing
from lms.aktualisasi.models import PlanAttachment
from lms.core import audit
from lms.core.extensions import db
from lms.core.files import check_file, claimed_kind, display_name
from lms.core.photos import Evidence, check_evidence
from lms.core.storage import get_storage, new_key

MAX_ATTACHMENTS = 5  # a plan's supporting documents, not an archive
OFFICE_KINDS = ("docx", "xlsx", "pptx")
MAX_OFFICE_BYTES = 5 * 1024 * 1024


def check_attachment(filename: str | None, data: bytes) -> Evidence:
    """The file as it will be kept (a photo downscaled and stripped of its metadata), or FileRefused saying why."""
    if claimed_kind(display_name(filename)) in OFFICE_KINDS:
        checked = check_file(filename, data, OFFICE_KINDS, MAX_OFFICE_BYTES)
        return Evidence(data, checked.display_name, checked.content_type)
    return check_evidence(filename, data)


def add_attachment(user_id: int, checked: Evidence, caption: str) -> PlanAttachment:
    """Store the checked file and list it on the participant's plan (the caller commits). EditError when the pen
    is not theirs or the plan has its MAX_ATTACHMENTS already; the stored file is removed again if the row is not
    written, so a refusal leaves nothing behind."""
    plan = open_plan_for_writing(user_id)  # locked: two uploads at once count each other
    count = db.session.scalar(select(func.count()).where(PlanAttachment.plan_id == plan.id))
    if count >= MAX_ATTACHMENTS:
        raise EditError(
            _("Rancangan sudah punya %(n)d lampiran, batasnya. Hapus satu dulu bila perlu.", n=MAX_ATTACHMENTS)
        )
    key = new_key("rancangan")
    size = get_storage().put(key, checked.data)
    try:
        attachment = PlanAttachment(
            plan_id=plan.id,
            key=key,
            filename=checked.filename,
            content_type=checked.content_type,
            size=size,
            sha256=hashlib.sha256(checked.data).hexdigest(),
            caption=caption.strip(),
            created_by_id=user_id,
        )
        db.session.add(attachment)
        db.session.flush()
        _audit("aktualisasi.attachment_add", attachment, user_id)
    except Exception:
        get_storage().delete(key)
        raise
    return attachment


def remove_attachment(user_id: int, attachment_id: int) -> str:
    """Take the attachment off the plan (the caller commits, then deletes the returned storage key: a rollback
    must never leave a row pointing at a deleted file). EditError when the pen is not theirs."""
    plan = open_plan_for_writing(user_id)
    attachment = db.session.get(PlanAttachment, attachment_id)
    if attachment is None or attachment.plan_id != plan.id:
        raise LookupError(attachment_id)
    _audit("aktualisasi.attachment_remove", attachment, user_id)
    db.session.delete(attachment)
    return attachment.key


def _audit(action: str, attachment: PlanAttachment, user_id: int) -> None:
    audit.record(
        action,
        "plan",
        attachment.plan_id,
        subject_user_id=user_id,
        actor_id=user_id,
        attachment=attachment.id,
        filename=attachment.filename,
        sha256=attachment.sha256,
    )
