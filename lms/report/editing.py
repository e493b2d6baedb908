"""Starting the report from the approved plan, saving its sections one at a time (a save from a stale tab is
refused with the stored text, never written over it), and refreshing the parts assembled from the log once
the participant has seen what would change. Only the participant, and only while they hold the pen."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.aktualisasi.editing import plan_of
from lms.aktualisasi.models import PlanVersion
from lms.aktualisasi.transitions import latest_version
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.habituation import summary as habituation
from lms.report.assembly import SectionDraft, assemble, compare_generated, digest, section_title
from lms.report.models import AktualisasiReport, ReportSection
from lms.report.workflow import STATE_LABELS, can_edit

# The plan workflow's last state: its seminar is behind it and the penguji approved it.
PLAN_APPROVED = "approved"
MAX_BODY = 20000


class EditError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Stale(Exception):
    """The save was made from an older revision; the stored section is at `revision`, holding `stored`."""

    revision: int
    stored: str


def report_of(user_id: int, *, lock: bool = False) -> AktualisasiReport | None:
    query = select(AktualisasiReport).where(AktualisasiReport.user_id == user_id)
    return db.session.scalar(query.with_for_update() if lock else query)


def can_start(user_id: int) -> bool:
    plan = plan_of(user_id)
    return plan is not None and plan.state == PLAN_APPROVED


def plan_snapshot_of(report: AktualisasiReport) -> dict:
    version = db.session.get(PlanVersion, report.plan_version_id) if report.plan_version_id else None
    return version.snapshot if version else {"isu": {}, "penyebab": {}, "gagasan": {}, "kegiatan": []}


def start_report(user_id: int) -> AktualisasiReport:
    """The participant's report, assembled now from their approved plan's latest version and their confirmed
    log (or the one already started: a second click or tab changes nothing). EditError before the plan is
    approved."""
    existing = report_of(user_id)
    if existing is not None:
        return existing
    plan = plan_of(user_id)
    if plan is None or plan.state != PLAN_APPROVED:
        raise EditError(str(_l("Laporan dapat disusun setelah rancangan aktualisasi Anda disahkan.")))
    version = latest_version(plan.id)
    drafts = assemble(version.snapshot, habituation.confirmed_log(user_id))
    try:
        with db.session.begin_nested():
            report = AktualisasiReport(user_id=user_id, plan_version_id=version.id, state="draft")
            db.session.add(report)
            db.session.flush()
            for d in drafts:
                db.session.add(
                    ReportSection(
                        report_id=report.id,
                        key=d.key,
                        position=d.position,
                        revision=1,
                        body=d.body,
                        generated=d.generated,
                    )
                )
            db.session.flush()
    except IntegrityError:  # started by another tab a moment ago
        return report_of(user_id)
    audit.record(
        "report.start", "report", report.id, subject_user_id=user_id, actor_id=user_id, plan_version=version.number
    )
    return report


def open_for_writing(user_id: int) -> AktualisasiReport:
    """The participant's report, locked for this transaction; EditError when there is none or the pen is not
    theirs now."""
    report = report_of(user_id, lock=True)
    if report is None:
        raise EditError(str(_l("Laporan belum dimulai.")))
    if not can_edit(report.state):
        raise EditError(
            str(_l("Laporan berstatus %(state)s dan tidak dapat diubah sekarang.", state=STATE_LABELS[report.state]))
        )
    return report


def section_of(report: AktualisasiReport, key: str) -> ReportSection | None:
    return db.session.scalar(
        select(ReportSection).where(ReportSection.report_id == report.id, ReportSection.key == key)
    )


def save_section(report: AktualisasiReport, key: str, body: str, from_revision: int) -> int:
    """Store `body` as the participant's text of section `key` if typed from the stored revision; the new
    revision. Stale otherwise."""
    section = section_of(report, key)
    if section is None:
        raise EditError(str(_l("Bagian itu tidak ada dalam laporan ini.")))
    if from_revision != section.revision:
        raise Stale(section.revision, section.body)
    section.body = body
    section.revision += 1
    section.updated_at = utcnow()
    db.session.flush()
    return section.revision


def fresh_drafts(report: AktualisasiReport) -> list[SectionDraft]:
    """The sections as they would be assembled now (the report's plan version, today's confirmed log)."""
    return assemble(plan_snapshot_of(report), habituation.confirmed_log(report.user_id))


def refresh_preview(report: AktualisasiReport):
    """(changes per section, the fingerprint the confirmation must send back)."""
    drafts = fresh_drafts(report)
    stored = {s.key: s.generated for s in report.sections}
    return compare_generated(stored, drafts), digest(drafts)


def apply_refresh(report: AktualisasiReport, seen_digest: str, actor_id: int) -> int:
    """Replace the generated parts (never the participant's text) with a fresh assembly, if it is the one the
    participant previewed; the number of sections changed. EditError when the log changed in between."""
    drafts = fresh_drafts(report)
    if digest(drafts) != seen_digest:
        raise EditError(
            str(_l("Log habituasi berubah sejak pratinjau dibuka. Periksa pratinjau yang baru, lalu terapkan lagi."))
        )
    by_key = {s.key: s for s in report.sections}
    changed = 0
    for d in drafts:
        section = by_key.get(d.key)
        if section is None:  # cannot happen while the plan version is fixed; kept safe anyway
            db.session.add(
                ReportSection(
                    report_id=report.id, key=d.key, position=d.position, revision=1, body=d.body, generated=d.generated
                )
            )
            changed += 1
        elif section.generated != d.generated:
            section.generated = d.generated
            changed += 1
    report.assembled_at = utcnow()
    audit.record(
        "report.refresh", "report", report.id, subject_user_id=report.user_id, actor_id=actor_id, changed=changed
    )
    db.session.flush()
    return changed


def report_snapshot(report: AktualisasiReport) -> dict:
    """The whole report as one plain dict (what a version keeps)."""
    return {
        "plan_version_id": report.plan_version_id,
        "sections": [
            {"key": s.key, "body": s.body, "generated": s.generated, "revision": s.revision} for s in report.sections
        ],
    }


def missing_parts(report: AktualisasiReport) -> list[str]:
    """What must still be written before the report can be submitted (empty: complete)."""
    return [
        str(_l("Tulis bagian \u201c%(title)s\u201d.", title=section_title(s.key, s.generated)))
        for s in report.sections
        if not (s.body or "").strip()
    ]
