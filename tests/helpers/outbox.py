"""A real SMTP server for the outbox tests (aiosmtpd, on a free local port), and what it received; with TLS
(SMTPS or STARTTLS) on a self-signed certificate made by the openssl command."""

import asyncio
import shutil
import socket
import ssl
import subprocess
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailCatcher:
    """The server's handler: keeps each message it accepts; refuses recipients while `refuse` is set
    (an SMTP reply such as "550 ..."), and takes `delay` seconds over each message, so concurrent
    senders overlap."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse: str | None = None
        self.delay = 0.0
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) in PEM for 127.0.0.1, valid a day, made by the openssl command."""
    if shutil.which("openssl") is None:
        raise RuntimeError("the TLS tests need the openssl command (apt-get install openssl)")
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


class SmtpServer:
    """tls: None (plain SMTP), "smtps" (TLS from the first byte) or "starttls" (required before MAIL), with the
    certificate and key given."""

    def __init__(self, tls: str | None = None, cert: Path | None = None, key: Path | None = None):
        self.port = free_port()
        self.catcher = MailCatcher()
        self.tls = tls
        options = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
            options = {"ssl_context": context} if tls == "smtps" else {"tls_context": context, "require_starttls": True}
        self.controller = Controller(self.catcher, hostname="127.0.0.1", port=self.port, **options)

    @property
    def url(self) -> str:
        if self.tls == "smtps":
            return f"smtps://127.0.0.1:{self.port}"
        return f"smtp://127.0.0.1:{self.port}" + ("?starttls=1" if self.tls == "starttls" else "")

    @property
    def messages(self) -> list[EmailMessage]:
        return self.catcher.messages

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
