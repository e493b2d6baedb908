"""The sikap pages: a scorer's list "Penilaian sikap perilaku", the scoring sheet of one participant and instrument
(draft, submit, reasoned correction), and an angkatan's form 3G for its coordinators and widyaiswara."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.extensions import db
from lms.core.forms import error_summary
from lms.people.access import get_angkatan_or_404
from lms.sikap.access import get_scoring_list_or_404, get_sheet_or_404, recap_readers_required, scorers_required
from lms.sikap.forms import SheetForm
from lms.sikap.hooks import results_sealed
from lms.sikap.labels import template_helpers
from lms.sikap.listing import scorer_index
from lms.sikap.recap import angkatan_recap
from lms.sikap.scoring import SikapRefused, read_form, save, score_of

bp = Blueprint("sikap", __name__, url_prefix="/sikap")

bp.context_processor(template_helpers)


@bp.get("/")
@scorers_required
def my_list():
    return render_template("sikap/index.html", lists=scorer_index(current_user))


@bp.get("/penilaian/<int:angkatan_id>")
@scorers_required
def scoring_list(angkatan_id: int):
    return render_template("sikap/list.html", found=get_scoring_list_or_404(angkatan_id))


def _sheet_page(sheet, form, chosen: dict | None = None, error=None, status=200):
    score = score_of(sheet, current_user.id)
    if chosen is None:
        chosen = {int(i): p for i, p in score.levels.items()} if score else {}
    if request.method == "GET":
        form.notes.data = score.notes if score else ""
    if request.method == "GET" or status == 409:  # after a conflict the typed levels and note stay, on the new revision
        form.revision.data = str(score.revision if score else 0)
    page = render_template(
        "sikap/sheet.html",
        sheet=sheet,
        score=score,
        chosen={i: str(p) for i, p in chosen.items()},
        form=form,
        error=error,
        sealed=results_sealed(sheet.angkatan.id),
    )
    return page, status


@bp.route("/peserta/<int:user_id>/<code>", methods=["GET", "POST"])
@scorers_required
def sheet(user_id: int, code: str):
    sheet = get_sheet_or_404(user_id, code)
    form = SheetForm()
    if request.method == "GET":
        return _sheet_page(sheet, form)
    try:
        given = read_form(request.form)
    except SikapRefused as refused:
        return _sheet_page(sheet, form, {}, refused.message, 422)
    if not form.validate_on_submit():
        return _sheet_page(sheet, form, given.chosen, error_summary(form) or _("Isian tidak sah."), 400)
    try:
        saved = save(sheet, current_user.id, given)
    except SikapRefused as refused:
        db.session.rollback()
        sheet = get_sheet_or_404(user_id, code)
        return _sheet_page(sheet, form, given.chosen, refused.message, 409 if refused.conflict else 422)
    db.session.commit()
    score = str(saved.score).replace(".", ",") if saved.score is not None else None
    if given.action == "kirim":
        flash(_("Nilai %(score)s dikirim dan dikunci.", score=score), "success")
    elif given.action == "koreksi":
        flash(_("Koreksi disimpan: nilai sekarang %(score)s.", score=score), "success")
    else:
        flash(_("Draf disimpan; belum dikirim."), "success")
    return redirect(url_for("sikap.sheet", user_id=user_id, code=code))


@bp.get("/angkatan/<int:angkatan_id>")
@recap_readers_required
def angkatan_page(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id)
    return render_template("sikap/angkatan.html", angkatan=angkatan, recap=angkatan_recap(angkatan.id))
