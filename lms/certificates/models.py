"""A lembaga's certificate settings and numbering counters, and the certificates issued."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

DEFAULT_NUMBER_FORMAT = "{urut}/STTPL/LATSAR-{angkatan}/{tahun}"


class CertificateSettings(db.Model):
    """How a lembaga numbers and signs its STTPL (set by its coordinator or an admin)."""

    __tablename__ = "certificate_settings"

    lembaga_id: Mapped[int] = mapped_column(ForeignKey("lembaga.id", ondelete="CASCADE"), primary_key=True)
    number_format: Mapped[str] = mapped_column(String(200), default=DEFAULT_NUMBER_FORMAT)
    city: Mapped[str] = mapped_column(String(100), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_nip: Mapped[str] = mapped_column(String(18), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CertificateCounter(db.Model):
    """The next sequence number of a lembaga's certificates in a year; locked while a batch is numbered."""

    __tablename__ = "certificate_counters"

    lembaga_id: Mapped[int] = mapped_column(ForeignKey("lembaga.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1)


class Certificate(db.Model):
    """One participant's STTPL. What it states is copied at issue, so the PDF and the verification page say what
    was certified even if a name is later corrected elsewhere."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("user_id", "angkatan_id", name="uq_certificate_participant"),
        UniqueConstraint("lembaga_id", "year", "sequence", name="uq_certificate_sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The verification code in the QR: random, unguessable (lms.certificates.issuing.new_code).
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"), index=True)
    lembaga_id: Mapped[int] = mapped_column(ForeignKey("lembaga.id"))
    year: Mapped[int]
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(String(200))
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_nip: Mapped[str] = mapped_column(String(18), default="")
    instansi_name: Mapped[str] = mapped_column(String(200))
    angkatan_name: Mapped[str] = mapped_column(String(120))
    lembaga_name: Mapped[str] = mapped_column(String(200))
    jp: Mapped[int]
    final_score: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    band: Mapped[str] = mapped_column(String(60))
    city: Mapped[str] = mapped_column(String(100), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_nip: Mapped[str] = mapped_column(String(18), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def valid(self) -> bool:
        return self.revoked_at is None
