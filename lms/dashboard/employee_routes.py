"""The instansi viewer's pages: their employees across every angkatan and lembaga, read-only, and the export
of them alone. Each employee's record is the one participant record (lms.people.record_routes)."""

from flask import render_template, request
from flask_login import current_user

from lms.core import audit
from lms.core.extensions import db
from lms.core.pagination import requested_page
from lms.dashboard import employees, export
from lms.dashboard.routes import bp, check_export_request, download
from lms.people.access import instansi_viewer_required


@bp.get("/pegawai")
@instansi_viewer_required
def employees_list():
    view = employees.employees_page(current_user, requested_page(request.args))
    return render_template("dashboard/employees.html", view=view)


@bp.post("/pegawai/ekspor.<kind>")
@instansi_viewer_required
def export_employees(kind: str):
    delimiter = check_export_request(kind)
    header, rows = employees.employee_export_rows(current_user)
    audit.record("export.employees", "user", current_user.id, format=kind, rows=len(rows))
    db.session.commit()
    data = export.to_csv(header, rows, delimiter) if kind == "csv" else export.to_xlsx("Pegawai", header, rows)
    return download(data, f"latsar-pegawai.{kind}", kind)
