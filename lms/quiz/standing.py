"""A participant's standing on one quiz: attempts used and left, the counted attempt, passed, the next start.

The one rule for the quiz pages (lms.quiz.attempts), the phase gate and its lock reasons, the stored
results (lms.quiz.completion) and the dashboards (lms.dashboard), on plain values. The dashboards read
the stored tally (QuizResult) instead of the attempts, and the overview counts "near the limit" in the
database: `near_limit_sql` is the same rule written for SQL, and tests/quiz/test_standing.py checks that
the two agree.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from sqlalchemy import ColumnElement, and_, or_

from lms.quiz.grading import GradedAttempt, counted_attempt


class QuizTerms(Protocol):
    """What the standing reads of a quiz (lms.quiz.models.Quiz has it)."""

    max_attempts: int | None  # None: unlimited
    wait_minutes: int  # between the end of one attempt and the start of the next


class AttemptFacts(Protocol):
    """What the standing reads of an attempt (lms.quiz.models.Attempt has it)."""

    number: int
    status: str  # "in_progress" | "graded"
    score: Decimal | None
    passed: bool | None
    graded_at: datetime | None


@dataclass(frozen=True)
class Tally:
    """The facts the standing follows from: read from the attempts (`Tally.of`), or from the stored
    QuizResult that lms.quiz.completion.refresh_standing writes from them."""

    used: int  # attempts started: graded, or still open
    passed: bool  # the counted attempt passed
    last_graded_at: datetime | None = None
    counted: GradedAttempt | None = None  # known when read from the attempts

    @classmethod
    def of(cls, attempts: Sequence[AttemptFacts], score_policy: str) -> "Tally":
        graded = [
            GradedAttempt(a.number, a.score, bool(a.passed), a.graded_at) for a in attempts if a.status == "graded"
        ]
        counted = counted_attempt(graded, score_policy)
        return cls(
            len(attempts),
            bool(counted and counted.passed),
            max((a.graded_at for a in graded), default=None),
            counted,
        )


@dataclass(frozen=True)
class Standing:
    used: int
    attempts_left: int | None  # None: unlimited
    passed: bool
    counted: GradedAttempt | None
    last_graded_at: datetime | None
    next_start_at: datetime | None  # when the wait between attempts ends; None: no wait now

    @property
    def exhausted(self) -> bool:
        """No attempt left."""
        return self.attempts_left == 0

    @property
    def last_chance(self) -> bool:
        """One attempt left after at least one was used."""
        return self.attempts_left == 1 and self.used > 0

    @property
    def near_limit(self) -> bool:
        """Not passed, and no attempt or a last one left (what the dashboards count as a risk)."""
        return not self.passed and (self.exhausted or self.last_chance)


def standing(quiz: QuizTerms, tally: Tally, now: datetime) -> Standing:
    """The participant's standing on `quiz` at `now`, from what they did (`tally`)."""
    left = None if quiz.max_attempts is None else max(0, quiz.max_attempts - tally.used)
    next_start = None
    if tally.last_graded_at is not None and quiz.wait_minutes:
        next_start = tally.last_graded_at + timedelta(minutes=quiz.wait_minutes)
        if next_start <= now:
            next_start = None
    return Standing(tally.used, left, tally.passed, tally.counted, tally.last_graded_at, next_start)


def near_limit_sql(used: ColumnElement, max_attempts: ColumnElement, passed: ColumnElement) -> ColumnElement[bool]:
    """`Standing.near_limit` as an SQL condition on the stored tally (attempts used, passed) and the
    quiz's max_attempts, for counting at the scale of 10,000 participants in the database."""
    exhausted = used >= max_attempts  # max(0, max_attempts - used) == 0
    last_chance = and_(used == max_attempts - 1, used > 0)
    return and_(passed.is_(False), max_attempts.is_not(None), or_(exhausted, last_chance))
