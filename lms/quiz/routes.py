"""Quiz pages: overview, the attempt one question per page, submit, result and review; results."""

from functools import cache

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select

from lms.auth.models import Role
from lms.content.phase_parts import AgendaPart
from lms.core.database import begin_write, utcnow
from lms.core.errors import render_error
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people.access import participant_required
from lms.phases.progress import PhaseAccess, phase_access, states_for_participant
from lms.quiz import attempts as attempt_rules
from lms.quiz import prerequisites
from lms.quiz.attempt_view import answer_fields
from lms.quiz.attempts import AnswerRefused, QuizRefused
from lms.quiz.completion import awaiting_grade, phase_score, requirement_results
from lms.quiz.models import Attempt, AttemptQuestion, Quiz
from lms.quiz.review import ITEM_LABELS, MOMENT_LABELS, moments_reached, review_questions, shown

bp = Blueprint("quiz", __name__)


@bp.after_request
def never_store(response):
    # Questions, answers and scores must not stay in a shared or back-button cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(QuizRefused)
def refused(error: QuizRefused):
    if error.keep_changes:
        db.session.commit()
    else:
        db.session.rollback()
    if _wants_json():
        return jsonify(ok=False, message=error.message), error.status
    if error.status in (400, 404):
        # An error page, not abort(): an exception raised inside an error handler would become a 500.
        return render_error(error.status, error.message)
    flash(error.message, "error")
    slug = request.view_args.get("slug") if request.view_args else None
    return redirect(url_for("quiz.overview", slug=slug) if slug else url_for("home.home"))


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


# Kept, as lms.auth.sessions.user_by_session_token: every quiz page runs these two.
@cache
def quiz_by_slug_query():
    return select(Quiz).where(Quiz.slug == bindparam("slug"))


@cache
def overdue_attempt_query():
    return (
        select(Attempt.id)
        .where(
            Attempt.user_id == bindparam("user_id"),
            Attempt.status == "in_progress",
            Attempt.deadline_at < bindparam("now"),
        )
        .limit(1)
    )


def get_quiz_or_404(slug: str) -> Quiz:
    quiz = db.session.scalar(quiz_by_slug_query(), {"slug": slug})
    if quiz is None:
        abort(404)
    return quiz


def _phase_access(quiz: Quiz, explain: bool = False) -> PhaseAccess:
    """Whether the quiz's phase is open for this participant, and why not (phases' one answer); 403 without
    an enrolment."""
    access = phase_access(current_user, phase_id=quiz.phase_id, explain=explain)
    if access.state is None:
        abort(403)
    return access


def _phase_state(quiz: Quiz, explain: bool = False):
    return _phase_access(quiz, explain).state


def _require_open_phase(quiz: Quiz):
    access = _phase_access(quiz)
    if not access.open:
        raise QuizRefused(_("Fase evaluasi ini masih terkunci: %(reason)s", reason=access.reason), 403)
    return access.state


def _touch(user_id: int) -> None:
    """An attempt left open past its deadline is graded on the participant's next visit."""
    overdue = db.session.scalar(overdue_attempt_query(), {"user_id": user_id, "now": utcnow()})
    if overdue is not None:
        begin_write()
        attempt_rules.grade_overdue(user_id)
        db.session.commit()


@bp.get("/evaluasi/<slug>")
@login_required
def overview(slug: str):
    quiz = get_quiz_or_404(slug)
    if current_user.role != Role.PARTICIPANT.value:
        return render_template(
            "quiz/overview_staff.html",
            quiz=quiz,
            form=EmptyForm(),
            review_items=ITEM_LABELS,
            review_moments=MOMENT_LABELS,
        )
    _touch(current_user.id)
    state = _phase_state(quiz, explain=True)
    status = attempt_rules.quiz_status(quiz, current_user.id)
    return render_template(
        "quiz/overview.html",
        quiz=quiz,
        state=state,
        status=status,
        unread=prerequisites.unread_before(quiz, current_user.id) if state and state.unlocked else [],
        form=EmptyForm(),
        closed=bool(state and state.closed),
    )


@bp.post("/evaluasi/<slug>/mulai")
@participant_required
def start(slug: str):
    quiz = get_quiz_or_404(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    attempt_rules.grade_overdue(current_user.id)
    state = _require_open_phase(quiz)
    # An attempt already open is resumed whatever changed since it started.
    must_check = state.closed or quiz.requires_reading
    if must_check and attempt_rules.quiz_status(quiz, current_user.id).open_attempt is None:
        if state.closed:
            raise QuizRefused(_("Fase ini sudah ditutup; evaluasi tidak dapat dimulai lagi."))
        prerequisites.require_reading_done(quiz, current_user.id)
    attempt = attempt_rules.start_attempt(quiz, current_user.id)
    db.session.commit()
    first_open = next((q.position for q in attempt.questions if not q.selected), 1)
    return redirect(url_for("quiz.question", slug=slug, attempt_id=attempt.id, n=first_open))


def _own_attempt(quiz: Quiz, attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id or attempt.quiz_id != quiz.id:
        abort(404)
    return attempt


@bp.get("/evaluasi/<slug>/percobaan/<int:attempt_id>/soal/<int:n>")
@participant_required
def question(slug: str, attempt_id: int, n: int):
    quiz = get_quiz_or_404(slug)
    _touch(current_user.id)
    attempt = _own_attempt(quiz, attempt_id)
    if attempt.status != "in_progress":
        return redirect(url_for("quiz.result", slug=slug, attempt_id=attempt.id))
    items = attempt.questions
    if not 1 <= n <= len(items):
        abort(404)
    return _question_page(quiz, attempt, n)


def _question_page(quiz: Quiz, attempt: Attempt, n: int, typed: list[str] | None = None, error: str | None = None):
    items = attempt.questions
    item = items[n - 1]
    return render_template(
        "quiz/question.html",
        quiz=quiz,
        attempt=attempt,
        item=item,
        n=n,
        total=len(items),
        answer=answer_fields(item, typed),
        error=error,
        items=items,
        now=utcnow(),
    )


@bp.post("/evaluasi/<slug>/percobaan/<int:attempt_id>/soal/<int:n>")
@participant_required
def save(slug: str, attempt_id: int, n: int):
    if not EmptyForm().validate_on_submit():
        raise QuizRefused(_("Formulir kedaluwarsa; muat ulang halaman."), 400)
    # The one read of the attempt is the locking one, which also checks it is this participant's at this quiz.
    try:
        item = attempt_rules.save_answer(
            slug, attempt_id, current_user.id, n, request.form.getlist("jawaban"), request.form.get("rev")
        )
    except AnswerRefused as refused:
        db.session.rollback()
        if _wants_json():
            return jsonify(ok=False, message=refused.message), 400
        # The page again with what was typed and why it is refused; the answer saved before stays.
        quiz = get_quiz_or_404(slug)
        return _question_page(quiz, _own_attempt(quiz, attempt_id), n, refused.typed, refused.message), 400
    # Read before the commit expires them: afterwards each would be one more query, and on SQLite
    # one more BEGIN IMMEDIATE, i.e. the database's write lock taken a second time just to read.
    saved = dict(ok=True, rev=item.answer_rev, message=_("Tersimpan"))
    db.session.commit()
    if _wants_json():
        return jsonify(saved)
    action = request.form.get("aksi", "lanjut")
    total = db.session.scalar(
        select(db.func.count()).select_from(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)
    )
    if action == "kembali" and n > 1:
        target = n - 1
    elif action == "lanjut" and n < total:
        target = n + 1
    elif action.isdigit() and 1 <= int(action) <= total:
        target = int(action)
    else:
        return redirect(url_for("quiz.summary", slug=slug, attempt_id=attempt_id))
    return redirect(url_for("quiz.question", slug=slug, attempt_id=attempt_id, n=target))


@bp.get("/evaluasi/<slug>/percobaan/<int:attempt_id>/ringkasan")
@participant_required
def summary(slug: str, attempt_id: int):
    quiz = get_quiz_or_404(slug)
    _touch(current_user.id)
    attempt = _own_attempt(quiz, attempt_id)
    if attempt.status != "in_progress":
        return redirect(url_for("quiz.result", slug=slug, attempt_id=attempt.id))
    return render_template(
        "quiz/summary.html", quiz=quiz, attempt=attempt, items=attempt.questions, form=EmptyForm(), now=utcnow()
    )


@bp.post("/evaluasi/<slug>/percobaan/<int:attempt_id>/kirim")
@participant_required
def submit(slug: str, attempt_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    # Whether this request graded it or an earlier one did, the participant lands on the one result.
    attempt_rules.grade_locked(attempt_rules.lock_attempt(attempt_id, current_user.id, slug), by="submit")
    db.session.commit()
    return redirect(url_for("quiz.result", slug=slug, attempt_id=attempt_id))


@bp.get("/evaluasi/<slug>/percobaan/<int:attempt_id>/hasil")
@participant_required
def result(slug: str, attempt_id: int):
    quiz = get_quiz_or_404(slug)
    _touch(current_user.id)
    attempt = _own_attempt(quiz, attempt_id)
    if attempt.status == "in_progress":
        return redirect(url_for("quiz.question", slug=slug, attempt_id=attempt.id, n=1))
    status = attempt_rules.quiz_status(quiz, current_user.id)
    if attempt.status == "pending":
        # No score yet, and no review: the answer key must not be shown before the attempt has its grade.
        return render_template("quiz/result.html", quiz=quiz, attempt=attempt, status=status, show=None, review=[])
    state = _phase_state(quiz)
    reached = moments_reached(
        quiz_passed=status.passed,
        attempts_exhausted=status.attempts_left == 0,
        phase_closed=bool(state and state.closed),
        attempt_open=status.open_attempt is not None,
    )
    show = shown(quiz.review_masks, reached)
    return render_template(
        "quiz/result.html",
        quiz=quiz,
        attempt=attempt,
        status=status,
        show=show,
        review=review_questions(attempt.questions, show),
    )


@bp.get("/nilai")
@participant_required
def my_results():
    _touch(current_user.id)
    enrolment = current_user.enrolment
    states = states_for_participant(enrolment) if enrolment else []
    phases = []
    for state in states:
        results = requirement_results(current_user.id, state.facts.phase_id)
        if results:
            phases.append((state, results, phase_score(results)))
    return render_template(
        "quiz/my_results.html", phases=phases, states=states, pending=awaiting_grade(current_user.id)
    )


def phase_page_part(phase, user) -> AgendaPart | None:
    """Content's phase page, under each agenda: its evaluation and the participant's result that counts."""
    quizzes = {q.slug: q for q in db.session.scalars(select(Quiz).where(Quiz.phase_id == phase.id))}
    if not quizzes:
        return None
    is_participant = user.role == Role.PARTICIPANT.value
    results = {r.quiz.slug: r for r in requirement_results(user.id, phase.id)} if is_participant else {}
    return AgendaPart("quiz/_phase_agenda.html", {"quizzes": quizzes, "results": results})
