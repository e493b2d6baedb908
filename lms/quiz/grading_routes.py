"""The essay grading queue and the grading form: thin views over lms.quiz.essay_queue (who sees what) and
lms.quiz.essay_grading (the grade, exactly once; a regrade with a reason)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.extensions import db
from lms.core.rubric import Rubric
from lms.people.access import staff_required
from lms.quiz.essay_grading import REASON_MIN, GradeRefused, chosen_levels, grade_essay, regrade_essay, rubric_of
from lms.quiz.essay_queue import (
    EssayItem,
    get_essay_or_404,
    gradable_quiz_or_404,
    graded_essays,
    queue_counts,
    waiting_essays,
)
from lms.quiz.forms import EssayGradeForm

bp = Blueprint("quiz_grading", __name__)


@bp.after_request
def never_store(response):
    # Answers, names and grades must not stay in a shared or back-button cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/penilaian-esai")
@staff_required
def queue():
    slug = request.args.get("evaluasi")
    quiz = gradable_quiz_or_404(slug) if slug else None
    return render_template(
        "quiz/grading_queue.html",
        counts=queue_counts(current_user),
        quiz=quiz,
        waiting=waiting_essays(current_user, quiz) if quiz else [],
        graded=graded_essays(current_user, quiz) if quiz else [],
    )


def _page(essay: EssayItem, form: EssayGradeForm, chosen: dict[int, str], error: str | None = None, status=200):
    rubric: Rubric = rubric_of(essay.question)
    return (
        render_template(
            "quiz/grade_essay.html",
            essay=essay,
            rubric=rubric,
            chosen={index: str(value) for index, value in chosen.items()},
            form=form,
            error=error,
        ),
        status,
    )


@bp.route("/penilaian-esai/<int:item_id>", methods=["GET", "POST"])
@staff_required
def grade(item_id: int):
    essay = get_essay_or_404(item_id)
    # What the grader saw decides: a first grade (refused if another grader got there first) or a change of
    # the grade they were shown (a regrade, with its reason).
    regrading = request.form.get("ubah") == "1" if request.method == "POST" else essay.grade is not None
    form = EssayGradeForm(min_length=REASON_MIN if regrading else 0)
    if request.method == "GET":
        if essay.grade:
            form.feedback.data = essay.grade.feedback
        saved = dict(enumerate(essay.grade.levels)) if essay.grade else {}
        return _page(essay, form, saved)
    chosen = chosen_levels(rubric_of(essay.question), request.form.to_dict())
    if not form.validate_on_submit():
        return _page(essay, form, chosen, status=400)
    try:
        if regrading:
            regrade_essay(item_id, current_user.id, chosen, form.feedback.data or "", form.reason.data)
        else:
            outcome = grade_essay(item_id, current_user.id, chosen, form.feedback.data or "")
    except GradeRefused as refused:
        db.session.rollback()
        # The form again with every level and word typed, and why it is refused.
        return _page(get_essay_or_404(item_id), form, chosen, refused.message, status=409)
    db.session.commit()
    if regrading:
        flash(_("Penilaian ulang dicatat."), "success")
    elif outcome.attempt_done:
        flash(_("Nilai esai dicatat; nilai percobaan ini sudah lengkap."), "success")
    else:
        flash(_("Nilai esai dicatat."), "success")
    return redirect(url_for("quiz_grading.queue", evaluasi=essay.quiz.slug))
