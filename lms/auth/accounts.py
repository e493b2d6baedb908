"""Rules for finding an account by what people type, and for password resets."""

import secrets
from datetime import timedelta

from sqlalchemy import func, select

from lms.auth.models import PasswordReset, User, hash_token
from lms.auth.nip import normalize_nip
from lms.core.database import utcnow
from lms.core.extensions import db

RESET_LIFETIME = timedelta(hours=24)


def normalize_identifier(raw: str) -> str:
    raw = (raw or "").strip()
    return raw.lower() if "@" in raw else normalize_nip(raw)


def find_user_for_login(identifier: str) -> User | None:
    key = normalize_identifier(identifier)
    # No NIP or email holds a control character; PostgreSQL refuses a NUL in a query (a 500, not a no).
    if not key or not key.isprintable():
        return None
    column = User.email if "@" in key else User.nip
    return db.session.scalar(select(User).where(func.lower(column) == key.lower()))


def check_login(identifier: str, password: str) -> tuple[User | None, User | None]:
    """(the active user with these credentials or None, the account the identifier names or None).
    Always hashes, so timing tells nothing."""
    account = find_user_for_login(identifier)
    if account is None:
        # Hash anyway so that an unknown NIP takes as long as a wrong password.
        User(password_hash="").set_password(password)
        return None, None
    if not account.check_password(password) or not account.active:
        return None, account
    return account, account


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
