"""Fixtures for kelulusan: the app with the test program's sources and the program imported."""

import pytest

from lms.core.extensions import db
from tests.helpers.kelulusan import connect_test_sources, install_program


@pytest.fixture
def kelulusan_app(app):
    """The app with the test's component sources and attendance, and the test program as its only version."""
    connect_test_sources(app)
    with app.app_context():
        install_program()
        db.session.commit()
    return app


@pytest.fixture
def kctx(kelulusan_app):
    """An app context on kelulusan_app, for rule tests."""
    with kelulusan_app.app_context():
        yield kelulusan_app
        db.session.rollback()
