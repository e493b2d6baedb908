"""Saving the plan one section at a time: each save names the revision it was made from, and a save made from
an older revision than the stored one (a stale tab, a second phone) is refused with the stored text, never
written over it. Only the participant, and only while they hold the pen (lms.aktualisasi.workflow.PEN_STATES)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.aktualisasi.models import Plan, PlanActivity, PlanSection
from lms.aktualisasi.snapshot import activity_dict, empty_section
from lms.aktualisasi.workflow import STATE_LABELS, can_edit
from lms.core.database import utcnow
from lms.core.extensions import db

# Enough for a real plan, few enough that a plan stays a page.
MAX_ACTIVITIES = 8


class EditError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Stale(Exception):
    """The save was made from `typed_from` but the stored section is at `revision`, holding `stored`."""

    revision: int
    stored: dict


def plan_of(user_id: int, *, lock: bool = False) -> Plan | None:
    query = select(Plan).where(Plan.user_id == user_id)
    return db.session.scalar(query.with_for_update() if lock else query)


def open_plan_for_writing(user_id: int) -> Plan:
    """The participant's plan, locked for this transaction (made on their first save); EditError when the
    pen is not theirs now."""
    plan = plan_of(user_id, lock=True)
    if plan is None:
        try:
            with db.session.begin_nested():
                db.session.add(Plan(user_id=user_id, state="draft"))
        except IntegrityError:  # made by a save in another tab a moment ago
            pass
        plan = plan_of(user_id, lock=True)
    if not can_edit(plan.state):
        raise EditError(
            str(_l("Rancangan berstatus %(state)s dan tidak dapat diubah sekarang.", state=STATE_LABELS[plan.state]))
        )
    return plan


def save_section(plan: Plan, key: str, data: dict, from_revision: int) -> int:
    """Store `data` as section `key` if it was typed from the stored revision; the new revision. Stale otherwise
    (revision 0: the section has never been saved)."""
    section = db.session.scalar(select(PlanSection).where(PlanSection.plan_id == plan.id, PlanSection.key == key))
    current = section.revision if section else 0
    if from_revision != current:
        raise Stale(current, section.data if section else empty_section(key))
    if section is None:
        section = PlanSection(plan_id=plan.id, key=key, revision=0)
        db.session.add(section)
    section.data = data
    section.revision = current + 1
    section.updated_at = utcnow()
    db.session.flush()
    return section.revision


def add_activity(plan: Plan, fields: dict) -> PlanActivity:
    count = len(plan.activities)
    if count >= MAX_ACTIVITIES:
        raise EditError(str(_l("Paling banyak %(n)d kegiatan dalam satu rancangan.", n=MAX_ACTIVITIES)))
    position = max((a.position for a in plan.activities), default=0) + 1
    activity = PlanActivity(plan_id=plan.id, position=position, revision=1, **fields)
    db.session.add(activity)
    db.session.flush()
    return activity


def get_activity(plan: Plan, activity_id: int) -> PlanActivity | None:
    return db.session.scalar(
        select(PlanActivity).where(PlanActivity.id == activity_id, PlanActivity.plan_id == plan.id)
    )


def save_activity(activity: PlanActivity, fields: dict, from_revision: int) -> int:
    if from_revision != activity.revision:
        raise Stale(activity.revision, activity_dict(activity))
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.revision += 1
    activity.updated_at = utcnow()
    db.session.flush()
    return activity.revision


def remove_activity(plan: Plan, activity: PlanActivity, from_revision: int) -> None:
    """Only while the plan is edited (no log entry can point at it yet: the log opens on an approved plan)."""
    if from_revision != activity.revision:
        raise Stale(activity.revision, activity_dict(activity))
    db.session.delete(activity)
    db.session.flush()
    plan.activities.sort(key=lambda a: a.position)
