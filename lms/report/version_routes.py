"""The report's versions, kept at each submission and approval: the list, and one version as it was read (its
sections, and the parts assembled from the plan and the log), for every reader of the report."""

from types import SimpleNamespace

from flask import abort, render_template
from sqlalchemy import select

from lms.core.extensions import db
from lms.report.access import get_report_access_or_404, report_readers_required
from lms.report.assembly import evidence_numbers
from lms.report.comments import versions_of
from lms.report.models import ReportVersion
from lms.report.routes import bp
from lms.report.workflow import ACTION_LABELS, STATE_LABELS


@bp.get("/<int:user_id>/versi")
@report_readers_required
def versions(user_id: int):
    access = get_report_access_or_404(user_id)
    return render_template(
        "report/versions.html",
        person=access.person,
        versions=versions_of(access.report.id) if access.report else [],
        action_labels=ACTION_LABELS,
    )


@bp.get("/<int:user_id>/versi/<int:number>")
@report_readers_required
def version(user_id: int, number: int):
    access = get_report_access_or_404(user_id)
    found = access.report and db.session.scalar(
        select(ReportVersion).where(ReportVersion.report_id == access.report.id, ReportVersion.number == number)
    )
    if not found:
        abort(404)
    sections = [SimpleNamespace(**s) for s in found.snapshot.get("sections", [])]
    return render_template(
        "report/version.html",
        person=access.person,
        version=found,
        sections=sections,
        state_labels=STATE_LABELS,
        action_labels=ACTION_LABELS,
        # Evidence is linked by its storage key through the current report's numbering: a file the report no
        # longer names is listed without a link.
        evidence_numbers=evidence_numbers(access.report.sections),
    )
