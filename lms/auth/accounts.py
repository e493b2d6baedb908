"""Rules for accounts: the one way to create one, finding one by what people type, and password resets."""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import PasswordReset, User, hash_token
from lms.auth.nip import check_nip, normalize_nip
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.outbox import OutboxMessage, enqueue
from lms.core.text import control_character_problem

RESET_LIFETIME = timedelta(hours=24)
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_NAME, MAX_EMAIL = 200, 254


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


def issue_reset(user: User, issued_by: User | None, lifetime: timedelta = RESET_LIFETIME) -> str:
    """Create a one-time reset token; the plain token is returned once and stored only hashed.
    issued_by is None when a command issues it."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hash_token(token),
            created_by_id=issued_by.id if issued_by else None,
            expires_at=utcnow() + lifetime,
        )
    )
    return token


def enqueue_reset_link(user: User, token: str, link: str) -> OutboxMessage | None:
    """Put a reset link in the outbox for a user with an e-mail address (None without one). The text is
    in Indonesian whatever the language of the staff who issued it: it is the recipient's message."""
    if not user.email:
        return None
    hours = int(RESET_LIFETIME.total_seconds() // 3600)
    body = (
        f"Yth. {user.name},\n\n"
        "Tautan untuk mengatur ulang kata sandi akun Latsar LMS Anda (NIP "
        f"{user.nip}):\n\n{link}\n\n"
        f"Tautan berlaku {hours} jam dan hanya dapat dipakai sekali. Jika Anda tidak memintanya, abaikan pesan "
        "ini dan hubungi penyelenggara pelatihan.\n"
    )
    return enqueue(
        f"atur-ulang-sandi:{hash_token(token)}",
        "Atur ulang kata sandi Latsar LMS",
        body,
        to_address=user.email,
        recipient_id=user.id,
    )


def find_valid_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow() or not reset.user.active:
        return None
    return reset


def generate_initial_password() -> str:
    """Readable on paper: no 0/O or 1/l/I to confuse."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class AccountRefused(ValueError):
    """Why an account cannot be created, and which field says so (nip, name, email)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class NewAccount:
    nip: str
    name: str
    email: str | None


def check_new_account(nip: str, name: str, email: str | None) -> NewAccount:
    """The values of a new account, cleaned, or AccountRefused: a valid NIP that no account has, a name,
    and an e-mail address (optional) of a valid form that no account has."""
    for field, value in (("nip", nip), ("name", name), ("email", email)):
        if problem := control_character_problem(value):
            raise AccountRefused(field, problem)
    check = check_nip(nip)
    if not check.ok:
        raise AccountRefused("nip", check.error)
    name = (name or "").strip()
    if not name:
        raise AccountRefused("name", _("Nama kosong."))
    if len(name) > MAX_NAME:
        raise AccountRefused("name", _("Nama lebih dari %(n)d karakter.", n=MAX_NAME))
    email = (email or "").strip().lower() or None
    if email and (not EMAIL_RE.fullmatch(email) or len(email) > MAX_EMAIL):
        raise AccountRefused("email", _("Format email tidak valid."))
    if db.session.scalar(select(User.id).where(User.nip == check.nip)):
        raise AccountRefused("nip", _("NIP sudah terdaftar."))
    if email and db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise AccountRefused("email", _("Email sudah dipakai akun lain."))
    return NewAccount(check.nip, name, email)


def create_account(
    nip: str, name: str, role: str, email: str | None = None, *, actor_id: int | None = None, **audit_details
) -> tuple[User, str]:
    """The one way an account is made (admin page, CLI, CSV import): checked by check_new_account, given a
    one-time initial password, and audited. Returns the user (flushed, with its id) and that password."""
    new = check_new_account(nip, name, email)
    password = generate_initial_password()
    user = User(nip=new.nip, name=new.name, email=new.email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", "user", user.id, actor_id=actor_id, role=role, **audit_details)
    return user, password
