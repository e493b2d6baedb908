"""Accounts: users, their server-side login sessions, and one-time password-reset links."""

import enum
import hashlib
import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db


class Role(enum.StrEnum):
    PARTICIPANT = "participant"
    INSTRUCTOR = "instructor"
    COORDINATOR = "coordinator"
    ADMIN = "admin"
    # The employer's personnel staff (BKPSDM/BKD): read-only, their instansi's employees only.
    INSTANSI_VIEWER = "instansi_viewer"
    # A participant's direct superior at work: sees their mentees only (lms.people.access).
    MENTOR = "mentor"
    # The angkatan's committee (panitia) on campus: takes klasikal attendance, scores attitude (their angkatan only).
    COMMITTEE = "committee"
    # The head of the training institution: ratifies the results the coordinator prepared (their lembaga only).
    HEAD = "head"


ROLE_VALUES = tuple(r.value for r in Role)


def hash_token(token: str) -> str:
    """Tokens are stored hashed so that a copy of the database does not hand out sessions."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN {ROLE_VALUES}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str | None] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(20), default=Role.PARTICIPANT.value)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="id")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Unread in-app notifications, kept by lms.discussion.notifications so that the bell on every
    # page costs no query (the user row is loaded anyway).
    unread_notifications: Mapped[int] = mapped_column(default=0, server_default="0")

    enrolment = relationship("Enrolment", back_populates="user", uselist=False, foreign_keys="Enrolment.user_id")

    # Set by the user loader: the token of the login session this request belongs to.
    session_token = None  # type: str | None

    def set_password(self, password: str) -> None:
        # Tests set a cheaper scrypt cost; production keeps Werkzeug's default.
        method = current_app.config.get("LMS_PASSWORD_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        return self.session_token

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {r.value if isinstance(r, Role) else r for r in roles}

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class AuthSession(db.Model):
    """One login on one device. Deleting the row ends that login even if its cookie is replayed."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    user: Mapped[User] = relationship()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class PasswordReset(db.Model):
    """A one-time link a coordinator hands to a participant; valid for 24 hours."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
