"""An angkatan's phase schedule: reading it and setting it (audited in the same transaction)."""

from datetime import date

from sqlalchemy import select

from lms.core import audit
from lms.core.extensions import db
from lms.people.models import Angkatan
from lms.phases.models import Phase, PhaseSchedule


def all_phases() -> list[Phase]:
    return list(db.session.scalars(select(Phase).order_by(Phase.position)))


def set_schedule(angkatan: Angkatan, dates: dict[int, tuple[date, date]]) -> None:
    """dates: phase id -> (opens_on, closes_on), already validated by the form."""
    current = {s.phase_id: s for s in angkatan.schedule}
    changes = {}
    for phase_id, (opens_on, closes_on) in dates.items():
        row = current.get(phase_id)
        if row is None:
            angkatan.schedule.append(PhaseSchedule(phase_id=phase_id, opens_on=opens_on, closes_on=closes_on))
        elif (row.opens_on, row.closes_on) == (opens_on, closes_on):
            continue
        else:
            row.opens_on, row.closes_on = opens_on, closes_on
        changes[str(phase_id)] = [opens_on.isoformat(), closes_on.isoformat()]
    if changes:
        audit.record("schedule.set", "angkatan", angkatan.id, changes=changes)
