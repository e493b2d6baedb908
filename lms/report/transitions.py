"""Moving a report through its workflow: the one `transition` every page calls. It locks the report, asks the
table of lms.report.workflow, keeps a version at submissions and the approval, keeps the comments with the
version they were made on, audits the change, and on the mentor's approval completes the phase whose rules ask
for it (lms.report.gate), all in the caller's transaction."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.phases.completion import complete_if_due
from lms.report.editing import missing_parts, report_snapshot
from lms.report.gate import phases_asking_for_the_report
from lms.report.models import AktualisasiReport, ReportComment, ReportVersion
from lms.report.workflow import (
    NEEDS_COMMENT,
    SNAPSHOT_ACTIONS,
    STATE_LABELS,
    WorkflowError,
    next_state,
    refuse_role,
)

MAX_COMMENT = 4000


def latest_version(report_id: int) -> ReportVersion | None:
    return db.session.scalar(
        select(ReportVersion).where(ReportVersion.report_id == report_id).order_by(ReportVersion.number.desc()).limit(1)
    )


def _keep_version(report: AktualisasiReport, action: str, actor_id: int | None) -> ReportVersion:
    number = (
        db.session.scalar(select(func.max(ReportVersion.number)).where(ReportVersion.report_id == report.id)) or 0
    ) + 1
    version = ReportVersion(
        report_id=report.id,
        number=number,
        action=action,
        state=report.state,
        snapshot=report_snapshot(report),
        created_by_id=actor_id,
    )
    db.session.add(version)
    db.session.flush()
    return version


def transition(
    report: AktualisasiReport,
    action: str,
    actors,
    *,
    actor_id: int | None,
    role: str | None = None,
    comments: dict[str, str] | None = None,
    expected_state: str | None = None,
) -> ReportVersion | None:
    """Do `action` on `report` as someone holding `actors`; the version kept, if any. WorkflowError when refused.

    `expected_state` is the state the person saw: a click on an out-of-date page is refused rather than applied
    to a report that has moved on (so a double click lands exactly once). `comments` (section -> text) are kept
    with the report's newest version, under `role`."""
    locked = db.session.scalar(select(AktualisasiReport).where(AktualisasiReport.id == report.id).with_for_update())
    db.session.refresh(locked)
    state = locked.state
    refuse_role(action, actors)
    if expected_state is not None and expected_state != state:
        raise WorkflowError(
            "state",
            str(
                _l(
                    "Laporan sudah berstatus %(state)s sejak halaman Anda dibuka; tindakan itu tidak dijalankan.",
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
    if action == "submit" and (missing := missing_parts(locked)):
        raise WorkflowError("input", " ".join(missing))
    commented_on = latest_version(locked.id)
    locked.state = new_state
    locked.state_changed_at = utcnow()
    version = _keep_version(locked, action, actor_id) if action in SNAPSHOT_ACTIONS else None
    if comments:
        target = commented_on or version or _keep_version(locked, action, actor_id)
        for section, body in comments.items():
            db.session.add(
                ReportComment(
                    report_id=locked.id, version_id=target.id, section=section, author_id=actor_id, role=role, body=body
                )
            )
    audit.record(
        f"report.{action}",
        "report",
        locked.id,
        subject_user_id=locked.user_id,
        actor_id=actor_id,
        old=state,
        new=new_state,
        version=version.number if version else None,
        comments=sorted(comments),
    )
    db.session.flush()
    if new_state != state:
        # The mentor's approval (or, with `report: checked_by_coach`, the coach's check) may be what the phase
        # still waited for.
        for phase_id in phases_asking_for_the_report():
            complete_if_due(locked.user_id, phase_id, report_state=new_state)
    return version
