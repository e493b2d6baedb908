"""A deployment's data, made the way an operator makes it: `flask db upgrade`, `flask lms import-content`,
then people made with the test factories in an app context of our own."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from lms.app import create_app
from lms.core.audit import AuditEntry
from lms.core.extensions import db
from lms.quiz.models import Attempt, AttemptQuestion, QuestionOption
from tests.factories import PASSWORD, make_angkatan, make_instansi, make_participant, wib_today
from tests.helpers.quiz import quiz_content
from tests.ops.servers import run_flask, server_environment

QUIZ = "evaluasi-uji"
QUESTIONS = 5  # the bank of tests/helpers/quiz.py


def production_settings(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of every instance of one deployment: production, one shared secret."""
    return server_environment(
        LMS_ENV="production",
        SECRET_KEY=extra.pop("SECRET_KEY", None) or secrets.token_hex(32),
        DATABASE_URL=database_url,
        LMS_TRUST_PROXY="1",
        **extra,
    )


def prepare_database(env: dict[str, str], content_root: Path, max_attempts: int = 2) -> None:
    """Migrate and import the small quiz content of tests/quiz, with the operator's commands."""
    quiz_content(content_root, max_attempts=max_attempts, time_limit=60)
    run_flask(["db", "upgrade"], env)
    out = run_flask(["lms", "import-content", str(content_root)], env)
    assert "modul-uji" in out, out


def random_nip() -> str:
    """A valid NIP drawn at random: the login throttle counts per account in a Redis that other test
    runs may share, so this run's accounts must not be theirs (the factories' NIPs repeat per run)."""
    born = date(1975, 1, 1) + timedelta(days=secrets.randbelow(9000))
    return f"{born:%Y%m%d}2019{secrets.randbelow(12) + 1:02d}{secrets.randbelow(2) + 1}{secrets.randbelow(1000):03d}"


@dataclass
class People:
    participants: list[str]  # NIPs
    password: str = PASSWORD


class Records:
    """Reads the deployment's database directly, to check what the servers did."""

    def __init__(self, database_url: str):
        self.app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "SECRET_KEY": secrets.token_hex(32),
                "LMS_PASSWORD_METHOD": "scrypt:1024:8:1",  # the servers verify any scrypt cost
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )

    def make_people(self, participants: int) -> People:
        with self.app.app_context():
            instansi = make_instansi("Pemkot Uji Ops")
            today = wib_today()
            # The MOOC phase open for weeks around today, whatever the time zone of the machine.
            angkatan = make_angkatan(instansi, 1, schedule=[(today - timedelta(days=10), today + timedelta(days=20))])
            nips = [make_participant(angkatan, nip=random_nip()).nip for _ in range(participants)]
            db.session.commit()
        return People(nips)

    def answer_key(self, attempt_id: int) -> dict[int, list[int]]:
        """position -> the display positions (1-based) of the choices that earn full credit."""
        with self.app.app_context():
            items = db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)).all()
            fractions = dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all())
            return {i.position: [n for n, oid in enumerate(i.option_order, 1) if fractions[oid] > 0] for i in items}

    def wrong_key(self, attempt_id: int) -> dict[int, list[int]]:
        """position -> one choice that earns nothing (to change answers back and forth)."""
        with self.app.app_context():
            items = db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)).all()
            fractions = dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all())
            return {
                i.position: [next(n for n, oid in enumerate(i.option_order, 1) if fractions[oid] <= 0)] for i in items
            }

    def saved_choices(self, attempt_ids) -> dict[tuple[int, int], list[int]]:
        """(attempt, position) -> the display positions the database holds as the saved answer."""
        with self.app.app_context():
            items = db.session.scalars(
                select(AttemptQuestion).where(AttemptQuestion.attempt_id.in_(list(attempt_ids)))
            ).all()
            return {
                (i.attempt_id, i.position): sorted(i.option_order.index(oid) + 1 for oid in (i.selected or []))
                for i in items
            }

    def attempts(self, nips=None) -> list[Attempt]:
        from lms.auth.models import User

        with self.app.app_context():
            query = select(Attempt).join(User, User.id == Attempt.user_id).order_by(Attempt.id)
            if nips is not None:
                query = query.where(User.nip.in_(list(nips)))
            rows = db.session.scalars(query).all()
            db.session.expunge_all()
            return rows

    def gradings(self) -> dict[int, int]:
        """attempt id -> how many 'attempt.graded' audit entries it has (exactly once: 1)."""
        with self.app.app_context():
            rows = db.session.execute(
                select(AuditEntry.object_id, func.count())
                .where(AuditEntry.action == "attempt.graded", AuditEntry.object_type == "attempt")
                .group_by(AuditEntry.object_id)
            ).all()
            return {int(object_id): n for object_id, n in rows}

    def close(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
