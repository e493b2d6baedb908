"""Fixtures for the outbox: a real SMTP server started for the test, and an app that sends through it."""

import pytest

from lms.core.extensions import db
from lms.phases.models import install_default_phases
from tests.helpers.outbox import SmtpServer


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(make_app, smtp_server):
    """An app whose LMS_SMTP_URL names the test's SMTP server."""
    app = make_app(LMS_SMTP_URL=smtp_server.url, LMS_MAIL_FROM="Latsar LMS <lms@bpsdm.contoh.go.id>")
    with app.app_context():
        install_default_phases()
        db.session.commit()
    return app
