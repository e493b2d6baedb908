"""Demo activity: lessons read and evaluations taken, through the real grading code, so the
dashboards of a fresh `make run` show a believable cohort (strong, average and struggling)."""

import random
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
    quizzes = {q.slug: q for q in db.session.scalars(select(Quiz))}
    lessons = db.session.execute(
        select(Module.id, Lesson.slug)
        .join(ModuleRevision, ModuleRevision.id == Module.current_revision_id)
        .join(Lesson, Lesson.revision_id == ModuleRevision.id)
        .order_by(Module.agenda, Module.position, Lesson.position)
    ).all()
    fractions = dict(db.session.execute(select(QuestionOption.id, QuestionOption.fraction)).all())
    graded = 0
    now = utcnow()
    for angkatan in db.session.scalars(select(Angkatan)):
        share, quiz_slugs = PLAN.get(angkatan.number, (0.0, ()))
        members = db.session.scalars(
            select(Enrolment.user_id).where(Enrolment.angkatan_id == angkatan.id).order_by(Enrolment.user_id)
        ).all()
        for user_id in members:
            if user_id in skip_user_ids:
                continue
            ability = rng.uniform(0.45, 0.98)
            read = int(len(lessons) * min(1.0, rng.gauss(share, 0.2))) if share else 0
            for index, (module_id, slug) in enumerate(lessons[: max(0, read)]):
                db.session.add(
                    LessonProgress(
                        user_id=user_id,
                        module_id=module_id,
                        lesson_slug=slug,
                        completed_at=now - timedelta(days=12) + timedelta(hours=index * 5),
                    )
                )
            for slug in quiz_slugs:
                quiz = quizzes.get(slug)
                if quiz is None or rng.random() < 0.1:  # a few have not tried yet
                    continue
                if prerequisites.unread_before(quiz, user_id):  # the evaluation opens after its agenda's modules
                    continue
                for number in range(rng.randint(1, quiz.max_attempts or 2)):
                    started = now - timedelta(days=6 - 2 * number, hours=rng.randint(1, 8))
                    attempt = attempts.start_attempt(quiz, user_id, now=started, rng=rng)
                    db.session.flush()
                    for item in db.session.scalars(
                        select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)
                    ):
                        right = [o for o in item.option_order if fractions[o] > 0]
                        wrong = [o for o in item.option_order if fractions[o] <= 0]
                        correct = rng.random() < ability + 0.08 * number
                        item.selected = (
                            (right if item.question.kind == "multiple" else right[:1]) if correct else wrong[:1]
                        )
                        item.answered_at = started + timedelta(minutes=1)
                    attempts.grade_attempt(attempt.id, now=started + timedelta(minutes=20))
                    graded += 1
                    if attempt.passed:
                        break
    refresh_phase_progress(select(LessonProgress.user_id).distinct())  # the JP done of the lessons read above
    return graded
