"""The schema is made by the migrations alone, and matches the models exactly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import load_only

from lms.core.audit import AuditEntry, AuditLogIsAppendOnly, record
from lms.core.extensions import db
from lms.people.models import SeminarExaminer
from tests.factories import make_angkatan, make_instansi, make_instructor, make_mentor, make_participant


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
        # Only the columns 0009 has: later revisions add quiz columns this schema does not have yet.
        columns = (
            Quiz.slug,
            Quiz.review_score,
            Quiz.review_correctness,
            Quiz.review_correct_option,
            Quiz.review_feedback,
        )
        reviews = {q.slug: q.review for q in db.session.scalars(select(Quiz).options(load_only(*columns)))}
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


@pytest.fixture
def relations_revisions(app):
    """(0013_relations, the revision before it); the database is brought back to the head afterwards."""
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        previous = ScriptDirectory.from_config(config).get_revision("0013_relations").down_revision
    yield "0013_relations", previous
    with app.app_context():
        db.session.remove()
        upgrade()


def test_relations_migration_keeps_every_row_both_ways(app, relations_revisions):
    from flask_migrate import downgrade, upgrade

    revision, previous = relations_revisions
    with app.app_context():
        participant = make_participant(make_angkatan(make_instansi(), 72))
        coach = make_instructor()
        mentor = make_mentor(participant)
        participant.enrolment.coach_id = coach.id
        db.session.add(SeminarExaminer(enrolment_id=participant.enrolment.id, examiner_id=coach.id, kind="rancangan"))
        db.session.commit()
        ids = dict(participant=participant.id, coach=coach.id, mentor=mentor.id)
        count = (
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM enrolments), (SELECT count(*) FROM angkatan)"
        )
        before = tuple(db.session.execute(text(count)).one())
        db.session.remove()

        downgrade(revision=previous)
        assert tuple(db.session.execute(text(count)).one()) == before
        role, active = db.session.execute(
            text("SELECT role, active FROM users WHERE id = :id"), {"id": ids["mentor"]}
        ).one()
        assert (role, bool(active)) == ("instructor", False)  # kept, switched off: the old roles know no mentor
        db.session.remove()

        upgrade(revision=revision)
        assert tuple(db.session.execute(text(count)).one()) == before
        enrolment = db.session.execute(
            text("SELECT angkatan_id, coach_id, mentor_id FROM enrolments WHERE user_id = :id"),
            {"id": ids["participant"]},
        ).one()
        assert enrolment[0] is not None and enrolment[1:] == (None, None)
        db.session.execute(text("UPDATE users SET role = 'mentor' WHERE id = :id"), {"id": ids["mentor"]})
        db.session.commit()
        with pytest.raises(DatabaseError):
            db.session.execute(text("UPDATE users SET role = 'penyusup' WHERE id = :id"), {"id": ids["mentor"]})
        db.session.rollback()
        for table in ("seminar_examiners", "mentor_profiles", "assignment_batches"):
            assert db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0  # noqa: S608
        db.session.remove()
