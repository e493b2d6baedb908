"""The schema is made by the migrations alone, and matches the models exactly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from lms.core.audit import AuditEntry, AuditLogIsAppendOnly, record
from lms.core.extensions import db


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


@pytest.fixture
def before_review_options(app):
    """The database one revision before 0009_review, brought back to the head afterwards."""
    from alembic.script import ScriptDirectory
    from flask_migrate import downgrade, upgrade

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        previous = ScriptDirectory.from_config(config).get_revision("0009_review").down_revision
        downgrade(revision=previous)
    yield previous
    with app.app_context():
        upgrade()


def test_review_options_migration_keeps_what_each_old_mode_showed(app, before_review_options):
    from flask_migrate import downgrade, upgrade

    from lms.quiz.models import Quiz

    modes = ("never", "after_attempt", "after_pass", "after_close")
    with app.app_context():
        phase_id = db.session.scalar(text("SELECT id FROM phases WHERE code = 'mooc'"))
        for mode in modes:
            db.session.execute(
                text(
                    "INSERT INTO quizzes (slug, title, phase_id, pass_threshold, shuffle_questions, shuffle_options, "
                    "wait_minutes, score_policy, review, source_hash, updated_at) VALUES (:slug, 'Uji', :phase, 70, "
                    "true, true, 0, 'highest', :mode, '', CURRENT_TIMESTAMP)"
                ),
                {"slug": f"uji-{mode.replace('_', '-')}", "phase": phase_id, "mode": mode},
            )
        db.session.commit()
        upgrade(revision="0009_review")
        reviews = {q.slug: q.review for q in db.session.scalars(select(Quiz))}
        db.session.rollback()
        always = ["after_attempt", "after_pass", "after_last", "after_close"]
        assert reviews["uji-never"] == {"score": always, "correctness": [], "correct_option": [], "feedback": []}
        assert reviews["uji-after-attempt"] == {item: always for item in reviews["uji-never"]}
        for mode in ("after_pass", "after_close"):
            shown = [mode]
            expected = {"score": always, "correctness": shown, "correct_option": shown, "feedback": shown}
            assert reviews[f"uji-{mode.replace('_', '-')}"] == expected
        db.session.remove()
        # And back: each quiz finds its old mode again.
        downgrade(revision=before_review_options)
        rows = dict(db.session.execute(text("SELECT slug, review FROM quizzes")).all())
        db.session.rollback()
        assert rows == {f"uji-{mode.replace('_', '-')}": mode for mode in modes}
