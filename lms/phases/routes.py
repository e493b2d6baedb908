"""The phases feature's page: setting an angkatan's phase schedule (a part of the angkatan page)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lms.core.extensions import db
from lms.people.access import coordinator_required, get_angkatan_or_404
from lms.phases.forms import schedule_form
from lms.phases.schedule import all_phases, set_schedule

bp = Blueprint("phases", __name__)


@bp.post("/orang/angkatan/<int:angkatan_id>/jadwal")
@coordinator_required
def angkatan_schedule(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    phases = all_phases()
    form = schedule_form(phases, angkatan, formdata=request.form)
    if form.validate_on_submit():
        set_schedule(angkatan, {p.id: (form[f"opens_{p.id}"].data, form[f"closes_{p.id}"].data) for p in phases})
        db.session.commit()
        flash(_("Jadwal fase sudah disimpan."), "success")
        return redirect(url_for("people.angkatan_detail", angkatan_id=angkatan.id))
    flash(_("Jadwal belum disimpan: periksa tanggal yang ditandai."), "error")
    return render_template("phases/schedule_form.html", angkatan=angkatan, form=form, phases=phases), 400
