"""Demo schedules: each demo angkatan's four phases, from its first day."""

from datetime import date, timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.people.models import Angkatan
from lms.phases.models import Phase, PhaseSchedule, install_default_phases


def schedule_dates(start: date) -> list[tuple[str, date, date]]:
    """Dates in the proportions of the real programme: 16, 22, 30 and 6 workdays."""
    mooc_close = start + timedelta(days=21)
    pjj_close = mooc_close + timedelta(days=31)
    akt_close = pjj_close + timedelta(days=42)
    return [
        ("mooc", start, mooc_close),
        ("pjj", mooc_close + timedelta(days=1), pjj_close),
        ("aktualisasi", pjj_close + timedelta(days=1), akt_close),
        ("klasikal", akt_close + timedelta(days=1), akt_close + timedelta(days=8)),
    ]


def seed_schedules(cohorts: list[tuple[Angkatan, date]]) -> None:
    install_default_phases()
    phases = {p.code: p for p in db.session.scalars(select(Phase))}
    for angkatan, start in cohorts:
        for code, opens, closes in schedule_dates(start):
            db.session.add(
                PhaseSchedule(angkatan_id=angkatan.id, phase_id=phases[code].id, opens_on=opens, closes_on=closes)
            )
    db.session.flush()
