"""The report seen by the others and shared by all its readers: the coach's and mentor's review page (also the
coordinator's and penguji's read-only view, /aktualisasi/laporan/<user id>), the review actions, the PDF and
the evidence files the report names."""

import re

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.extensions import db
from lms.core.storage import StorageError, get_storage
from lms.report.access import get_report_access_or_404, report_readers_required
from lms.report.assembly import evidence_numbers, evidence_of
from lms.report.comments import latest_comments, versions_of
from lms.report.forms import comment_field_name, review_form_class
from lms.report.pdf import report_pdf
from lms.report.routes import bp
from lms.report.transitions import transition
from lms.report.workflow import ACTION_LABELS, NEXT_STEPS, STATE_LABELS, WorkflowError, actions_for

REVIEWERS = frozenset({"coach", "mentor"})
# A header value of plain characters only, whatever the stored name holds.
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def _section_keys(report) -> list[str]:
    return ["umum", *(s.key for s in report.sections)] if report else ["umum"]


@bp.get("/<int:user_id>")
@report_readers_required
def report_page(user_id: int):
    """The endpoint the seminar pages link to for a participant's report."""
    access = get_report_access_or_404(user_id)
    if access.actors == {"participant"}:
        return redirect(url_for("report.editor"))
    return _report_page(access)


def _report_page(access, form=None, status: int = 200):
    report = access.report
    state = report.state if report else None
    actions = actions_for(state, access.actors & REVIEWERS) if report else []
    form = form or review_form_class(_section_keys(report))(formdata=None, state=state)
    context = dict(
        person=access.person,
        enrolment=access.enrolment,
        report=report,
        actors=access.actors,
        state=state,
        state_label=STATE_LABELS[state] if state else _("Belum disusun"),
        next_step=NEXT_STEPS[state] if state else "",
        comments=latest_comments(report.id) if report else {},
        versions=versions_of(report.id) if report else [],
        actions=actions,
        action_labels=ACTION_LABELS,
        reviewer=actions[0].actor if actions else None,
        form=form,
        comment_field_name=comment_field_name,
        evidence_numbers=evidence_numbers(report.sections) if report else {},
    )
    return render_template("report/review.html", **context), status


@bp.post("/<int:user_id>/tindakan")
@report_readers_required
def act(user_id: int):
    access = get_report_access_or_404(user_id)
    if access.report is None:
        abort(404)
    form = review_form_class(_section_keys(access.report))()
    if not form.validate():
        return _report_page(access, form, 422)
    action = form.action.data
    reviewers = access.actors & REVIEWERS
    role = "coach" if access.report.state == "submitted" else "mentor"
    comments = {key: getattr(form, comment_field_name(key)).data or "" for key in _section_keys(access.report)}
    try:
        transition(
            access.report,
            action,
            reviewers,
            actor_id=current_user.id,
            role=role,
            comments=comments if role in reviewers else {},
            expected_state=form.state.data,
        )
    except WorkflowError as refused:
        if refused.kind == "role":
            abort(403)
        db.session.rollback()
        flash(refused.message, "error")
        if refused.kind == "input":  # keep what was typed
            return _report_page(get_report_access_or_404(user_id), form, 422)
        return redirect(url_for("report.report_page", user_id=user_id))
    db.session.commit()
    flash(_("Tersimpan: laporan %(state)s.", state=STATE_LABELS[access.report.state]), "success")
    return redirect(url_for("aktualisasi.queue"))


@bp.get("/<int:user_id>/pdf")
@report_readers_required
def pdf(user_id: int):
    access = get_report_access_or_404(user_id)
    if access.report is None:
        abort(404)
    data = report_pdf(access.report, access.person, access.enrolment)
    filename = f"laporan-aktualisasi-{access.person.nip or access.person.id}.pdf"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


@bp.get("/<int:user_id>/bukti/<int:number>")
@report_readers_required
def evidence(user_id: int, number: int):
    """An evidence file the report names (its `number`-th, from 1): served only through the report's access
    check, never by a key from the request."""
    access = get_report_access_or_404(user_id)
    files = evidence_of([s.generated for s in access.report.sections]) if access.report else []
    if not 1 <= number <= len(files):
        abort(404)
    found = files[number - 1]
    try:
        data = get_storage().read(found["key"])
    except (StorageError, ValueError):
        abort(404)
    disposition = "inline" if found["content_type"].startswith("image/") else "attachment"
    return Response(
        data,
        mimetype=found["content_type"],
        headers={
            "Content-Disposition": f'{disposition}; filename="{_SAFE_NAME.sub("_", found["filename"])}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
