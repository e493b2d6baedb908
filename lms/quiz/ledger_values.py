"""The quiz feature's objects in the score ledger (lms.core.ledger): a graded attempt, an essay's grade, and a phase
score; the values each records, and the readers verify-ledger reconciles them with.

A QuizResult is not recorded: it is a tally recomputed from the attempts (which are), and no score is read from it."""

from sqlalchemy import String, cast, select, tuple_

from lms.core import ledger
from lms.core.extensions import db
from lms.core.ledger_readers import Reader, split_id, sql_decimal, sql_json, sql_values
from lms.quiz.models import Attempt, AttemptQuestion, EssayGrade, PhaseResult

ATTEMPT, ESSAY, PHASE_RESULT = "attempt", "essay_grade", "phase_result"


def attempt_values(status: str, score, passed) -> dict:
    return {"status": status, "score": score, "passed": passed}


def essay_values(score, levels: list) -> dict:
    return {"score": score, "levels": list(levels)}


def phase_result_id(user_id: int, phase_id: int) -> str:
    return f"{user_id}:{phase_id}"


def record_attempt(kind: str, attempt: Attempt, score, passed, actor_id: int | None) -> None:
    """A graded attempt's score (graded, regraded), in the grading's transaction."""
    ledger.append(
        kind,
        ATTEMPT,
        attempt.id,
        participant_id=attempt.user_id,
        values=attempt_values("graded", score, passed),
        actor_id=actor_id,
    )


def record_essay(kind: str, item_id: int, user_id: int, score, levels: list, actor_id: int) -> None:
    ledger.append(kind, ESSAY, item_id, participant_id=user_id, values=essay_values(score, levels), actor_id=actor_id)


def record_phase_result(user_id: int, phase_id: int, score) -> None:
    key = phase_result_id(user_id, phase_id)
    ledger.append("phase.result", PHASE_RESULT, key, participant_id=user_id, values={"score": score})


def _ints(ids: list[str]) -> list[int]:
    return [int(i) for i in ids]


def _attempts(ids: list[str]) -> dict:
    rows = db.session.connection().execute(
        select(Attempt.id, Attempt.status, Attempt.score, Attempt.passed).where(Attempt.id.in_(_ints(ids)))
    )
    return {str(i): attempt_values(status, score, passed) for i, status, score, passed in rows}


def _essays(ids: list[str]) -> dict:
    rows = db.session.connection().execute(
        select(EssayGrade.attempt_question_id, EssayGrade.score, EssayGrade.levels).where(
            EssayGrade.attempt_question_id.in_(_ints(ids))
        )
    )
    return {str(i): essay_values(score, levels) for i, score, levels in rows}


def _phase_result_key():
    return cast(PhaseResult.user_id, String) + ":" + cast(PhaseResult.phase_id, String)


def _phase_results(ids: list[str]) -> dict:
    rows = db.session.connection().execute(
        select(PhaseResult.user_id, PhaseResult.phase_id, PhaseResult.score).where(
            tuple_(PhaseResult.user_id, PhaseResult.phase_id).in_([split_id(i) for i in ids])
        )
    )
    return {phase_result_id(u, p): {"score": score} for u, p, score in rows}


def readers() -> list[Reader]:
    """lms.core.ledger_readers.CURRENT_VALUES."""
    return [
        Reader(
            ATTEMPT,
            _attempts,
            lambda: select(cast(Attempt.id, String), Attempt.user_id).where(Attempt.status == "graded"),
            lambda: select(
                cast(Attempt.id, String),
                sql_values(status=Attempt.status, score=sql_decimal(Attempt.score), passed=Attempt.passed),
            ),
        ),
        Reader(
            ESSAY,
            _essays,
            lambda: (
                select(cast(EssayGrade.attempt_question_id, String), Attempt.user_id)
                .join(AttemptQuestion, AttemptQuestion.id == EssayGrade.attempt_question_id)
                .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
            ),
            lambda: select(
                cast(EssayGrade.attempt_question_id, String),
                sql_values(score=sql_decimal(EssayGrade.score), levels=sql_json(EssayGrade.levels)),
            ),
        ),
        Reader(
            PHASE_RESULT,
            _phase_results,
            lambda: select(_phase_result_key(), PhaseResult.user_id).where(PhaseResult.score.is_not(None)),
            lambda: select(_phase_result_key(), sql_values(score=sql_decimal(PhaseResult.score))),
        ),
    ]
