"""Configuration read from environment variables, with safe defaults for a laptop."""

import os
import secrets
from pathlib import Path

from lms.core.mail import parse_smtp_url

MIN_SECRET_BYTES = 32


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app may start with."""


def _instance_secret(instance_path: Path) -> str:
    """On a laptop the secret is generated once and kept in instance/, so sessions survive restarts."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(MIN_SECRET_BYTES))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(instance_path: str, environ=os.environ) -> dict:
    """Build the Flask config dict from the environment."""
    env = environ.get("LMS_ENV", "development")
    production = env == "production"
    instance = Path(instance_path)

    secret = environ.get("SECRET_KEY")
    if production:
        if not secret or len(secret.encode()) < MIN_SECRET_BYTES:
            raise ConfigError(
                "SECRET_KEY must be set to at least 32 random bytes in production "
                '(for example: python -c "import secrets; print(secrets.token_hex(32))")'
            )
    elif not secret:
        secret = _instance_secret(instance)

    database_url = environ.get("DATABASE_URL") or f"sqlite:///{instance / 'lms.sqlite3'}"
    if database_url.startswith("postgres://"):  # the old scheme some hosts still hand out
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]

    https = production or environ.get("LMS_HTTPS") == "1"
    smtp_url = environ.get("LMS_SMTP_URL") or None
    smtp_ca_file = environ.get("LMS_SMTP_CA_FILE") or None
    if smtp_ca_file and not Path(smtp_ca_file).is_file():
        raise ConfigError(f"LMS_SMTP_CA_FILE names no readable file: {smtp_ca_file}")
    if smtp_url:
        try:
            parse_smtp_url(smtp_url)
        except ValueError as error:
            raise ConfigError(str(error)) from None
        if production and not environ.get("LMS_MAIL_FROM"):
            raise ConfigError("LMS_MAIL_FROM must name the sender (e.g. Latsar LMS <lms@bpsdm.example.go.id>)")
    return {
        "LMS_ENV": env,
        "DEBUG": False if production else environ.get("FLASK_DEBUG") == "1",
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {},  # pool_pre_ping: see create_app
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # The public STTPL verification page, per address: enough for an office checking a stack of certificates,
        # too few to guess a code (lms.certificates.routes).
        "LMS_VERIFY_LIMIT": environ.get("LMS_VERIFY_LIMIT", "30 per minute"),
        # Redis away must not lock everyone out (every login would answer 500): each instance then
        # counts in its own memory, and goes back to Redis when it answers again.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # The CSRF token must outlive the longest quiz a participant can be sitting in.
        "WTF_CSRF_TIME_LIMIT": 12 * 3600,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "LMS_HTTPS": https,
        "MAX_CONTENT_LENGTH": int(environ.get("LMS_MAX_UPLOAD_BYTES", 8 * 1024 * 1024)),
        # Compression in the app, so pages stay small even without a proxy that compresses.
        # gzip at level 5: ~0.1 ms a page; brotli saved ~15% more bytes but cost ~1.5 ms of CPU per page.
        "COMPRESS_ALGORITHM": ["gzip"],
        "COMPRESS_LEVEL": 5,
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "application/javascript",
            "text/javascript",
            "application/json",
            "text/csv",
            "image/svg+xml",
        ],
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "LMS_TRUST_PROXY": environ.get("LMS_TRUST_PROXY") == "1",
        # Outbox delivery (`lms send-outbox`); without it staff hand the messages over themselves.
        "LMS_SMTP_URL": smtp_url,
        "LMS_SMTP_CA_FILE": smtp_ca_file,
        "LMS_MAIL_FROM": environ.get("LMS_MAIL_FROM", "Latsar LMS <lms@localhost>"),
        "LMS_CONTENT_DIR": environ.get("LMS_CONTENT_DIR", str(Path(__file__).resolve().parents[2] / "content")),
    }
