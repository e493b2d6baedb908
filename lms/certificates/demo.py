"""The demo lembaga's STTPL settings, and the certificates of the demo's finished angkatan (Angkatan 68) once its
result is ratified."""

from sqlalchemy import select

from lms.certificates import eligibility, issuing
from lms.certificates.models import CertificateSettings
from lms.core.extensions import db
from lms.people.models import Angkatan

SETTINGS = {
    "number_format": "{urut}/STTPL/LATSAR-{angkatan}/BPSDMD/{bulan}/{tahun}",
    "city": "Serang",
    "signatory_title": "Kepala Badan Pengembangan Sumber Daya Manusia Daerah Provinsi Banten",
}


def seed_certificates(angkatan: Angkatan, head_name: str, head_nip: str) -> int:
    """Settings signed by the demo's head; the certificates of `angkatan` if its result is sealed. How many."""
    if db.session.scalar(select(CertificateSettings).where(CertificateSettings.lembaga_id == angkatan.lembaga_id)):
        return 0
    db.session.add(
        CertificateSettings(
            lembaga_id=angkatan.lembaga_id, signatory_name=head_name, signatory_nip=head_nip, **SETTINGS
        )
    )
    db.session.flush()
    status = eligibility.angkatan_status(angkatan)
    if not status.sealed:
        return 0
    return len(issuing.issue_certificates(angkatan, status.passed, actor_id=None))
