"""Sealed results for the people they belong to: a participant's own (after ratification only) and an instansi
viewer's employees' (read-only). Never kept by the browser."""

from flask import render_template
from flask_login import current_user

from lms.kelulusan.ratification_routes import NO_STORE, bp
from lms.kelulusan.sealed import employee_results, participant_result
from lms.people.access import instansi_viewer_required, participant_required, viewer_instansi_ids


@bp.get("/hasil-saya")
@participant_required
def my_result():
    return render_template("kelulusan/my_result.html", mine=participant_result(current_user)), 200, NO_STORE


@bp.get("/pegawai")
@instansi_viewer_required
def employees():
    groups = employee_results(viewer_instansi_ids(current_user))
    return render_template("kelulusan/employees.html", groups=groups), 200, NO_STORE
