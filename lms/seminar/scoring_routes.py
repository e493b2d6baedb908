"""The scorers' pages: "Seminar saya" (the penguji's, coach's and mentor's seminars), a seminar's participants
in order with each one's document and score, and the scoring form of one participant (draft, then submit)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.aktualisasi.overview import plan_states
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import error_summary
from lms.core.rubric import Rubric
from lms.seminar.access import get_scorer_view_or_404, get_scoring_or_404, my_seminars_clause, scorers_required
from lms.seminar.forms import ScoreForm
from lms.seminar.models import Seminar
from lms.seminar.routes import bp
from lms.seminar.scheduling import SeminarRefused
from lms.seminar.scoring import ScoreInput, chosen_levels, save_score
from lms.seminar.sheet import place_result


def document_url(kind: str, user_id: int) -> str:
    """The document a seminar judges: the plan for the seminar rancangan, the laporan aktualisasi for the seminar
    aktualisasi (its page lets the coach, the mentor and the assigned penguji read it)."""
    if kind == "aktualisasi":
        return url_for("report.report_page", user_id=user_id)
    return url_for("aktualisasi.plan_page", user_id=user_id)


@bp.get("/saya")
@scorers_required
def my_seminars():
    seminars = db.session.scalars(
        select(Seminar).where(my_seminars_clause(current_user)).order_by(Seminar.starts_at.desc())
    ).all()
    now = utcnow()
    upcoming = [s for s in reversed(seminars) if s.ends_at >= now]
    past = [s for s in seminars if s.ends_at < now]
    return render_template("seminar/mine.html", upcoming=upcoming, past=past)


@bp.get("/<int:seminar_id>/penilaian")
@scorers_required
def scoring_list(seminar_id: int):
    view = get_scorer_view_or_404(seminar_id)
    rows = []
    for place, role in view.places:
        mine = next((s for s in place.scores if s.role == role), None) if role else None
        rows.append((place, role, mine, document_url(view.seminar.kind, place.enrolment.user_id)))
    return render_template("seminar/scoring_list.html", seminar=view.seminar, rows=rows)


def _score_page(seminar, place, role, form, chosen: dict, error=None, status=200):
    existing = next((s for s in place.scores if s.role == role), None)
    if not chosen and existing is not None:
        chosen = {int(i): p for i, p in existing.levels.items()}
    plan_state = None
    if seminar.kind == "rancangan" and role == "penguji":
        plan_state = plan_states([place.enrolment.user_id])[place.enrolment.user_id]
    return (
        render_template(
            "seminar/score.html",
            seminar=seminar,
            place=place,
            person=place.enrolment.user,
            role=role,
            score=existing,
            rubric=Rubric.from_dict(seminar.rubric),
            chosen={i: str(p) for i, p in chosen.items()},
            form=form,
            error=error,
            document=document_url(seminar.kind, place.enrolment.user_id),
            plan_state=plan_state,
            result=place_result(seminar, place),
        ),
        status,
    )


@bp.route("/<int:seminar_id>/penilaian/<int:enrolment_id>", methods=["GET", "POST"])
@scorers_required
def score(seminar_id: int, enrolment_id: int):
    seminar, place, role = get_scoring_or_404(seminar_id, enrolment_id)
    form = ScoreForm()
    if request.method == "GET":
        existing = next((s for s in place.scores if s.role == role), None)
        if existing is not None:
            form.notes.data = existing.notes
        return _score_page(seminar, place, role, form, {})
    try:
        chosen = chosen_levels(request.form)
    except SeminarRefused as refused:
        return _score_page(seminar, place, role, form, {}, refused.message, 422)
    if not form.validate_on_submit():
        return _score_page(seminar, place, role, form, chosen, error_summary(form) or _("Isian tidak sah."), 400)
    submit = request.form.get("action") == "kirim"
    try:
        saved = save_score(place, role, current_user.id, ScoreInput(chosen, form.notes.data or "", submit))
    except SeminarRefused as refused:
        db.session.rollback()
        seminar, place, role = get_scoring_or_404(seminar_id, enrolment_id)
        return _score_page(seminar, place, role, form, chosen, refused.message, 409 if refused.conflict else 422)
    db.session.commit()
    if submit:
        flash(_("Nilai %(score)s dikirim dan dikunci.", score=str(saved.score).replace(".", ",")), "success")
    else:
        flash(_("Draf nilai disimpan; belum dikirim."), "success")
    return redirect(url_for("seminar.score", seminar_id=seminar_id, enrolment_id=enrolment_id))
