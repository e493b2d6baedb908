"""Moderation by the angkatan's instructors and coordinators, and reports from members.

Pin, lock, hide (with a reason; the author is told) and mark an answer; every action is audited in
the same transaction. Views check that the user moderates the space (access.require_moderator).
"""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.discussion import notifications
from lms.discussion.access import ThreadContext
from lms.discussion.members import instructors_of
from lms.discussion.models import Post, Report
from lms.discussion.notifications import Notice
from lms.discussion.posting import PostRefused

MIN_REASON, MAX_REASON = 5, 1000


def check_reason(text: str | None) -> str:
    reason = " ".join((text or "").split())
    if len(reason) < MIN_REASON:
        raise PostRefused(_("Tulis alasannya (paling sedikit %(n)d karakter).", n=MIN_REASON), "reason")
    if len(reason) > MAX_REASON:
        raise PostRefused(_("Alasan paling banyak %(n)d karakter.", n=MAX_REASON), "reason")
    return reason


def set_pinned(context: ThreadContext, pinned: bool, actor_id: int) -> None:
    if context.thread.pinned != pinned:
        context.thread.pinned = pinned
        audit.record(
            "discussion.thread.pin" if pinned else "discussion.thread.unpin",
            "discussion_thread",
            context.thread.id,
            actor_id=actor_id,
        )


def set_locked(context: ThreadContext, locked: bool, actor_id: int) -> None:
    if context.thread.locked != locked:
        context.thread.locked = locked
        audit.record(
            "discussion.thread.lock" if locked else "discussion.thread.unlock",
            "discussion_thread",
            context.thread.id,
            actor_id=actor_id,
        )


def _resolve_reports(post_id: int, actor_id: int, now: datetime) -> None:
    db.session.execute(
        update(Report)
        .where(Report.post_id == post_id, Report.resolved_at.is_(None))
        .values(resolved_at=now, resolved_by_id=actor_id)
        .execution_options(synchronize_session=False)
    )


def hide_post(post: Post, context: ThreadContext, reason: str, actor_id: int, now: datetime | None = None) -> None:
    """Hide the post from participants (hiding the opening post hides the thread); tell the author why."""
    now = now or utcnow()
    reason = check_reason(reason)
    if post.hidden_at is not None:
        raise PostRefused(_("Pos ini sudah disembunyikan."))
    post.hidden_at, post.hidden_by_id, post.hidden_reason = now, actor_id, reason
    thread = context.thread
    if post.deleted_at is None:
        thread.removed_posts += 1
    if post.seq == 1:
        thread.hidden = True
    if thread.answer_post_id == post.id:
        thread.answer_post_id = None
    _resolve_reports(post.id, actor_id, now)
    audit.record(
        "discussion.post.hide",
        "discussion_post",
        post.id,
        reason=reason,
        subject_user_id=post.author_id,
        actor_id=actor_id,
        thread_id=thread.id,
    )
    notifications.send([Notice(post.author_id, "hidden", actor_id, thread.id, post.id)])


def unhide_post(post: Post, context: ThreadContext, actor_id: int) -> None:
    if post.hidden_at is None:
        return
    post.hidden_at = post.hidden_by_id = post.hidden_reason = None
    if post.deleted_at is None:
        context.thread.removed_posts -= 1
    if post.seq == 1:
        context.thread.hidden = False
    audit.record(
        "discussion.post.unhide",
        "discussion_post",
        post.id,
        subject_user_id=post.author_id,
        actor_id=actor_id,
        thread_id=context.thread.id,
    )


def toggle_answer(post: Post, context: ThreadContext, actor_id: int) -> bool:
    """Mark the reply as the thread's answer, or unmark it. Returns whether it is the answer now."""
    thread = context.thread
    if thread.answer_post_id == post.id:
        thread.answer_post_id = None
        audit.record("discussion.answer.unmark", "discussion_post", post.id, actor_id=actor_id, thread_id=thread.id)
        return False
    if post.seq == 1:
        raise PostRefused(_("Pos pembuka tidak dapat menjadi jawaban; pilih salah satu balasan."))
    if post.deleted_at is not None or post.hidden_at is not None:
        raise PostRefused(_("Pos yang dihapus atau disembunyikan tidak dapat menjadi jawaban."))
    thread.answer_post_id = post.id
    audit.record("discussion.answer.mark", "discussion_post", post.id, actor_id=actor_id, thread_id=thread.id)
    return True


def report_post(post: Post, context: ThreadContext, reporter_id: int, reason: str, now: datetime | None = None):
    """A member reports a post; the angkatan's instructors are notified."""
    reason = check_reason(reason)
    if post.author_id == reporter_id:
        raise PostRefused(_("Anda tidak dapat melaporkan pos Anda sendiri."))
    if post.deleted_at is not None:
        raise PostRefused(_("Pos ini sudah dihapus penulisnya."))
    report = Report(post_id=post.id, reporter_id=reporter_id, reason=reason, created_at=now or utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(report)
            db.session.flush()
    except IntegrityError:
        raise PostRefused(_("Anda sudah melaporkan pos ini; widyaiswara akan meninjaunya.")) from None
    notifications.send(
        [Notice(uid, "report", reporter_id, post.thread_id, post.id) for uid in instructors_of(context.space)]
    )
    return report


def resolve_report(report: Report, actor_id: int, now: datetime | None = None) -> None:
    """The report was looked at and needs nothing more (hiding the post resolves it too)."""
    if report.resolved_at is None:
        report.resolved_at, report.resolved_by_id = now or utcnow(), actor_id
        audit.record(
            "discussion.report.dismiss", "discussion_report", report.id, actor_id=actor_id, post_id=report.post_id
        )


def open_report_counts(post_ids: list[int]) -> dict[int, int]:
    if not post_ids:
        return {}
    rows = db.session.execute(
        select(Report.post_id, func.count())
        .where(Report.post_id.in_(post_ids), Report.resolved_at.is_(None))
        .group_by(Report.post_id)
    )
    return {post_id: n for post_id, n in rows}
