"""Sending one e-mail over SMTP: the server named by `LMS_SMTP_URL`, the message built from an outbox row."""

import hashlib
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from lms.core.database import utcnow

SMTP_TIMEOUT_SECONDS = 30
DEFAULT_PORTS = {("smtp", False): 25, ("smtp", True): 587, ("smtps", False): 465}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: bool  # smtps://: TLS from the first byte
    starttls: bool  # smtp://...?starttls=1: upgrade after EHLO
    username: str | None
    password: str | None
    # LMS_SMTP_CA_FILE: the certificates (PEM) that vouch for the server, instead of the system's (a mail server
    # inside a government network with its own CA). The server's name is checked either way.
    ca_file: str | None = None


def parse_smtp_url(url: str, ca_file: str | None = None) -> SmtpSettings:
    """smtp://user:pass@host:port, smtps://... for TLS, ?starttls=1 for STARTTLS; ValueError says what is wrong.
    ca_file: the certificates to trust for TLS instead of the system's."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("LMS_SMTP_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("LMS_SMTP_URL names no host")
    query = parse_qs(parts.query, keep_blank_values=True)
    if set(query) - {"starttls"}:
        raise ValueError("LMS_SMTP_URL knows only the option starttls=1")
    starttls = query.get("starttls", ["0"])[-1] == "1"
    if starttls and parts.scheme == "smtps":
        raise ValueError("LMS_SMTP_URL: smtps:// is TLS already; starttls=1 is for smtp://")
    try:
        port = parts.port or DEFAULT_PORTS[(parts.scheme, starttls)]
    except ValueError as error:  # a port that is not a number
        raise ValueError("LMS_SMTP_URL has a port that is not a number") from error
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        tls=parts.scheme == "smtps",
        starttls=starttls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        ca_file=ca_file,
    )


def message_id(key: str, mail_from: str) -> str:
    """The same Message-ID for the same outbox key, so a mail server or client can drop a duplicate."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "latsar-lms.invalid"
    return f"<outbox.{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def compose(*, key: str, to_address: str, subject: str, body: str, mail_from: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = mail_from
    email["To"] = to_address
    email["Subject"] = subject
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = message_id(key, mail_from)
    email["Auto-Submitted"] = "auto-generated"  # no vacation replies to a robot
    email.set_content(body)
    return email


def send_email(settings: SmtpSettings, email: EmailMessage) -> None:
    """Hand one message to the server; raises smtplib.SMTPException or OSError when it is not accepted."""
    context = ssl.create_default_context(cafile=settings.ca_file)
    if settings.tls:
        connection = smtplib.SMTP_SSL(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS, context=context)
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS)
    with connection as smtp:
        if settings.starttls:
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(email)
