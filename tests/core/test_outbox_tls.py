"""`lms send-outbox` over SMTPS and STARTTLS against a real aiosmtpd server with a self-signed certificate made
by the test: delivered when LMS_SMTP_CA_FILE names that certificate, refused (nothing sent, the error kept,
the message still waiting) when the sender does not trust it."""

import pytest

from lms.core.config import ConfigError, load_config
from lms.core.extensions import db
from lms.core.outbox import OutboxMessage, enqueue
from lms.phases.models import install_default_phases
from tests.helpers.outbox import SmtpServer, self_signed_certificate


@pytest.fixture
def certificate(tmp_path):
    return self_signed_certificate(tmp_path)


@pytest.fixture(params=["smtps", "starttls"])
def tls_server(request, certificate):
    cert, key = certificate
    server = SmtpServer(tls=request.param, cert=cert, key=key)
    server.start()
    yield server
    server.stop()


def _app_with_a_message(make_app, server, **config):
    app = make_app(LMS_SMTP_URL=server.url, LMS_MAIL_FROM="Latsar LMS <lms@bpsdm.contoh.go.id>", **config)
    with app.app_context():
        install_default_phases()
        enqueue("undangan:tls", "Undangan mentor", "Tautan: https://lms/atur/rahasia\n", to_address="m@contoh.go.id")
        db.session.commit()
    return app


def _message(app) -> OutboxMessage:
    with app.app_context():
        row = db.session.scalar(db.select(OutboxMessage))
        db.session.expunge(row)
        return row


def test_the_sender_delivers_over_tls_to_a_server_whose_certificate_it_is_told_to_trust(
    make_app, tls_server, certificate
):
    app = _app_with_a_message(make_app, tls_server, LMS_SMTP_CA_FILE=str(certificate[0]))
    result = app.test_cli_runner().invoke(args=["lms", "send-outbox"])
    assert result.exit_code == 0, result.output
    assert "1 terkirim, 0 gagal" in result.output
    [mail] = tls_server.messages
    assert mail["To"] == "m@contoh.go.id" and "https://lms/atur/rahasia" in mail.get_content()
    row = _message(app)
    assert row.sent_at is not None and row.body == "" and row.subject == "Undangan mentor"  # the link not kept


def test_the_sender_refuses_a_server_whose_certificate_nobody_vouches_for(make_app, tls_server):
    app = _app_with_a_message(make_app, tls_server)  # the system's CAs only: the self-signed certificate fails
    result = app.test_cli_runner().invoke(args=["lms", "send-outbox"])
    assert result.exit_code != 0 and "CERTIFICATE_VERIFY_FAILED" in result.output
    assert tls_server.messages == []
    row = _message(app)
    assert row.sent_at is None and row.attempts == 1 and "CERTIFICATE_VERIFY_FAILED" in row.last_error
    assert "https://lms/atur/rahasia" in row.body  # still waiting, its text kept for the next try or a hand-over


def test_a_ca_file_that_does_not_exist_stops_the_app_from_starting(tmp_path):
    with pytest.raises(ConfigError, match="LMS_SMTP_CA_FILE"):
        load_config(str(tmp_path), {"LMS_SMTP_CA_FILE": str(tmp_path / "missing.pem")})
