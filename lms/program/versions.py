"""The program file in the content folder, checked and imported as versions, and the one function that says which
program an angkatan follows."""

import hashlib
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from lms.content.source import ContentTree, Problem
from lms.core import audit
from lms.core.extensions import db
from lms.people.models import Angkatan
from lms.phases.models import Phase
from lms.program.models import AngkatanProgram, ProgramVersion
from lms.program.sources import component_sources
from lms.program.spec import Program, parse_program

PROGRAM_FILE = "program.yaml"


class NoProgram(LookupError):
    """No program has been imported yet (`lms import-content` imports content/program.yaml)."""


def _read(tree: ContentTree) -> str | None:
    path = Path(tree.root) / PROGRAM_FILE if tree.root is not None else None
    if path is None or not path.is_file():
        return None
    return path.read_text(encoding="utf-8").replace("\r\n", "\n")


def check_program_file(tree: ContentTree, phases) -> list[Problem]:
    """lms.content.importer.CHECK_IMPORT: `lms check-content` and the import refuse a broken program file, and a
    phase page whose `jp` disagrees with it (the program's JP count). A content folder without the file (a test's,
    a partial one) has none to check."""
    try:
        text = _read(tree)
    except UnicodeDecodeError:
        return [Problem(PROGRAM_FILE, 1, "berkas bukan teks UTF-8")]
    if text is None:
        return []
    program, problems = parse_program(text, set(component_sources()))
    found = [Problem(PROGRAM_FILE, _line_of(text, where), f"{where}: {reason}") for where, reason in problems]
    for page in tree.phase_pages if program else []:
        spec, jp = program.phase(page.phase), page.meta.get("jp")
        if spec is not None and jp is not None and jp != spec.jp:
            found.append(
                Problem(f"{page.phase}/phase.md", 1, f"jp {jp} berbeda dengan program.yaml ({spec.jp}); samakan")
            )
    return found


def _line_of(text: str, where: str) -> int:
    """The line a problem's path points at, near enough: the first line naming its last key."""
    if where.startswith("baris "):
        return int(where.split()[1])
    key = where.rsplit(".", 1)[-1].split("[", 1)[0]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip(" -").startswith(f"{key}:"):
            return number
    return 1


def apply_program_file(tree: ContentTree, report) -> None:
    """lms.content.importer.APPLY_IMPORT: a changed program file becomes a new version. Before it does, every
    angkatan that followed the newest version is pinned to it, so the change reaches none of them by itself."""
    text = _read(tree)
    if text is None:
        return
    digest = hashlib.sha256(text.encode()).hexdigest()
    if db.session.scalar(select(ProgramVersion.id).where(ProgramVersion.sha256 == digest)):
        return
    program = program_of_text(text)
    previous = latest_version()
    if previous is not None:
        pinned = select(AngkatanProgram.angkatan_id)
        for angkatan_id in db.session.scalars(select(Angkatan.id).where(Angkatan.id.not_in(pinned))):
            db.session.add(AngkatanProgram(angkatan_id=angkatan_id, version_id=previous.id))
    version = ProgramVersion(sha256=digest, source=text, name=program.name)
    db.session.add(version)
    db.session.flush()
    _set_phase_jp(program)
    audit.record("program.import", "program", version.id, sha256=digest, previous=previous.id if previous else None)
    report.notes.append(f"program: versi {version.id} ({program.name}, {program.total_jp} JP)")


def _set_phase_jp(program: Program) -> None:
    """The phases' JP are the program's (the dashboards read Phase.jp)."""
    for phase in db.session.scalars(select(Phase)):
        spec = program.phase(phase.code)
        if spec is not None and phase.jp != spec.jp:
            audit.record("phase.jp", "phase", phase.id, old=phase.jp, new=spec.jp)
            phase.jp = spec.jp


@lru_cache(maxsize=16)
def program_of_text(text: str) -> Program:
    """A stored version's program (parsed once per process: a version never changes)."""
    program, problems = parse_program(text)
    if program is None:  # stored versions passed the check on import
        raise ValueError(f"program tersimpan tidak valid: {problems[:3]}")
    return program


def latest_version() -> ProgramVersion | None:
    return db.session.scalar(select(ProgramVersion).order_by(ProgramVersion.id.desc()).limit(1))


def version_for_angkatan(angkatan_id: int) -> ProgramVersion:
    """THE version an angkatan follows: its pinned one, else the newest. NoProgram when none was imported."""
    pinned = db.session.scalar(
        select(ProgramVersion)
        .join(AngkatanProgram, AngkatanProgram.version_id == ProgramVersion.id)
        .where(AngkatanProgram.angkatan_id == angkatan_id)
    )
    version = pinned or latest_version()
    if version is None:
        raise NoProgram("Program Latsar belum diimpor (content/program.yaml: lms import-content).")
    return version


def program_for_angkatan(angkatan_id: int) -> Program:
    return program_of_text(version_for_angkatan(angkatan_id).source)


def pin_version(angkatan_id: int, version_id: int, *, actor_id: int | None, reason: str) -> bool:
    """Make an angkatan follow a version (the recompute's last step, after its preview). Audited; True if changed."""
    row = db.session.get(AngkatanProgram, angkatan_id)
    old = row.version_id if row else None
    if old == version_id:
        return False
    if row is None:
        db.session.add(AngkatanProgram(angkatan_id=angkatan_id, version_id=version_id, adopted_by_id=actor_id))
    else:
        row.version_id, row.adopted_by_id = version_id, actor_id
    audit.record("program.pin", "angkatan", angkatan_id, actor_id=actor_id, old=old, new=version_id, reason=reason)
    return True
