"""A participant's standing on a quiz (lms.quiz.standing): the pure rule, and its SQL form agreeing with it."""

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Boolean, Integer, create_engine, literal, select

from lms.quiz.standing import Tally, near_limit_sql, standing

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


@dataclass
class Quiz:
    max_attempts: int | None = 3
    wait_minutes: int = 0
    score_policy: str = "highest"


@dataclass
class Attempt:
    number: int
    status: str = "graded"
    score: Decimal | None = None
    passed: bool | None = None
    graded_at: datetime | None = None


def graded(number: int, score: str, threshold: str = "70", minutes_ago: int = 60) -> Attempt:
    return Attempt(
        number, "graded", Decimal(score), Decimal(score) >= Decimal(threshold), NOW - timedelta(minutes=minutes_ago)
    )


def test_no_attempts_yet():
    s = standing(Quiz(), Tally.of([], "highest"), NOW)
    assert (s.used, s.attempts_left, s.passed, s.counted, s.next_start_at) == (0, 3, False, None, None)
    assert not s.exhausted and not s.last_chance and not s.near_limit


def test_the_counted_attempt_follows_the_policy_and_decides_passed():
    attempts = [graded(1, "80", minutes_ago=90), graded(2, "60", minutes_ago=30)]
    highest = standing(Quiz(score_policy="highest"), Tally.of(attempts, "highest"), NOW)
    last = standing(Quiz(score_policy="last"), Tally.of(attempts, "last"), NOW)
    assert (highest.counted.number, highest.passed) == (1, True)
    assert (last.counted.number, last.passed) == (2, False)
    assert highest.last_graded_at == last.last_graded_at == NOW - timedelta(minutes=30)


def test_an_open_attempt_is_used_but_not_counted():
    s = standing(Quiz(max_attempts=2), Tally.of([graded(1, "50"), Attempt(2, "in_progress")], "highest"), NOW)
    assert (s.used, s.attempts_left, s.counted.number, s.passed) == (2, 0, 1, False)
    assert s.exhausted and s.near_limit


def test_attempts_left_never_below_zero_and_none_when_unlimited():
    three = [graded(n, "10") for n in (1, 2, 3)]
    assert standing(Quiz(max_attempts=2), Tally.of(three, "highest"), NOW).attempts_left == 0
    unlimited = standing(Quiz(max_attempts=None), Tally.of(three, "highest"), NOW)
    assert unlimited.attempts_left is None and not unlimited.exhausted and not unlimited.near_limit


def test_the_last_chance_is_one_left_after_trying():
    one_of_two = standing(Quiz(max_attempts=2), Tally(used=1, passed=False), NOW)
    assert one_of_two.last_chance and one_of_two.near_limit and not one_of_two.exhausted
    untried_single = standing(Quiz(max_attempts=1), Tally(used=0, passed=False), NOW)
    assert not untried_single.last_chance and not untried_single.near_limit
    passed = standing(Quiz(max_attempts=2), Tally(used=2, passed=True), NOW)
    assert passed.exhausted and not passed.near_limit


def test_the_wait_between_attempts_runs_from_the_last_grading():
    quiz = Quiz(wait_minutes=60)
    waiting = standing(
        quiz, Tally.of([graded(1, "50", minutes_ago=100), graded(2, "50", minutes_ago=20)], "highest"), NOW
    )
    assert waiting.next_start_at == NOW + timedelta(minutes=40)
    over = standing(quiz, Tally.of([graded(1, "50", minutes_ago=60)], "highest"), NOW)
    assert over.next_start_at is None  # the wait ends exactly now: may start
    assert (
        standing(Quiz(wait_minutes=0), Tally.of([graded(1, "50", minutes_ago=1)], "highest"), NOW).next_start_at is None
    )
    assert standing(quiz, Tally.of([Attempt(1, "in_progress")], "highest"), NOW).next_start_at is None


def test_the_stored_tally_gives_the_same_standing_as_the_attempts():
    attempts = [graded(1, "40"), graded(2, "65")]
    quiz = Quiz(max_attempts=3, wait_minutes=30)
    read = Tally.of(attempts, quiz.score_policy)
    stored = Tally(used=2, passed=False, last_graded_at=read.last_graded_at)  # what QuizResult holds
    a, b = standing(quiz, read, NOW), standing(quiz, stored, NOW)
    assert (a.used, a.attempts_left, a.passed, a.next_start_at, a.last_chance) == (
        b.used,
        b.attempts_left,
        b.passed,
        b.next_start_at,
        b.last_chance,
    )


def _engines():
    yield create_engine("sqlite://")
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        yield create_engine(url)


@pytest.mark.parametrize("engine", list(_engines()), ids=lambda e: e.dialect.name)
def test_the_sql_form_of_near_limit_agrees_with_the_rule(engine):
    """The overview counts near-limit quizzes in the database (lms.dashboard.overview_report): the same
    answer as Standing.near_limit for every combination of attempts used, max_attempts and passed."""
    cases = [
        (used, max_attempts, passed)
        for used in range(5)
        for max_attempts in (None, 0, 1, 2, 3)
        for passed in (False, True)
    ]
    with engine.connect() as connection:
        for used, max_attempts, passed in cases:
            condition = near_limit_sql(literal(used, Integer), literal(max_attempts, Integer), literal(passed, Boolean))
            in_sql = bool(connection.scalar(select(condition)))
            in_python = standing(Quiz(max_attempts=max_attempts), Tally(used, passed), NOW).near_limit
            assert in_sql == in_python, (used, max_attempts, passed)
