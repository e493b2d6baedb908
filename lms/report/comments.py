"""The coach's and mentor's comments on a report, grouped the way the pages show them."""

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.core.extensions import db
from lms.report.models import ReportComment, ReportVersion


def versions_of(report_id: int) -> list[ReportVersion]:
    return list(
        db.session.scalars(
            select(ReportVersion)
            .options(joinedload(ReportVersion.created_by))
            .where(ReportVersion.report_id == report_id)
            .order_by(ReportVersion.number.desc())
        )
    )


def latest_comments(report_id: int) -> dict[str, list[ReportComment]]:
    """The comments of the newest version that has any, per section (what the participant works on); one query."""
    grouped: dict[int, dict[str, list[ReportComment]]] = defaultdict(lambda: defaultdict(list))
    rows = db.session.scalars(
        select(ReportComment)
        .options(joinedload(ReportComment.author))
        .where(ReportComment.report_id == report_id)
        .order_by(ReportComment.created_at, ReportComment.id)
    )
    for comment in rows:
        grouped[comment.version_id][comment.section].append(comment)
    if not grouped:
        return {}
    return grouped[max(grouped)]  # version ids grow with their numbers
