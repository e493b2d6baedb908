"""The coach's and mentor's comments, grouped the way the pages show them: per version, then per section."""

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.aktualisasi.models import PlanComment, PlanVersion
from lms.core.extensions import db


def comments_by_version(plan_id: int) -> dict[int, dict[str, list[PlanComment]]]:
    """{version id: {section: [comments, oldest first]}}; one query."""
    grouped: dict[int, dict[str, list[PlanComment]]] = defaultdict(lambda: defaultdict(list))
    rows = db.session.scalars(
        select(PlanComment)
        .options(joinedload(PlanComment.author))
        .where(PlanComment.plan_id == plan_id)
        .order_by(PlanComment.created_at, PlanComment.id)
    )
    for comment in rows:
        grouped[comment.version_id][comment.section].append(comment)
    return grouped


def versions_of(plan_id: int) -> list[PlanVersion]:
    return list(
        db.session.scalars(
            select(PlanVersion)
            .options(joinedload(PlanVersion.created_by))
            .where(PlanVersion.plan_id == plan_id)
            .order_by(PlanVersion.number.desc())
        )
    )


def latest_comments(
    plan_id: int, versions: list[PlanVersion]
) -> tuple[PlanVersion | None, dict[str, list[PlanComment]]]:
    """The newest version that has comments, and its comments per section (what the participant works on)."""
    grouped = comments_by_version(plan_id)
    for version in versions:
        if version.id in grouped:
            return version, grouped[version.id]
    return None, {}
