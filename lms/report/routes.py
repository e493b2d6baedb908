"""The participant's report editor (/aktualisasi/laporan): started once the plan is approved, every section is
its own form and saves on its own; a save from a stale tab is refused showing both texts; the parts assembled
from the log are refreshed only after a preview; submitting goes through the workflow."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.aktualisasi.access import own_enrolment_or_404
from lms.aktualisasi.criteria import CORE_VALUE_NAMES
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people.access import participant_required
from lms.report import editing
from lms.report.assembly import evidence_numbers, section_title
from lms.report.comments import latest_comments, versions_of
from lms.report.forms import RefreshForm, SectionForm, TransitionForm
from lms.report.transitions import transition
from lms.report.workflow import NEXT_STEPS, STATE_LABELS, WorkflowError, actions_for, can_edit

bp = Blueprint("report", __name__, url_prefix="/aktualisasi/laporan")


@bp.context_processor
def _names() -> dict:
    return {"core_value_names": CORE_VALUE_NAMES, "section_title": section_title}


def _section_forms(report, bound: tuple[str, object] | None):
    bound_key, bound_form = bound or (None, None)
    forms = {}
    for s in report.sections:
        if s.key == bound_key:
            forms[s.key] = bound_form
            continue
        form = SectionForm(formdata=None, revision=s.revision, body=s.body)
        for f in form:
            if f.name == "body":
                f.id = f.label.field_id = f"bagian-{s.key}-body"  # several forms on one page: each label its input
        forms[s.key] = form
    if bound_form is not None:
        bound_form.body.id = bound_form.body.label.field_id = f"bagian-{bound_key}-body"
    return forms


def _editor(report, *, bound=None, conflict: dict | None = None, status: int = 200):
    """The editor page; `bound` is the section (key, form) just refused, shown with what was typed."""
    if report is None:
        return render_template(
            "report/start.html", can_start=editing.can_start(current_user.id), start_form=EmptyForm()
        ), status
    state = report.state
    context = dict(
        report=report,
        state=state,
        state_label=STATE_LABELS[state],
        next_step=NEXT_STEPS[state],
        editable=can_edit(state),
        forms=_section_forms(report, bound),
        open_key=(bound or (None,))[0],
        conflict=conflict,
        missing=editing.missing_parts(report),
        actions=actions_for(state, {"participant"}),
        transition_form=TransitionForm(formdata=None, state=state),
        comments=latest_comments(report.id),
        versions=versions_of(report.id),
        person=current_user,
        evidence_numbers=evidence_numbers(report.sections),
    )
    return render_template("report/editor.html", **context), status


@bp.get("")
@participant_required
def editor():
    own_enrolment_or_404()
    return _editor(editing.report_of(current_user.id))


@bp.post("/mulai")
@participant_required
def start():
    own_enrolment_or_404()
    if not EmptyForm().validate():
        abort(400)
    try:
        editing.start_report(current_user.id)
    except editing.EditError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("report.editor"))
    db.session.commit()
    flash(
        _("Draf laporan disusun dari rancangan dan log habituasi Anda. Periksa dan lengkapi setiap bagian."), "success"
    )
    return redirect(url_for("report.editor"))


@bp.post("/bagian/<key>")
@participant_required
def save_section(key: str):
    own_enrolment_or_404()
    report = editing.report_of(current_user.id)
    if report is None or editing.section_of(report, key) is None:
        abort(404)
    form = SectionForm()
    if not form.validate():
        return _editor(report, bound=(key, form), status=422)
    try:
        report = editing.open_for_writing(current_user.id)
        editing.save_section(report, key, (form.body.data or "").strip(), form.revision.data)
    except editing.EditError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("report.editor", _anchor=f"bagian-{key}"))
    except editing.Stale as stale:
        db.session.rollback()
        # The refused form now carries the stored revision: saving it again replaces the stored text, knowingly.
        form.revision.data, form.revision.raw_data = stale.revision, [str(stale.revision)]
        conflict = {"key": key, "stored": stale.stored}
        return _editor(editing.report_of(current_user.id), bound=(key, form), conflict=conflict, status=409)
    db.session.commit()
    section = editing.section_of(report, key)
    flash(_("Bagian \u201c%(title)s\u201d tersimpan.", title=section_title(key, section.generated)), "success")
    return redirect(url_for("report.editor", _anchor=f"bagian-{key}"))


@bp.get("/perbarui")
@participant_required
def refresh_preview():
    own_enrolment_or_404()
    report = editing.report_of(current_user.id)
    if report is None:
        return redirect(url_for("report.editor"))
    changes, fingerprint = editing.refresh_preview(report)
    return render_template(
        "report/refresh.html",
        report=report,
        changes=changes,
        editable=can_edit(report.state),
        form=RefreshForm(formdata=None, digest=fingerprint),
    )


@bp.post("/perbarui")
@participant_required
def refresh_apply():
    own_enrolment_or_404()
    form = RefreshForm()
    if not form.validate():
        abort(400)
    try:
        report = editing.open_for_writing(current_user.id)
        changed = editing.apply_refresh(report, form.digest.data, current_user.id)
    except editing.EditError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("report.refresh_preview"))
    db.session.commit()
    flash(_("Bagian dari log diperbarui (%(n)d bagian). Tulisan Anda tidak diubah.", n=changed), "success")
    return redirect(url_for("report.editor"))


@bp.post("/ajukan")
@participant_required
def submit():
    own_enrolment_or_404()
    form = TransitionForm()
    if not form.validate() or form.action.data != "submit":
        abort(400)
    report = editing.report_of(current_user.id)
    if report is None:
        flash(_("Laporan belum dimulai."), "error")
        return redirect(url_for("report.editor"))
    try:
        transition(report, "submit", {"participant"}, actor_id=current_user.id, expected_state=form.state.data)
    except WorkflowError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("report.editor", _anchor="ajukan"))
    db.session.commit()
    flash(_("Laporan diajukan. %(next)s", next=NEXT_STEPS[report.state]), "success")
    return redirect(url_for("report.editor"))
