"""The report as a requirement of its phase (the gate to klasikal): with the program's `report:` rule
(lms.phases.requirements.REPORT_LEVELS), the laporan aktualisasi must have been checked by the coach, or
approved by the mentor after that. Said through phases.progress.EXPLAIN_UNMET, so the lock page explains it."""

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.extensions import db
from lms.phases.models import Phase
from lms.phases.requirements import CompletionRules
from lms.report.models import AktualisasiReport
from lms.report.workflow import STATE_LABELS

# How far each state has come, for "at least checked by the coach".
_RANK = {"checked_by_coach": 1, "approved_by_mentor": 2}


def report_meets(state: str | None, level: str) -> bool:
    return _RANK.get(state or "", 0) >= _RANK[level]


def report_unmet(state: str | None, level: str, phase_name: str, for_staff: bool) -> str | None:
    """What is missing, for the participant or about them for staff; None when the rule is met. `state` is the
    report's state (None: not started)."""
    if report_meets(state, level):
        return None
    wanted = _("disetujui mentor") if level == "approved_by_mentor" else _("diperiksa coach")
    if for_staff:
        if state is None:
            return _(
                "Laporan aktualisasi belum disusun; %(phase)s menunggu laporan yang %(wanted)s.",
                phase=phase_name,
                wanted=wanted,
            )
        return _(
            "Laporan aktualisasi berstatus %(state)s; %(phase)s menunggu laporan yang %(wanted)s.",
            state=STATE_LABELS[state],
            phase=phase_name,
            wanted=wanted,
        )
    if state is None:
        return _(
            "Susun laporan aktualisasi Anda dan ajukan ke coach; fase berikutnya terbuka setelah laporan %(wanted)s.",
            wanted=wanted,
        )
    return _(
        "Laporan aktualisasi Anda berstatus %(state)s; fase berikutnya terbuka setelah laporan %(wanted)s.",
        state=STATE_LABELS[state],
        wanted=wanted,
    )


def phases_asking_for_the_report() -> list[int]:
    """The ids of the phases whose rules name the report (a handful of phases: read whole, filtered here, so
    the JSON column needs no database-specific query)."""
    rows = db.session.execute(select(Phase.id, Phase.completion_rules)).all()
    return [phase_id for phase_id, rules in rows if CompletionRules.from_dict(rules).report]


def explain_report(user_id: int, phase_ids: list[int], for_staff: bool = False) -> dict[int, list[str]]:
    """phases.progress.EXPLAIN_UNMET: for each phase whose rules ask for the report, what is missing."""
    messages: dict[int, list[str]] = {}
    state = None
    looked = False
    for phase_id, name, rules in db.session.execute(
        select(Phase.id, Phase.name, Phase.completion_rules).where(Phase.id.in_(phase_ids))
    ):
        level = CompletionRules.from_dict(rules).report
        if level is None:
            continue
        if not looked:
            state = db.session.scalar(select(AktualisasiReport.state).where(AktualisasiReport.user_id == user_id))
            looked = True
        if message := report_unmet(state, level, name, for_staff):
            messages[phase_id] = [message]
    return messages
