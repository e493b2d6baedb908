"""Issuing and revoking certificates: THE rules. Only a participant whose sealed result passes gets one; a batch
numbers each such participant once, however many batches run at once; revocation keeps the certificate with its
reason (the verification page then says it is revoked)."""

import base64
import secrets
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from lms.auth.models import User
from lms.certificates.models import DEFAULT_NUMBER_FORMAT, Certificate, CertificateCounter, CertificateSettings
from lms.certificates.numbering import certificate_number
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment, Instansi
from lms.phases.gating import today_in

CODE_BYTES = 15  # 120 bits: 24 characters of base32, beyond any guessing at a rate-limited page


@dataclass(frozen=True)
class Passed:
    """A participant whose sealed result passes, with what the certificate states of it."""

    user_id: int
    final_score: Decimal
    band: str
    jp: int


class NotEligible(ValueError):
    """A certificate was asked for someone whose sealed result does not pass (or is not sealed)."""


def new_code() -> str:
    """24 characters of base32 (A-Z, 2-7): easy to type from paper, 120 random bits."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode()


def settings_for(lembaga_id: int) -> CertificateSettings:
    """The lembaga's settings, or (never saved) the defaults: the default numbering, no city, no signatory yet."""
    return db.session.get(CertificateSettings, lembaga_id) or CertificateSettings(
        lembaga_id=lembaga_id,
        number_format=DEFAULT_NUMBER_FORMAT,
        city="",
        signatory_title="",
        signatory_name="",
        signatory_nip="",
    )


def _lock_counter(lembaga_id: int, year: int) -> CertificateCounter:
    """The year's counter, created if missing, locked: batches of the lembaga are numbered one after the other."""
    counter = db.session.scalar(
        select(CertificateCounter)
        .where(CertificateCounter.lembaga_id == lembaga_id, CertificateCounter.year == year)
        .with_for_update()
    )
    if counter is None:
        # Two first batches at once: the unique key lets one insert; the other fails and is retried by its caller.
        counter = CertificateCounter(lembaga_id=lembaga_id, year=year, next_number=1)
        db.session.add(counter)
        db.session.flush()
    return counter


def issue_certificates(angkatan: Angkatan, passed: list[Passed], *, actor_id: int | None) -> list[Certificate]:
    """Issue a certificate to each passing participant who has none yet; the new ones, in list order. The counter
    is locked before anyone's certificate is looked for, so a second batch running at once waits and then finds
    the first batch's certificates: each participant gets one number (the unique key is the last guard)."""
    settings = settings_for(angkatan.lembaga_id)
    year = angkatan.year
    counter = _lock_counter(angkatan.lembaga_id, year)
    have = set(db.session.scalars(select(Certificate.user_id).where(Certificate.angkatan_id == angkatan.id)))
    wanted = [p for p in passed if p.user_id not in have]
    if not wanted:
        return []
    people = {
        row.id: row
        for row in db.session.execute(
            select(User.id, User.name, User.nip, Instansi.name.label("instansi"))
            .join(Enrolment, Enrolment.user_id == User.id)
            .join(Instansi, Instansi.id == Enrolment.instansi_id)
            .where(User.id.in_([p.user_id for p in wanted]), Enrolment.angkatan_id == angkatan.id)
        )
    }
    month = today_in(angkatan.tz_name).month
    issued = []
    for item in wanted:
        person = people.get(item.user_id)
        if person is None:
            raise NotEligible(f"peserta {item.user_id} bukan peserta angkatan ini")
        sequence = counter.next_number
        counter.next_number += 1
        certificate = Certificate(
            code=new_code(),
            user_id=item.user_id,
            angkatan_id=angkatan.id,
            lembaga_id=angkatan.lembaga_id,
            year=year,
            sequence=sequence,
            number=certificate_number(
                settings.number_format, sequence=sequence, angkatan=angkatan.number, year=year, month=month
            ),
            holder_name=person.name,
            holder_nip=person.nip or "",
            instansi_name=person.instansi,
            angkatan_name=angkatan.name,
            lembaga_name=angkatan.lembaga.name,
            jp=item.jp,
            final_score=item.final_score,
            band=item.band,
            city=settings.city,
            signatory_title=settings.signatory_title,
            signatory_name=settings.signatory_name,
            signatory_nip=settings.signatory_nip,
            issued_by_id=actor_id,
        )
        db.session.add(certificate)
        issued.append(certificate)
    db.session.flush()
    for certificate in issued:
        audit.record(
            "certificate.issue",
            "certificate",
            certificate.id,
            subject_user_id=certificate.user_id,
            actor_id=actor_id,
            number=certificate.number,
        )
    return issued


def revoke(certificate: Certificate, reason: str, *, actor_id: int | None) -> bool:
    """Revoke with a reason (kept; the verification page shows only that it is revoked). False if it already was."""
    if certificate.revoked_at is not None:
        return False
    certificate.revoked_at, certificate.revoked_by_id, certificate.revoke_reason = utcnow(), actor_id, reason
    audit.record(
        "certificate.revoke",
        "certificate",
        certificate.id,
        subject_user_id=certificate.user_id,
        actor_id=actor_id,
        reason=reason,
        number=certificate.number,
    )
    return True
