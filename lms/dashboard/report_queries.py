"""The statements behind the angkatan matrix (lms.dashboard.reports), each over any number of angkatan at
once: required quizzes and results, JP done, and one row per participant. Rows in, plain values out."""

from sqlalchemy import and_, func, select, true

from lms.auth.models import AuthSession, User
from lms.content.models import LessonProgress, Module, PhaseProgress
from lms.core.extensions import db
from lms.people.models import Enrolment, Instansi, TutorGroup
from lms.people.record import participant_columns
from lms.phases.models import PhaseCompletion
from lms.quiz.models import PhaseRequirement, PhaseResult, Quiz, QuizResult


def _enrolled(angkatan_ids: list[int], instansi_ids=None):
    """The enrolments of these angkatan, or, given instansi_ids (a list or a subquery), their employees alone."""
    return and_(
        Enrolment.angkatan_id.in_(angkatan_ids),
        true() if instansi_ids is None else Enrolment.instansi_id.in_(instansi_ids),
    )


def required_quizzes() -> list[tuple]:
    """(id, slug, title, threshold, max attempts, weight, wait minutes) of every required quiz: one query."""
    return db.session.execute(
        select(
            Quiz.id,
            Quiz.slug,
            Quiz.title,
            Quiz.pass_threshold,
            Quiz.max_attempts,
            PhaseRequirement.weight,
            Quiz.wait_minutes,
        )
        .join(PhaseRequirement, PhaseRequirement.quiz_id == Quiz.id)
        .order_by(Quiz.agenda, Quiz.slug)
    ).all()


def quiz_results(angkatan_ids: list[int], required: set[int], instansi_ids=None) -> dict[tuple[int, int], tuple]:
    """{(user id, quiz id): (counted score, passed, attempts used)} of these angkatan's participants on the
    required quizzes: one query (as a join with the quizzes, each of 1,200 result rows of a 400 angkatan
    repeated its quiz's columns and cost twice as much)."""
    rows = db.session.execute(
        select(
            QuizResult.user_id,
            QuizResult.quiz_id,
            QuizResult.counted_score,
            QuizResult.passed,
            QuizResult.attempts_used,
        )
        .join(Enrolment, Enrolment.user_id == QuizResult.user_id)
        .where(_enrolled(angkatan_ids, instansi_ids))
    )
    return {
        (user_id, quiz_id): (score, bool(passed), used)
        for user_id, quiz_id, score, passed, used in rows
        if quiz_id in required
    }


def lesson_progress(angkatan_ids: list[int], instansi_ids=None) -> tuple[dict[int, dict[int, float]], set[int]]:
    """JP done per participant and phase (stored by lms.content.progress), and the phases that have
    lessons: one query."""
    phases = select(Module.phase_id).where(Module.current_revision_id.is_not(None)).distinct().subquery()
    mine = (
        select(PhaseProgress.user_id, PhaseProgress.phase_id, PhaseProgress.jp_done)
        .join(Enrolment, Enrolment.user_id == PhaseProgress.user_id)
        .where(_enrolled(angkatan_ids, instansi_ids))
        .subquery()
    )
    rows = db.session.execute(
        select(phases.c.phase_id, mine.c.user_id, mine.c.jp_done).outerjoin(mine, mine.c.phase_id == phases.c.phase_id)
    ).all()
    by_user: dict[int, dict[int, float]] = {}
    for phase_id, user_id, jp_done in rows:
        if user_id is not None:
            by_user.setdefault(user_id, {})[phase_id] = jp_done
    return by_user, {row[0] for row in rows}


def participants(
    angkatan_ids: list[int], score_phase_id: int | None, instansi_ids=None, columns_of: int | None = None
) -> dict[int, list[tuple]]:
    """{angkatan id: its participants by name, each (user id, name, NIP, instansi, group, phase score,
    completion source, last activity, other features' columns)}: one query. The other features' columns
    (PARTICIPANT_COLUMNS) are asked for one angkatan alone, columns_of, as the hook gives them."""
    last_lesson = (
        select(func.max(LessonProgress.completed_at))
        .where(LessonProgress.user_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    last_quiz = (
        select(func.max(QuizResult.last_attempt_at))
        .where(QuizResult.user_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    last_login = (
        select(func.max(AuthSession.created_at)).where(AuthSession.user_id == User.id).correlate(User).scalar_subquery()
    )
    columns = participant_columns() if columns_of is not None else {}  # discussion: posts, one subquery each
    extra_columns = [f(columns_of).label(name) for name, f in columns.items()]
    rows = db.session.execute(
        select(
            Enrolment.angkatan_id,
            User.id,
            User.name,
            User.nip,
            Instansi.name,
            TutorGroup.name,
            PhaseResult.score,
            PhaseCompletion.source,
            last_lesson,
            last_quiz,
            last_login,
            *extra_columns,
        )
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Instansi, Instansi.id == Enrolment.instansi_id)
        .outerjoin(TutorGroup, TutorGroup.id == Enrolment.tutor_group_id)
        .outerjoin(PhaseResult, and_(PhaseResult.user_id == User.id, PhaseResult.phase_id == score_phase_id))
        .outerjoin(
            PhaseCompletion, and_(PhaseCompletion.user_id == User.id, PhaseCompletion.phase_id == score_phase_id)
        )
        .where(_enrolled(angkatan_ids, instansi_ids))
        .order_by(User.name)
    ).all()
    names = list(columns)
    result: dict[int, list[tuple]] = {angkatan_id: [] for angkatan_id in angkatan_ids}
    for row in rows:
        moments = [m for m in row[8:11] if m is not None]
        result[row[0]].append(
            (
                *row[1:8],
                max(moments) if moments else None,
                dict(zip(names, row[11:], strict=True)),
            )
        )
    return result
