"""What the coach and the mentor do on the log: comment on an entry (the participant answers in the same thread),
the mentor confirms or questions it, and both decide on a proposed change of plan."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.models import Role
from lms.core.extensions import db
from lms.habituation.access import get_change_or_404, get_entry_or_404, log_readers_required
from lms.habituation.changes import decide_change
from lms.habituation.entries import LogRefused, add_comment, decide
from lms.habituation.forms import ChangeDecisionForm, CommentForm, DecisionForm
from lms.habituation.pages import entry_page
from lms.habituation.routes import bp
from lms.people.access import role_required

THREAD_ROLES = ("participant", "coach", "mentor")


@bp.post("/entri/<int:entry_id>/komentar")
@log_readers_required
def comment(entry_id: int):
    entry, access = get_entry_or_404(entry_id)
    role = next((r for r in THREAD_ROLES if r in access.actors), None)
    if role is None:
        abort(403)
    form = CommentForm()
    if not form.validate():
        return entry_page(entry, access, status=422, error=" ".join(form.body.errors) or None)
    try:
        add_comment(entry, current_user.id, role, form.body.data)
    except LogRefused as refused:
        db.session.rollback()
        return entry_page(entry, access, status=422, error=refused.message)
    db.session.commit()
    flash(_("Komentar terkirim."), "success")
    return redirect(url_for("habituation.entry", entry_id=entry_id, _anchor="komentar"))


@bp.post("/entri/<int:entry_id>/keputusan")
@role_required(Role.MENTOR)
def decision(entry_id: int):
    entry, access = get_entry_or_404(entry_id, actor="mentor")  # 404 for another mentor's mentee
    form = DecisionForm()
    if not form.validate() or form.action.data not in ("confirm", "question"):
        return entry_page(
            entry, access, status=422, error=_("Formulir tidak lengkap; muat ulang halaman lalu coba lagi.")
        )
    try:
        decide(entry, current_user.id, form.action.data, form.reason.data, form.revision.data)
    except LogRefused as refused:
        db.session.rollback()
        return entry_page(db.session.get(type(entry), entry_id), access, status=409, error=refused.message)
    db.session.commit()
    if form.action.data == "confirm":
        flash(_("Entri dikonfirmasi."), "success")
    else:
        flash(_("Entri dikembalikan ke peserta dengan pertanyaan Anda."), "success")
    return redirect(url_for("aktualisasi.queue"))


@bp.post("/perubahan/<int:change_id>/keputusan")
@role_required(Role.INSTRUCTOR, Role.MENTOR)
def change_decision(change_id: int):
    change, access = get_change_or_404(change_id)
    role = "mentor" if current_user.role == Role.MENTOR.value else "coach"
    access.require(role)
    form = ChangeDecisionForm()
    back = redirect(url_for("habituation.participant_log", user_id=change.user_id, _anchor="perubahan"))
    if not form.validate() or form.agree.data not in ("ya", "tidak"):
        flash(_("Formulir tidak lengkap; muat ulang halaman lalu coba lagi."), "error")
        return back
    try:
        decided = decide_change(change.id, role, current_user.id, form.agree.data == "ya", form.reason.data or "")
    except LogRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return back
    db.session.commit()
    messages = {
        "applied": _("Perubahan rancangan disetujui kedua pihak dan sudah berlaku."),
        "refused": _("Usulan perubahan ditolak; peserta melihat alasan Anda."),
        "proposed": _("Persetujuan Anda tercatat; perubahan berlaku setelah pihak lain juga setuju."),
    }
    flash(messages[decided.state], "success")
    return back
