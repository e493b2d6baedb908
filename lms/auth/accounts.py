"""Rules for finding an account by what people type, and for password resets."""

import secrets
from datetime import timedelta

from sqlalchemy import func, select

from lms.auth.models import PasswordReset, User, hash_token
from lms.database import utcnow
from lms.extensions import db
from lms.people.nip import normalize_nip

RESET_LIFETIME = timedelta(hours=24)


def normalize_identifier(raw: str) -> str:
    raw = (raw or "").strip()
    return raw.lower() if "@" in raw else normalize_nip(raw)


def find_user_for_login(identifier: str) -> User | None:
    key = normalize_identifier(identifier)
    if not key:
        return None
    column = User.email if "@" in key else User.nip
    return db.session.scalar(select(User).where(func.lower(column) == key.lower()))


def authenticate(identifier: str, password: str) -> User | None:
    """The active user with these credentials, or None. Always hashes, so timing tells nothing."""
    user = find_user_for_login(identifier)
    if user is None:
        # Hash anyway so that an unknown NIP takes as long as a wrong password.
        User(password_hash="").set_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def issue_reset(user: User, issued_by: User) -> str:
    """Create a one-time reset token; the plain token is returned once and stored only hashed."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hash_token(token),
            created_by_id=issued_by.id,
            expires_at=utcnow() + RESET_LIFETIME,
        )
    )
    return token


def find_valid_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow() or not reset.user.active:
        return None
    return reset


def generate_initial_password() -> str:
    """Readable on paper: no 0/O or 1/l/I to confuse."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))
