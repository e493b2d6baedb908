"""Changes of plan during habituation: the participant proposes new title, steps, output or days for one
activity; it is applied only once BOTH the coach and the mentor agree, and either may refuse with a reason.
Applying updates the PlanActivity and keeps the whole plan as a new PlanVersion (action 'change'), so the plan's
history reads as one list; entries already logged on a step that is gone keep their step number and stay valid."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.aktualisasi.criteria import HABITUATION_DAYS
from lms.aktualisasi.models import PlanActivity, PlanVersion
from lms.aktualisasi.snapshot import plan_snapshot
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.habituation.entries import LogRefused, approved_plan
from lms.habituation.models import PlanChange

FIELDS = ("title", "steps", "output", "start_day", "end_day")
MAX_STEPS = 20


def activity_fields(activity: PlanActivity) -> dict:
    return {
        "title": activity.title,
        "steps": list(activity.steps or []),
        "output": activity.output,
        "start_day": activity.start_day,
        "end_day": activity.end_day,
    }


def check_fields(fields: dict) -> dict:
    title = (fields.get("title") or "").strip()
    steps = [s.strip() for s in fields.get("steps") or [] if s and s.strip()]
    start, end = fields.get("start_day"), fields.get("end_day")
    if not title:
        raise LogRefused(_("Judul kegiatan tidak boleh kosong."))
    if not steps or len(steps) > MAX_STEPS:
        raise LogRefused(_("Tulis 1 sampai %(n)d tahapan, satu per baris.", n=MAX_STEPS))
    if not (isinstance(start, int) and isinstance(end, int) and 1 <= start <= end <= HABITUATION_DAYS):
        raise LogRefused(
            _("Hari mulai dan selesai harus di antara 1 dan %(n)d, mulai tidak setelah selesai.", n=HABITUATION_DAYS)
        )
    return {
        "title": title[:300],
        "steps": steps,
        "output": (fields.get("output") or "").strip(),
        "start_day": start,
        "end_day": end,
    }


def propose(user_id: int, activity_id: int, fields: dict, reason: str) -> PlanChange:
    plan = approved_plan(user_id)
    if plan is None:
        raise LogRefused(_("Perubahan rancangan diajukan selama habituasi, setelah rancangan disahkan."))
    activity = next((a for a in plan.activities if a.id == activity_id), None)
    if activity is None:
        raise LogRefused(_("Pilih salah satu kegiatan dari rancangan Anda."))
    if not (reason or "").strip():
        raise LogRefused(_("Tulis alasan perubahan agar coach dan mentor dapat menimbangnya."))
    checked = check_fields(fields)
    if checked == activity_fields(activity):
        raise LogRefused(_("Tidak ada yang berubah dari kegiatan ini."))
    waiting = db.session.scalar(
        select(PlanChange.id).where(PlanChange.activity_id == activity_id, PlanChange.state == "proposed")
    )
    if waiting:
        raise LogRefused(_("Masih ada usulan perubahan kegiatan ini yang menunggu keputusan coach dan mentor."))
    change = PlanChange(
        user_id=user_id,
        activity_id=activity_id,
        proposed=checked,
        before=activity_fields(activity),
        reason=reason.strip(),
    )
    db.session.add(change)
    db.session.flush()
    audit.record(
        "habituasi.change_propose", "habituation_plan_change", change.id, subject_user_id=user_id, actor_id=user_id
    )
    return change


def decide_change(change_id: int, role: str, actor_id: int, agree: bool, reason: str = "") -> PlanChange:
    """`role` is 'coach' or 'mentor' (checked by the caller's load-or-abort). The second agreement applies it."""
    change = db.session.scalar(select(PlanChange).where(PlanChange.id == change_id).with_for_update())
    db.session.refresh(change)
    if change.state != "proposed":
        raise LogRefused(_("Usulan ini sudah diputuskan."))
    now = utcnow()
    if agree:
        setattr(change, f"{role}_agreed_at", now)
    else:
        if not (reason or "").strip():
            raise LogRefused(_("Tulis alasan penolakan agar peserta tahu apa yang perlu diubah."))
        change.state, change.refusal, change.refused_by_role, change.decided_at = "refused", reason.strip(), role, now
    if agree and change.coach_agreed_at and change.mentor_agreed_at:
        _apply(change, actor_id)
        change.state, change.decided_at = "applied", now
    db.session.flush()
    audit.record(
        f"habituasi.change_{'agree' if agree else 'refuse'}",
        "habituation_plan_change",
        change.id,
        reason=(reason or "").strip() or None,
        subject_user_id=change.user_id,
        actor_id=actor_id,
        role=role,
        new=change.state,
    )
    return change


def _apply(change: PlanChange, actor_id: int) -> None:
    activity = db.session.get(PlanActivity, change.activity_id)
    for field in FIELDS:
        setattr(activity, field, change.proposed[field])
    activity.revision += 1
    activity.updated_at = utcnow()
    db.session.flush()
    plan = activity.plan
    number = (db.session.scalar(select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == plan.id)) or 0) + 1
    db.session.add(
        PlanVersion(
            plan_id=plan.id,
            number=number,
            action="change",
            state=plan.state,
            snapshot=plan_snapshot(plan),
            created_by_id=actor_id,
        )
    )


def changes_of(user_id: int) -> list[PlanChange]:
    return list(
        db.session.scalars(select(PlanChange).where(PlanChange.user_id == user_id).order_by(PlanChange.id.desc()))
    )
