"""The participant's plan editor (/aktualisasi/rancangan): every section is its own form and saves on its own;
a save from a stale tab is refused showing both texts; submitting goes through the workflow."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.aktualisasi import editing
from lms.aktualisasi.access import own_enrolment_or_404
from lms.aktualisasi.attachments import MAX_ATTACHMENTS, MAX_OFFICE_BYTES
from lms.aktualisasi.comments import latest_comments, versions_of
from lms.aktualisasi.criteria import CORE_VALUE_NAMES, CORE_VALUES, ISSUE_CRITERIA, all_criteria
from lms.aktualisasi.forms import (
    ActivityForm,
    AttachmentForm,
    CausesForm,
    IdeaForm,
    IssuesForm,
    RemoveActivityForm,
    RemoveAttachmentForm,
    TransitionForm,
    unique_ids,
)
from lms.aktualisasi.snapshot import SECTION_TITLES, activity_dict, missing_parts, plan_snapshot, scored_candidates
from lms.aktualisasi.transitions import transition
from lms.aktualisasi.workflow import NEXT_STEPS, STATE_LABELS, WorkflowError, actions_for, can_edit
from lms.core.extensions import db
from lms.core.files import size_text
from lms.core.photos import MAX_PDF_BYTES, MAX_PHOTO_BYTES
from lms.people.access import participant_required

bp = Blueprint("aktualisasi", __name__, url_prefix="/aktualisasi")

SECTION_FORMS = {"isu": IssuesForm, "penyebab": CausesForm, "gagasan": IdeaForm}


@bp.context_processor
def _value_names() -> dict:
    return {"core_value_names": CORE_VALUE_NAMES, "size_text": size_text}


def _filled(form_class, data: dict, revision: int):
    form = form_class(formdata=None)
    form.fill(data)
    form.revision.data = revision
    return form


def _editor(plan, *, bound: tuple[str, object] | None = None, conflict: dict | None = None, status: int = 200):
    """The editor page; `bound` is the section (key, form) just refused, shown with what was typed."""
    snapshot = plan_snapshot(plan)
    revisions = {s.key: s.revision for s in plan.sections} if plan else {}
    bound_key, bound_form = bound or (None, None)
    forms = {
        key: unique_ids(bound_form if key == bound_key else _filled(cls, snapshot[key], revisions.get(key, 0)), key)
        for key, cls in SECTION_FORMS.items()
    }
    activities = []
    for activity in plan.activities if plan else []:
        key = f"kegiatan-{activity.id}"
        form = bound_form if key == bound_key else _filled(ActivityForm, activity_dict(activity), activity.revision)
        remove = RemoveActivityForm(formdata=None, revision=activity.revision)
        activities.append((activity, unique_ids(form, key), remove))
    new_activity = unique_ids(
        bound_form if bound_key == "kegiatan-baru" else ActivityForm(formdata=None), "kegiatan-baru"
    )
    state = plan.state if plan else "draft"
    versions = versions_of(plan.id) if plan else []
    commented, comments = latest_comments(plan.id, versions) if plan else (None, {})
    context = dict(
        plan=plan,
        state=state,
        state_label=STATE_LABELS[state],
        next_step=NEXT_STEPS[state],
        editable=can_edit(state),
        snapshot=snapshot,
        candidates=scored_candidates(snapshot["isu"]),
        forms=forms,
        activities=activities,
        new_activity=new_activity,
        open_key=bound_key,
        conflict=conflict,
        missing=missing_parts(snapshot),
        actions=actions_for(state, {"participant"}),
        transition_form=TransitionForm(formdata=None, state=state),
        versions=versions,
        commented=commented,
        comments=comments,
        titles=SECTION_TITLES,
        criteria=all_criteria(),
        groups=ISSUE_CRITERIA,
        core_values=CORE_VALUES,
        attachment_form=AttachmentForm(formdata=None),
        remove_attachment_form=RemoveAttachmentForm(formdata=None),
        attachment_limits={
            "n": MAX_ATTACHMENTS,
            "photo": size_text(MAX_PHOTO_BYTES),
            "pdf": size_text(MAX_PDF_BYTES),
            "office": size_text(MAX_OFFICE_BYTES),
        },
    )
    return render_template("aktualisasi/editor.html", **context), status


@bp.get("/rancangan")
@participant_required
def editor():
    own_enrolment_or_404()
    return _editor(editing.plan_of(current_user.id))


def _carry_revision(form, revision: int) -> None:
    """The refused form now carries the stored revision: saving it again replaces the stored text, knowingly."""
    form.revision.data, form.revision.raw_data = revision, [str(revision)]


def _refused(message: str, key: str):
    db.session.rollback()
    flash(message, "error")
    return redirect(url_for("aktualisasi.editor", _anchor=f"bagian-{key}"))


@bp.post("/rancangan/bagian/<key>")
@participant_required
def save_section(key: str):
    own_enrolment_or_404()
    form_class = SECTION_FORMS.get(key) or abort(404)
    form = form_class()
    if not form.validate():
        return _editor(editing.plan_of(current_user.id), bound=(key, form), status=422)
    try:
        plan = editing.open_plan_for_writing(current_user.id)
        editing.save_section(plan, key, form.to_data(), form.revision.data)
    except editing.EditError as refused:
        return _refused(refused.message, key)
    except editing.Stale as stale:
        db.session.rollback()
        _carry_revision(form, stale.revision)
        conflict = {
            "key": key,
            "stored": stale.stored,
            "candidates": scored_candidates(stale.stored) if key == "isu" else [],
        }
        return _editor(editing.plan_of(current_user.id), bound=(key, form), conflict=conflict, status=409)
    db.session.commit()
    flash(_("Bagian \u201c%(title)s\u201d tersimpan.", title=SECTION_TITLES[key]), "success")
    return redirect(url_for("aktualisasi.editor", _anchor=f"bagian-{key}"))


@bp.post("/rancangan/kegiatan")
@participant_required
def add_activity():
    own_enrolment_or_404()
    form = ActivityForm()
    if not form.validate():
        return _editor(editing.plan_of(current_user.id), bound=("kegiatan-baru", form), status=422)
    try:
        plan = editing.open_plan_for_writing(current_user.id)
        activity = editing.add_activity(plan, form.to_fields())
    except editing.EditError as refused:
        return _refused(refused.message, "kegiatan")
    db.session.commit()
    flash(_("Kegiatan ditambahkan."), "success")
    return redirect(url_for("aktualisasi.editor", _anchor=f"bagian-kegiatan-{activity.id}"))


@bp.post("/rancangan/kegiatan/<int:activity_id>")
@participant_required
def save_activity(activity_id: int):
    own_enrolment_or_404()
    form = ActivityForm()
    key = f"kegiatan-{activity_id}"
    plan = editing.plan_of(current_user.id)
    if plan is None or editing.get_activity(plan, activity_id) is None:
        abort(404)
    if not form.validate():
        return _editor(plan, bound=(key, form), status=422)
    try:
        plan = editing.open_plan_for_writing(current_user.id)
        editing.save_activity(editing.get_activity(plan, activity_id), form.to_fields(), form.revision.data)
    except editing.EditError as refused:
        return _refused(refused.message, key)
    except editing.Stale as stale:
        db.session.rollback()
        _carry_revision(form, stale.revision)
        conflict = {"key": key, "stored": stale.stored}
        return _editor(editing.plan_of(current_user.id), bound=(key, form), conflict=conflict, status=409)
    db.session.commit()
    flash(_("Kegiatan tersimpan."), "success")
    return redirect(url_for("aktualisasi.editor", _anchor=f"bagian-{key}"))


@bp.post("/rancangan/kegiatan/<int:activity_id>/hapus")
@participant_required
def remove_activity(activity_id: int):
    own_enrolment_or_404()
    form = RemoveActivityForm()
    plan = editing.plan_of(current_user.id)
    if plan is None or editing.get_activity(plan, activity_id) is None:
        abort(404)
    if not form.validate():
        return _refused(_("Formulir kedaluwarsa; muat ulang halaman lalu coba lagi."), f"kegiatan-{activity_id}")
    try:
        plan = editing.open_plan_for_writing(current_user.id)
        editing.remove_activity(plan, editing.get_activity(plan, activity_id), form.revision.data)
    except editing.EditError as refused:
        return _refused(refused.message, "kegiatan")
    except editing.Stale:
        return _refused(
            _("Kegiatan ini baru diubah di tab lain; periksa dulu sebelum menghapusnya."), f"kegiatan-{activity_id}"
        )
    db.session.commit()
    flash(_("Kegiatan dihapus."), "success")
    return redirect(url_for("aktualisasi.editor", _anchor="bagian-kegiatan"))


@bp.post("/rancangan/ajukan")
@participant_required
def submit():
    own_enrolment_or_404()
    form = TransitionForm()
    plan = editing.plan_of(current_user.id)
    if not form.validate() or form.action.data not in ("submit", "submit_revision"):
        abort(400)
    if plan is None:
        flash(_("Rancangan masih kosong: tulis dulu setiap bagiannya."), "error")
        return redirect(url_for("aktualisasi.editor"))
    try:
        transition(plan, form.action.data, {"participant"}, actor_id=current_user.id, expected_state=form.state.data)
    except WorkflowError as refused:
        if refused.kind == "role":
            abort(403)
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("aktualisasi.editor"))
    db.session.commit()
    flash(_("Rancangan diajukan. %(next)s", next=NEXT_STEPS[plan.state]), "success")
    return redirect(url_for("aktualisasi.editor"))
