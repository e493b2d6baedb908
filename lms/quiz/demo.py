"""Demo activity: lessons read and evaluations taken, through the real grading code, so the
dashboards of a fresh `make run` show a believable cohort (strong, average and struggling)."""

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from lms.content.models import Lesson, LessonProgress, Module, ModuleRevision
from lms.content.progress import refresh_phase_progress
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.people.models import Angkatan, Enrolment
from lms.quiz import attempts, prerequisites
from lms.quiz.models import AttemptQuestion, QuestionOption, Quiz

# Angkatan number -> (share of MOOC lessons read, quizzes attempted), by how far along it is.
PLAN = {
    72: (0.85, ("evaluasi-agenda-1", "evaluasi-agenda-2", "evaluasi-agenda-3")),
    73: (0.35, ("evaluasi-agenda-1",)),
    74: (0.0, ()),
}


def seed_activity(rng: random.Random, skip_user_ids: set[int]) -> int:
    facts = _facts()
    graded = 0
    for angkatan in db.session.scalars(select(Angkatan)):
        share, quiz_slugs = PLAN.get(angkatan.number, (0.0, ()))
        for user_id in _members(angkatan.id):
            if user_id in skip_user_ids:
                continue
            ability = rng.uniform(0.45, 0.98)
            read = int(len(facts.lessons) * min(1.0, rng.gauss(share, 0.2))) if share else 0
            graded += _study(facts, user_id, read, quiz_slugs, ability, rng, may_skip=True)
    refresh_phase_progress(select(LessonProgress.user_id).distinct())  # the JP done of the lessons read above
    return graded


def seed_finished_mooc(angkatan_id: int, rng: random.Random, strong_user_ids: set[int] = frozenset()) -> int:
    """An angkatan past its MOOC: everyone read every lesson and took every evaluation until passing, so the
    phase after it is open through the real gate. `strong_user_ids` answer everything right (a demo login)."""
    facts = _facts()
    slugs = tuple(sorted(q.slug for q in facts.quizzes.values() if q.phase.code == "mooc"))
    graded = 0
    for user_id in _members(angkatan_id):
        ability = 1.1 if user_id in strong_user_ids else rng.uniform(0.8, 0.98)
        graded += _study(facts, user_id, len(facts.lessons), slugs, ability, rng, may_skip=False)
    refresh_phase_progress(_members_query(angkatan_id))
    return graded


@dataclass
class _Facts:
    quizzes: dict[str, Quiz]
    lessons: list
    fractions: dict[int, object]
    now: object


def _facts() -> _Facts:
    return _Facts(
        {q.slug: q for q in db.session.scalars(select(Quiz))},
        db.session.execute(
            select(Module.id, Lesson.slug)
            .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
            .join(Lesson, Lesson.revision_id == ModuleRevision.id)
            .where(Module.phase.has(code="mooc"))
            .order_by(Module.agenda, Module.position, Lesson.position)
        ).all(),
        dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all()),
        utcnow(),
    )


def _members_query(angkatan_id: int):
    return select(Enrolment.user_id).where(Enrolment.angkatan_id == angkatan_id).order_by(Enrolment.user_id)


def _members(angkatan_id: int) -> list[int]:
    return db.session.scalars(_members_query(angkatan_id)).all()


def _study(facts: _Facts, user_id: int, read: int, quiz_slugs, ability: float, rng, may_skip: bool) -> int:
    """Mark the first `read` lessons done, then take each quiz (until passing, within its attempts) through the
    real grading code. may_skip: a few participants have not tried a quiz yet."""
    now, graded = facts.now, 0
    for index, (module_id, slug) in enumerate(facts.lessons[: max(0, read)]):
        db.session.add(
            LessonProgress(
                user_id=user_id,
                module_id=module_id,
                lesson_slug=slug,
                completed_at=now - timedelta(days=12) + timedelta(hours=index * 5),
            )
        )
    for slug in quiz_slugs:
        quiz = facts.quizzes.get(slug)
        if quiz is None or (may_skip and rng.random() < 0.1):  # a few have not tried yet
            continue
        if prerequisites.unread_before(quiz, user_id):  # the evaluation opens after its agenda's modules
            continue
        for number in range(rng.randint(1, quiz.max_attempts or 2) if may_skip else quiz.max_attempts or 3):
            started = now - timedelta(days=6 - 2 * number, hours=rng.randint(1, 8))
            attempt = attempts.start_attempt(quiz, user_id, now=started, rng=rng)
            db.session.flush()
            for item in db.session.scalars(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)):
                right = [o for o in item.option_order if facts.fractions[o] > 0]
                wrong = [o for o in item.option_order if facts.fractions[o] <= 0]
                correct = rng.random() < ability + 0.08 * number
                item.selected = (right if item.question.kind == "multiple" else right[:1]) if correct else wrong[:1]
                item.answered_at = started + timedelta(minutes=1)
            attempts.grade_attempt(attempt.id, now=started + timedelta(minutes=20))
            graded += 1
            if attempt.passed:
                break
    return graded
