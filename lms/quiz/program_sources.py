"""The quiz feature's components of the final score: a phase's evaluation score (PhaseResult, the weighted average
of its required evaluations' counted scores) for MOOC, PJJ and, when a program sets one, klasikal's final test."""

from sqlalchemy import select

from lms.core.extensions import db
from lms.phases.models import Phase
from lms.quiz.models import PhaseResult

PHASE_SOURCES = {"evaluasi_mooc": "mooc", "evaluasi_pjj": "pjj", "evaluasi_klasikal": "klasikal"}


def phase_scores(phase_code: str, user_ids: list[int]) -> dict:
    """Each participant's phase score (None while a required evaluation has no counted score), one query."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(PhaseResult.user_id, PhaseResult.score)
        .join(Phase, Phase.id == PhaseResult.phase_id)
        .where(Phase.code == phase_code, PhaseResult.user_id.in_(user_ids))
    )
    return {user_id: score for user_id, score in rows}


def component_sources() -> dict:
    """lms.program.sources.COMPONENT_SOURCES."""
    return {
        name: (lambda user_ids, _program, code=code: phase_scores(code, user_ids))
        for name, code in PHASE_SOURCES.items()
    }
