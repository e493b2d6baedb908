"""The program each of many angkatan follows, in two statements whatever their number (lms.program.versions says
the rule for one: its pinned version, else the newest)."""

from sqlalchemy import select

from lms.core.extensions import db
from lms.program.models import AngkatanProgram, ProgramVersion
from lms.program.spec import Program
from lms.program.versions import latest_version, program_of_text


def programs_for(angkatan_ids) -> dict[int, tuple[int, Program]]:
    """angkatan id -> (version id, Program); an angkatan is left out when no program was ever imported."""
    ids = set(angkatan_ids)
    if not ids:
        return {}
    pinned = dict(
        db.session.execute(
            select(AngkatanProgram.angkatan_id, ProgramVersion)
            .join(ProgramVersion, ProgramVersion.id == AngkatanProgram.version_id)
            .where(AngkatanProgram.angkatan_id.in_(ids))
        ).all()
    )
    newest = latest_version() if ids - set(pinned) else None
    found = {}
    for angkatan_id in ids:
        version = pinned.get(angkatan_id, newest)
        if version is not None:
            found[angkatan_id] = (version.id, program_of_text(version.source))
    return found
