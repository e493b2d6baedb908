"""The plan seen by the others: the coach's and mentor's queues and review pages, the coordinator's and
penguji's read-only view, and every reader's versions and comparisons."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.aktualisasi.access import get_plan_access_or_404, plan_readers_required
from lms.aktualisasi.comments import comments_by_version, latest_comments, versions_of
from lms.aktualisasi.forms import review_form_class
from lms.aktualisasi.hooks import QUEUE_SECTIONS
from lms.aktualisasi.models import PlanVersion
from lms.aktualisasi.overview import COACH_WAITS_ON, MENTOR_WAITS_ON, related_plans
from lms.aktualisasi.routes import bp
from lms.aktualisasi.snapshot import SECTION_TITLES, compare, plan_snapshot, scored_candidates
from lms.aktualisasi.transitions import transition
from lms.aktualisasi.workflow import (
    ACTION_LABELS,
    NEXT_STEPS,
    SEMINAR_ONLY_ACTIONS,
    STATE_LABELS,
    WorkflowError,
    actions_for,
)
from lms.auth.models import Role
from lms.core.extensions import db
from lms.people.access import role_required
from lms.people.models import Enrolment
from lms.people.record import rendered_sections

# Who comments as whom, by action; the coordinator's scheduling carries no comment.
COMMENT_ROLE = {
    "return": None,
    "accept": "coach",
    "approve": "mentor",
    "score": "penguji",
    "ask_revisions": "penguji",
    "approve_plan": "penguji",
}


def _section_keys(snapshot: dict) -> list[str]:
    return ["umum", "isu", "penyebab", "gagasan", *(f"kegiatan-{a['id']}" for a in snapshot["kegiatan"])]


def _comment_role(action: str, actors) -> str | None:
    if action == "return":
        return "coach" if "coach" in actors else "mentor"
    return COMMENT_ROLE.get(action)


@bp.get("/peserta/<int:user_id>")
@plan_readers_required
def plan_page(user_id: int):
    access = get_plan_access_or_404(user_id)
    if access.actors == {"participant"}:
        return redirect(url_for("aktualisasi.editor"))
    return _plan_page(access)


def _plan_page(access, form=None, status: int = 200):
    plan = access.plan
    state = plan.state if plan else "draft"
    snapshot = plan_snapshot(plan)
    versions = versions_of(plan.id) if plan else []
    commented, comments = latest_comments(plan.id, versions) if plan else (None, {})
    actions = actions_for(state, access.actors) if plan else []
    form = form or review_form_class(_section_keys(snapshot))(formdata=None, state=state)
    context = dict(
        person=access.person,
        enrolment=access.enrolment,
        plan=plan,
        actors=access.actors,
        state=state,
        state_label=STATE_LABELS[state],
        next_step=NEXT_STEPS[state],
        snapshot=snapshot,
        candidates=scored_candidates(snapshot["isu"]),
        versions=versions,
        commented=commented,
        comments=comments,
        actions=actions,
        action_labels=ACTION_LABELS,
        commentable=any(t.action == "ask_revisions" for t in actions),
        form=form,
        titles=SECTION_TITLES,
    )
    return render_template("aktualisasi/plan.html", **context), status


@bp.post("/peserta/<int:user_id>/tindakan")
@plan_readers_required
def act(user_id: int):
    access = get_plan_access_or_404(user_id)
    if access.plan is None:
        abort(404)
    snapshot = plan_snapshot(access.plan)
    form = review_form_class(_section_keys(snapshot))()
    if not form.validate():
        return _plan_page(access, form, 422)
    action = form.action.data
    if action in SEMINAR_ONLY_ACTIONS:  # the seminar's own pages do these (lms.seminar), never this form
        abort(403)
    role = _comment_role(action, access.actors)
    comments = {key: getattr(form, f"komentar_{key.replace('-', '_')}").data or "" for key in _section_keys(snapshot)}
    try:
        transition(
            access.plan,
            action,
            access.actors - {"participant"},
            actor_id=current_user.id,
            role=role,
            comments=comments if role else {},
            expected_state=form.state.data,
        )
    except WorkflowError as refused:
        if refused.kind == "role":
            abort(403)
        db.session.rollback()
        flash(refused.message, "error")
        if refused.kind == "input":  # keep what was typed
            return _plan_page(get_plan_access_or_404(user_id), form, 422)
        return redirect(url_for("aktualisasi.plan_page", user_id=user_id))
    db.session.commit()
    flash(_("Tersimpan: %(state)s.", state=STATE_LABELS[access.plan.state]), "success")
    if access.actors & {"coach", "mentor"}:
        return redirect(url_for("aktualisasi.queue"))
    return redirect(url_for("aktualisasi.plan_page", user_id=user_id))


@bp.get("/peserta/<int:user_id>/versi")
@plan_readers_required
def versions(user_id: int):
    access = get_plan_access_or_404(user_id)
    found = versions_of(access.plan.id) if access.plan else []
    return render_template(
        "aktualisasi/versions.html",
        person=access.person,
        versions=found,
        state_labels=STATE_LABELS,
        action_labels=ACTION_LABELS,
    )


def _version_or_404(plan, number) -> PlanVersion:
    version = plan and db.session.scalar(
        select(PlanVersion).where(PlanVersion.plan_id == plan.id, PlanVersion.number == number)
    )
    if not version:
        abort(404)
    return version


@bp.get("/peserta/<int:user_id>/versi/<int:number>")
@plan_readers_required
def version(user_id: int, number: int):
    access = get_plan_access_or_404(user_id)
    found = _version_or_404(access.plan, number)
    return render_template(
        "aktualisasi/version.html",
        person=access.person,
        version=found,
        snapshot=found.snapshot,
        candidates=scored_candidates(found.snapshot["isu"]),
        comments=comments_by_version(access.plan.id).get(found.id, {}),
        titles=SECTION_TITLES,
        state_labels=STATE_LABELS,
        action_labels=ACTION_LABELS,
    )


@bp.get("/peserta/<int:user_id>/banding")
@plan_readers_required
def compare_versions(user_id: int):
    access = get_plan_access_or_404(user_id)
    old = _version_or_404(access.plan, request.args.get("dari", type=int))
    new_number = request.args.get("ke", type=int)
    new = _version_or_404(access.plan, new_number) if new_number else None
    diffs = compare(old.snapshot, new.snapshot if new else plan_snapshot(access.plan))
    return render_template(
        "aktualisasi/compare.html", person=access.person, old=old, new=new, diffs=diffs, titles=SECTION_TITLES
    )


@bp.get("/antrean")
@role_required(Role.INSTRUCTOR, Role.MENTOR)
def queue():
    """A coach's ("Rancangan menunggu tinjauan") or a mentor's queue, then all their participants' plans."""
    if current_user.role == Role.MENTOR.value:
        rows, waits_on = related_plans(Enrolment.mentor_id, current_user.id), MENTOR_WAITS_ON
    else:
        rows, waits_on = related_plans(Enrolment.coach_id, current_user.id), COACH_WAITS_ON
    waiting = sorted((r for r in rows if r.state == waits_on), key=lambda r: r.since)
    as_mentor = current_user.role == Role.MENTOR.value
    return render_template(
        "aktualisasi/queue.html",
        waiting=waiting,
        rows=rows,
        state_labels=STATE_LABELS,
        mentor=as_mentor,
        sections=rendered_sections(QUEUE_SECTIONS, current_user, as_mentor),
    )
