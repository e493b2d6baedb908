"""Staff pages on quizzes: regrade (preview, then confirm), a coordinator's phase exception, and one attempt of
a participant (its questions and answers) for the readers of their record."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lms.core.extensions import db
from lms.core.forms import ReasonForm, error_summary
from lms.people.access import (
    coordinator_required,
    get_participant_or_404,
    instructor_required,
    record_readers_required,
)
from lms.quiz.access import get_participant_attempt_or_404, get_quiz_for_edit_or_404
from lms.quiz.completion import grant_exception
from lms.quiz.forms import REASON_MIN, ExceptionForm
from lms.quiz.record import exception_phase_choices
from lms.quiz.regrade import apply_regrade, plan_regrade

bp = Blueprint("quiz_staff", __name__)


@bp.route("/evaluasi/<slug>/penilaian-ulang", methods=["GET", "POST"])
@instructor_required
def regrade(slug: str):
    # Only those who may change the quiz's key or threshold may regrade it (admins, its instructors).
    quiz = get_quiz_for_edit_or_404(slug)
    form = ReasonForm(min_length=REASON_MIN)
    if request.method == "POST" and form.validate_on_submit():
        changes = apply_regrade(quiz, current_user.id, form.reason.data)
        db.session.commit()
        flash(
            ngettext(
                "Penilaian ulang selesai: %(n)d percobaan berubah.",
                "Penilaian ulang selesai: %(n)d percobaan berubah.",
                len(changes),
                n=len(changes),
            ),
            "success",
        )
        return redirect(url_for("quiz.overview", slug=slug))
    changes = plan_regrade(quiz)
    return render_template("quiz/regrade.html", quiz=quiz, changes=changes, form=form)


@bp.post("/orang/peserta/<int:user_id>/pengecualian")
@coordinator_required
def phase_exception(user_id: int):
    person = get_participant_or_404(user_id, manage=True)
    form = ExceptionForm(min_length=REASON_MIN)
    form.phase_id.choices = exception_phase_choices()
    if not form.validate_on_submit():
        flash(error_summary(form), "error")
    elif grant_exception(person.id, form.phase_id.data, form.reason.data, current_user.id):
        db.session.commit()
        flash(_("Pengecualian dicatat; fase berikutnya terbuka untuk %(name)s.", name=person.name), "success")
    else:
        flash(_("Fase itu sudah selesai untuk peserta ini; tidak ada yang diubah."), "info")
    return redirect(url_for("people.participant_detail", user_id=person.id))


@bp.get("/orang/peserta/<int:user_id>/percobaan/<int:attempt_id>")
@record_readers_required
def record_attempt(user_id: int, attempt_id: int):
    person, attempt = get_participant_attempt_or_404(user_id, attempt_id)
    return render_template("quiz/record_attempt.html", person=person, at=attempt)
