"""Graded attempts written straight to the database, the standing refreshed by the real rule."""

from datetime import timedelta
from decimal import Decimal

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.quiz.completion import refresh_standing
from lms.quiz.models import Attempt, Quiz


def graded(user_id: int, quiz: Quiz, *scores: str) -> None:
    for number, score in enumerate(scores, start=1):
        db.session.add(
            Attempt(
                quiz_id=quiz.id,
                user_id=user_id,
                number=number,
                status="graded",
                started_at=utcnow() - timedelta(hours=10 - number),
                graded_by="submit",
                graded_at=utcnow() - timedelta(hours=9 - number),
                score=Decimal(score),
                passed=Decimal(score) >= quiz.pass_threshold,
                threshold_used=quiz.pass_threshold,
            )
        )
        db.session.flush()
    refresh_standing(user_id, quiz)
