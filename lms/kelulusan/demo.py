"""The demo's head of institution (Kepala BPSDMD Banten), who ratifies the results of the demo lembaga's angkatan,
and the ratification of an angkatan whose recap is complete (prepared by the demo coordinator, ratified by the
head) so a newcomer sees the end of the journey once the demo gives an angkatan every score."""

from sqlalchemy import select

from lms.auth.models import Role, User
from lms.core.extensions import db
from lms.kelulusan.blockers import readiness
from lms.kelulusan.ratification import prepare_result, ratify
from lms.people.models import Angkatan, CoordinatorLembaga
from lms.program.versions import NoProgram, version_for_angkatan

HEAD_NIP = "196703121990031002"
HEAD_NAME = "Dr. Ir. Bambang Wijanarko, M.Si."


def kelulusan_login() -> dict[str, str]:
    nip = db.session.scalar(select(User.nip).where(User.nip == HEAD_NIP))
    return {"kepala lembaga": nip} if nip else {}


def seed_kelulusan(angkatan: Angkatan, password_hash: str) -> bool:
    """The head of `angkatan`'s lembaga; its result prepared and ratified when nothing blocks it (a program
    imported, every score in). True if ratified."""
    head = User(name=HEAD_NAME, nip=HEAD_NIP, role=Role.HEAD.value, password_hash=password_hash)
    db.session.add(head)
    db.session.flush()
    db.session.add(CoordinatorLembaga(user_id=head.id, lembaga_id=angkatan.lembaga_id))
    coordinator_id = db.session.scalar(
        select(CoordinatorLembaga.user_id)
        .join(User, User.id == CoordinatorLembaga.user_id)
        .where(CoordinatorLembaga.lembaga_id == angkatan.lembaga_id, User.role == Role.COORDINATOR.value)
        .order_by(User.id)
    )
    try:
        version_for_angkatan(angkatan.id)
    except NoProgram:
        return False
    if coordinator_id is None or not readiness(angkatan.id).ready:
        return False
    result = prepare_result(angkatan.id, coordinator_id)
    db.session.flush()
    ratify(angkatan.id, result.preparation, head.id)
    return True
