"""What the log pages show, gathered in one place for the participant's and the staff's routes: the log with
its progress, JP and changes of plan, and an entry with its evidence, thread, history and the forms the viewer
may use."""

from datetime import date

from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.aktualisasi.criteria import CORE_VALUE_NAMES, CORE_VALUES
from lms.aktualisasi.editing import plan_of
from lms.aktualisasi.workflow import STATE_LABELS
from lms.core.extensions import db
from lms.core.files import size_text
from lms.core.photos import MAX_PDF_BYTES, MAX_PHOTO_BYTES
from lms.habituation.changes import changes_of
from lms.habituation.entries import APPROVED
from lms.habituation.evidence import MAX_FILES
from lms.habituation.forms import ChangeDecisionForm, CommentForm, DecisionForm, EntryForm, RemoveEvidenceForm
from lms.habituation.models import LogEntry, LogEntryVersion
from lms.habituation.period import period_for
from lms.habituation.progress import log_progress
from lms.phases.gating import today_in

ENTRY_STATE_LABELS = {
    "waiting": _l("Menunggu konfirmasi mentor"),
    "questioned": _l("Dipertanyakan mentor"),
    "confirmed": _l("Dikonfirmasi mentor"),
}


def today_for(enrolment) -> date:
    return today_in(enrolment.angkatan.tz_name)


def step_label(activity, step: int | None) -> str:
    if step is None:
        return ""
    steps = activity.steps or []
    # A step removed by a change of plan keeps its number: the entry stays valid, its name is no longer known.
    return steps[step - 1] if step <= len(steps) else f"tahapan {step}"


def log_page(person, enrolment, *, own: bool, actors=frozenset({"participant"})):
    plan = plan_of(person.id)
    period = period_for(enrolment.angkatan_id)
    approved = plan is not None and plan.state == APPROVED
    activities = plan.activities if approved else []
    entries = list(
        db.session.scalars(
            select(LogEntry).where(LogEntry.user_id == person.id).order_by(LogEntry.day.desc(), LogEntry.id.desc())
        )
    )
    return render_template(
        "habituation/log.html",
        person=person,
        own=own,
        actors=actors,
        plan=plan,
        plan_state=STATE_LABELS[plan.state if plan else "draft"],
        approved=approved,
        period=period,
        progress=log_progress(person.id, activities, period),
        entries=entries,
        changes=changes_of(person.id) if approved else [],
        change_form=ChangeDecisionForm(formdata=None),
        state_labels=ENTRY_STATE_LABELS,
        step_label=step_label,
    )


def entry_page(entry, access, *, form=None, status: int = 200, error: str | None = None, conflict: bool = False):
    actors = access.actors
    editable = "participant" in actors and entry.state != "confirmed"
    if editable and form is None:
        plan = plan_of(entry.user_id)
        form = EntryForm(formdata=None)
        form.set_targets(plan.activities if plan else [])
        form.fill(entry)
    history = list(
        db.session.scalars(
            select(LogEntryVersion)
            .where(LogEntryVersion.entry_id == entry.id)
            .order_by(LogEntryVersion.revision.desc())
        )
    )
    return (
        render_template(
            "habituation/entry.html",
            entry=entry,
            person=access.person,
            actors=actors,
            editable=editable,
            form=form,
            error=error,
            conflict=conflict,
            comment_form=CommentForm(formdata=None),
            decision_form=DecisionForm(formdata=None, revision=entry.revision),
            remove_evidence_form=RemoveEvidenceForm(formdata=None, revision=entry.revision),
            history=history,
            state_labels=ENTRY_STATE_LABELS,
            step_label=step_label,
            core_values=CORE_VALUES,
            core_value_names=CORE_VALUE_NAMES,
            max_photo=size_text(MAX_PHOTO_BYTES),
            max_pdf=size_text(MAX_PDF_BYTES),
            max_files=MAX_FILES,
        ),
        status,
    )
