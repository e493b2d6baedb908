"""Imported versions of the program file, and which version each angkatan follows."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db


class ProgramVersion(db.Model):
    """The program file as one import found it; a changed file is a new version, the old ones stay."""

    __tablename__ = "program_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AngkatanProgram(db.Model):
    """The version an angkatan follows. An angkatan without a row follows the newest version; when a new version
    is imported, every angkatan without a row is first pinned to the version it had (lms.program.versions), so a
    change reaches a running angkatan only through its previewed, audited recompute."""

    __tablename__ = "angkatan_programs"

    angkatan_id: Mapped[int] = mapped_column(ForeignKey("angkatan.id", ondelete="CASCADE"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("program_versions.id"))
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
