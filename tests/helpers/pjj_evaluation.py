"""The shipped PJJ evaluation (`evaluasi-pjj`) in a browser journey: a participant whose MOOC is complete, and
each question's right answer as a person would give it on the page, read from the attempt's bank."""

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from lms.core.extensions import db
from lms.quiz import attempts
from lms.quiz.models import AttemptQuestion, QuestionOption, Quiz
from tests.factories import read_all_lessons

MOOC_EVALUATIONS = ("evaluasi-agenda-1", "evaluasi-agenda-2", "evaluasi-agenda-3")


@dataclass(frozen=True)
class RightAnswer:
    """What to do on one question page: the option to tick (single, missingword), the text to type
    (shortanswer, numerical), the answer to pick for each statement (matching); an essay has none."""

    kind: str
    option: str = ""
    typed: str = ""
    pairs: dict[str, str] = field(default_factory=dict)


def complete_mooc(user_id: int) -> None:
    """Every MOOC lesson read and each MOOC evaluation passed with every answer right, through the real rules
    (the PJJ journey starts after the MOOC)."""
    read_all_lessons(user_id, "mooc")
    fractions = dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all())
    for slug in MOOC_EVALUATIONS:
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug))
        attempt = attempts.start_attempt(quiz, user_id)
        db.session.flush()
        for item in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)):
            item.selected = [o for o in item.option_order if fractions[o] > 0]
            item.answered_at = attempt.started_at
        attempts.grade_attempt(attempt.id)


def _typed(text_md: str) -> str:
    """What a person types for a key such as "217", "30:2" (tolerance) or "200..230" (range): its first number."""
    return re.split(r"\.\.|:", text_md)[0]


def right_answers(attempt_id: int) -> dict[int, RightAnswer]:
    """position -> the answer earning full credit at that position of the attempt."""
    answers = {}
    for item in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)):
        question = item.question
        full = [o for o in question.options if o.fraction == 1]
        if question.kind in ("single", "missingword"):
            answers[item.position] = RightAnswer(question.kind, option=full[0].text_md)
        elif question.kind in ("shortanswer", "numerical"):
            answers[item.position] = RightAnswer(question.kind, typed=_typed(full[0].text_md))
        elif question.kind == "matching":
            pairs = {o.text_md: o.match_text for o in question.options if o.text_md}
            answers[item.position] = RightAnswer(question.kind, pairs=pairs)
        else:
            answers[item.position] = RightAnswer(question.kind)
    return answers
