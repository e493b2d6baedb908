"""Migration 0015_tasks goes down and up again on both databases (the database is brought back to the head)."""

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from lms.core.extensions import db

TABLES = {"tasks", "task_submissions", "task_submission_versions", "task_grades"}


@pytest.fixture
def before_tasks(app):
    """The database just before 0015_tasks (whatever it is chained after), upgraded back to the head afterwards
    whatever the test did."""
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        downgrade(revision=ScriptDirectory.from_config(config).get_revision("0015_tasks").down_revision)
        db.engine.dispose()
    try:
        yield
    finally:
        with app.app_context():
            upgrade()
            db.engine.dispose()


def test_the_tasks_tables_go_down_and_come_back(app, before_tasks):
    with app.app_context():
        assert not TABLES & set(inspect(db.engine).get_table_names())
        upgrade()
        assert TABLES <= set(inspect(db.engine).get_table_names())
