"""The schema is made by the migrations alone, and matches the models exactly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from lms.audit import AuditEntry, AuditLogIsAppendOnly, record
from lms.extensions import db


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_default_phases_come_from_the_migration(app):
    with app.app_context():
        rows = db.session.execute(text("SELECT code, jp FROM phases ORDER BY position")).all()
    assert [tuple(r) for r in rows] == [("mooc", 48), ("pjj", 217), ("aktualisasi", 320), ("klasikal", 62)]


def test_audit_log_is_append_only_in_the_database(app):
    with app.app_context():
        entry = record("test.event", "thing", 1, reason="uji")
        db.session.commit()
        for statement in ("UPDATE audit_log SET reason = 'diubah'", "DELETE FROM audit_log"):
            with pytest.raises(DatabaseError):
                db.session.execute(text(statement))
            db.session.rollback()
        assert db.session.get(AuditEntry, entry.id).reason == "uji"


def test_audit_log_is_append_only_in_the_orm(app):
    with app.app_context():
        entry = record("test.event", "thing", 1)
        db.session.commit()
        entry.reason = "diubah"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEntry, entry.id))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
