"""The result's pages: the coordinator's kelulusan page of an angkatan (blockers, prepare, the newer program's
preview and recompute, the sealed result), and the head's list and review with the one ratify button."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.core.extensions import db
from lms.core.forms import EmptyForm, error_summary
from lms.kelulusan.blockers import phase_exceptions, readiness
from lms.kelulusan.models import AngkatanResult, Correction
from lms.kelulusan.ratification import Refused, prepare_result, ratify, result_of, stale_changes
from lms.kelulusan.ratification_forms import ProgramApplyForm, RatifyForm
from lms.kelulusan.recompute import apply_newer_program, newer_program, preview
from lms.kelulusan.result_access import get_result_angkatan_or_404
from lms.kelulusan.sealed import program_of_result, source_drift, stored_rows
from lms.people.access import coordinator_required, head_required, visible_angkatan_clause
from lms.people.models import Angkatan, Lembaga
from lms.program.versions import NoProgram, version_for_angkatan

bp = Blueprint("ratification", __name__, url_prefix="/kelulusan")
NO_STORE = {"Cache-Control": "no-store"}


def open_corrections(angkatan_id: int) -> list[Correction]:
    return list(
        db.session.scalars(
            select(Correction)
            .where(Correction.angkatan_id == angkatan_id, Correction.state == "proposed")
            .order_by(Correction.proposed_at)
        )
    )


def _result_context(angkatan: Angkatan, recap=None) -> dict:
    """What both the coordinator's page and the head's review show of a stored result (`recap`: the recap already
    computed, for the staleness check)."""
    result = result_of(angkatan.id)
    if result is None:
        return {"result": None}
    rows = stored_rows(angkatan.id)
    context = {"result": result, "rows": rows, "program": program_of_result(result)}
    if result.sealed:
        context.update(drift=source_drift(angkatan.id), corrections=open_corrections(angkatan.id))
    else:
        context.update(stale=stale_changes(result, recap))
    return context


@bp.route("/angkatan/<int:angkatan_id>/persiapan", methods=["GET", "POST"])
@coordinator_required
def prepare_page(angkatan_id: int):
    """The angkatan's kelulusan page for its coordinators: what blocks the result, the prepared or sealed result,
    and a newer program when there is one."""
    angkatan = get_result_angkatan_or_404(angkatan_id)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            prepare_result(angkatan.id, current_user.id)
            db.session.commit()
        except Refused as refused:
            db.session.rollback()
            flash(refused.message, "error")
        except IntegrityError:
            db.session.rollback()
            flash(_("Hasil baru saja disiapkan oleh penyelenggara lain; periksa halaman ini lagi."), "error")
        else:
            flash(_("Hasil disiapkan. Kepala lembaga dapat memeriksa dan mengesahkannya."), "success")
        return redirect(url_for("ratification.prepare_page", angkatan_id=angkatan.id))
    try:
        version_for_angkatan(angkatan.id)
    except NoProgram:
        return render_template("kelulusan/prepare.html", angkatan=angkatan, no_program=True), 200, NO_STORE
    stored = result_of(angkatan.id)
    ready = None if stored is not None and stored.sealed else readiness(angkatan.id)
    context = _result_context(angkatan, ready.recap if ready else None)
    sealed = ready is None
    return (
        render_template(
            "kelulusan/prepare.html",
            angkatan=angkatan,
            no_program=False,
            ready=ready,
            newer=None if sealed else newer_program(angkatan.id),
            form=form,
            **context,
        ),
        200,
        NO_STORE,
    )


@bp.route("/angkatan/<int:angkatan_id>/program-baru", methods=["GET", "POST"])
@coordinator_required
def program_preview(angkatan_id: int):
    """A newer program's preview (old and new result per participant, changed rows marked) and its application."""
    angkatan = get_result_angkatan_or_404(angkatan_id)
    result = result_of(angkatan.id)
    newer = newer_program(angkatan.id)
    form = ProgramApplyForm(version_id=newer.id if newer else None)
    status = 200
    if form.validate_on_submit():
        try:
            shown = apply_newer_program(angkatan.id, form.version_id.data, form.reason.data, current_user.id)
            db.session.commit()
        except Refused as refused:
            db.session.rollback()
            flash(refused.message, "error")
            status = 400
            result, newer = result_of(angkatan.id), newer_program(angkatan.id)
        else:
            flash(
                _(
                    "Angkatan ini kini mengikuti program versi %(v)d; %(n)d peserta berubah hasilnya.",
                    v=shown.newer.id,
                    n=shown.changed,
                ),
                "success",
            )
            return redirect(url_for("ratification.prepare_page", angkatan_id=angkatan.id))
    elif form.errors:
        flash(error_summary(form), "error")
        status = 400
    if newer is not None:
        form.version_id.data = newer.id  # the version the page shows is the one applied
    shown = preview(angkatan.id, newer) if newer and not (result and result.sealed) else None
    return (
        render_template("kelulusan/program_preview.html", angkatan=angkatan, result=result, preview=shown, form=form),
        status,
        NO_STORE,
    )


@bp.get("/pengesahan")
@head_required
def head_list():
    """The head's angkatan: those waiting for ratification first, then the rest."""
    corrections = (
        select(Correction.angkatan_id, func.count().label("n"))
        .where(Correction.state == "proposed")
        .group_by(Correction.angkatan_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Angkatan, Lembaga.name, AngkatanResult, func.coalesce(corrections.c.n, 0))
        .join(Lembaga, Lembaga.id == Angkatan.lembaga_id)
        .outerjoin(AngkatanResult, AngkatanResult.angkatan_id == Angkatan.id)
        .outerjoin(corrections, corrections.c.angkatan_id == Angkatan.id)
        .where(visible_angkatan_clause(current_user))
        .order_by(Angkatan.year.desc(), Angkatan.number)
    ).all()
    waiting = [row for row in rows if row[2] is not None and not row[2].sealed]
    others = [row for row in rows if row[2] is None or row[2].sealed]
    return render_template("kelulusan/head_list.html", waiting=waiting, others=others), 200, NO_STORE


@bp.route("/angkatan/<int:angkatan_id>/pengesahan", methods=["GET", "POST"])
@head_required
def review(angkatan_id: int):
    """The head reviews the prepared result and ratifies it (a statement to tick, then one button)."""
    angkatan = get_result_angkatan_or_404(angkatan_id)
    form = RatifyForm()
    if form.is_submitted():
        if not form.validate():
            flash(error_summary(form), "error")
        else:
            try:
                ratify(angkatan.id, form.preparation.data, current_user.id)
                db.session.commit()
            except Refused as refused:
                db.session.rollback()
                flash(refused.message, "error")
            else:
                flash(_("Hasil %(name)s disahkan dan disegel.", name=angkatan.name), "success")
        return redirect(url_for("ratification.review", angkatan_id=angkatan.id))
    context = _result_context(angkatan)
    result = context["result"]
    if result is not None:
        form.preparation.data = result.preparation
    notes = phase_exceptions(angkatan.id) if result is not None and not result.sealed else ()
    return (
        render_template("kelulusan/review.html", angkatan=angkatan, form=form, notes=notes, **context),
        200,
        NO_STORE,
    )
