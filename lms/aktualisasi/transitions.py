"""Moving a plan through its workflow: the one `transition` every page calls. It locks the plan, asks the
table of lms.aktualisasi.workflow, keeps a version at submissions and approvals, keeps the comments with the
version they were made on, and audits the change, all in the caller's transaction."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.aktualisasi.models import Plan, PlanComment, PlanVersion
from lms.aktualisasi.snapshot import missing_parts, plan_snapshot
from lms.aktualisasi.workflow import (
    NEEDS_COMMENT,
    SNAPSHOT_ACTIONS,
    STATE_LABELS,
    WorkflowError,
    next_state,
    refuse_role,
)
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db

MAX_COMMENT = 4000


def latest_version(plan_id: int) -> PlanVersion | None:
    return db.session.scalar(
        select(PlanVersion).where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.number.desc()).limit(1)
    )


def _keep_version(plan: Plan, action: str, actor_id: int | None) -> PlanVersion:
    number = (db.session.scalar(select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == plan.id)) or 0) + 1
    version = PlanVersion(
        plan_id=plan.id,
        number=number,
        action=action,
        state=plan.state,
        snapshot=plan_snapshot(plan),
        created_by_id=actor_id,
    )
    db.session.add(version)
    db.session.flush()
    return version


def transition(
    plan: Plan,
    action: str,
    actors,
    *,
    actor_id: int | None,
    role: str | None = None,
    comments: dict[str, str] | None = None,
    expected_state: str | None = None,
) -> PlanVersion | None:
    """Do `action` on `plan` as someone holding `actors`; the version kept, if any. WorkflowError when refused.

    `expected_state` is the state the person saw on their page: a click on an out-of-date page is refused
    rather than applied to a plan that has moved on. `comments` (section -> text) are kept with the plan's
    newest version, under `role`."""
    locked = db.session.scalar(select(Plan).where(Plan.id == plan.id).with_for_update())
    db.session.refresh(locked)
    state = locked.state
    refuse_role(action, actors)
    if expected_state is not None and expected_state != state:
        raise WorkflowError(
            "state",
            str(
                _l(
                    "Rancangan sudah berstatus %(state)s sejak halaman Anda dibuka; tindakan itu tidak dijalankan.",
                    state=STATE_LABELS[state],
                )
            ),
        )
    new_state = next_state(state, action, actors)
    comments = {k: v.strip() for k, v in (comments or {}).items() if v and v.strip()}
    if action in NEEDS_COMMENT and not comments:
        raise WorkflowError("input", str(_l("Tulis sedikitnya satu komentar agar peserta tahu apa yang diperbaiki.")))
    if any(len(v) > MAX_COMMENT for v in comments.values()):
        raise WorkflowError("input", str(_l("Komentar paling banyak %(n)d karakter.", n=MAX_COMMENT)))
    if action in ("submit", "submit_revision") and (missing := missing_parts(plan_snapshot(locked))):
        raise WorkflowError("input", " ".join(missing))
    commented_on = latest_version(locked.id)
    locked.state = new_state
    locked.state_changed_at = utcnow()
    version = _keep_version(locked, action, actor_id) if action in SNAPSHOT_ACTIONS else None
    if comments:
        target = commented_on or version or _keep_version(locked, action, actor_id)
        for section, body in comments.items():
            db.session.add(
                PlanComment(
                    plan_id=locked.id, version_id=target.id, section=section, author_id=actor_id, role=role, body=body
                )
            )
    audit.record(
        f"aktualisasi.{action}",
        "aktualisasi_plan",
        locked.id,
        subject_user_id=locked.user_id,
        actor_id=actor_id,
        old=state,
        new=new_state,
        version=version.number if version else None,
        comments=sorted(comments),
    )
    db.session.flush()
    return version
