"""The recap pages: an angkatan's recap for the coordinators of its lembaga, admins, the head of that lembaga and the
instansi viewers of its participants (their rows alone), and its exports (CSV, XLSX, PDF)."""

from datetime import datetime

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, get_timezone
from flask_babel import gettext as _

from lms.core import audit
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.core.pagination import page_window, requested_page
from lms.kelulusan import recap_export
from lms.kelulusan.recap_access import recap_readers_required, recap_scope_or_404
from lms.kelulusan.recap_pdf import recap_pdf
from lms.kelulusan.recap_view import INCOMPLETE, recap_sheet
from lms.program.versions import NoProgram

bp = Blueprint("recap", __name__, url_prefix="/kelulusan")

# One ordinary angkatan (40) a page: the recap of 400 renders as light as the recap of 40 (the summary and the
# exports cover every participant).
PAGE_SIZE = 40
# The orders the table offers (an allow-list): attendance list (NDH), rank (unranked last), name.
SORTS = {
    "ndh": lambda line: line.number,
    "peringkat": lambda line: (line.rank is None, line.rank or 0, line.number),
    "nama": lambda line: (line.name.casefold(), line.number),
}
FILTERS = {"": None, "belum-lengkap": INCOMPLETE, "lulus": "lulus", "tidak-lulus": "tidak_lulus"}
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def two_decimals(value) -> str:
    """A score as the recap shows it: two decimals with a decimal comma ("85,50"); "—" for none."""
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


@bp.get("/angkatan/<int:angkatan_id>/rekap")
@recap_readers_required
def page(angkatan_id: int):
    scope = recap_scope_or_404(angkatan_id)
    sort, status = request.args.get("urut", "ndh"), request.args.get("saring", "")
    if sort not in SORTS or status not in FILTERS:
        abort(400)
    wanted = requested_page(request.args)

    def chosen(sheet) -> list:
        """The lines the table lists, in its order (filtered by status)."""
        lines = sorted(sheet.lines, key=SORTS[sort])
        return [line for line in lines if line.status == FILTERS[status]] if FILTERS[status] else lines

    def shown(sheet) -> list:
        lines = chosen(sheet)
        start = page_window(len(lines), PAGE_SIZE, wanted).offset
        return lines[start : start + PAGE_SIZE]

    try:
        sheet = recap_sheet(scope.angkatan_id, scope.instansi_ids, shown=shown)
    except NoProgram:
        sheet = None
    matched = len(chosen(sheet)) if sheet is not None else 0
    window = page_window(matched, PAGE_SIZE, wanted)
    response = make_response(
        render_template(
            "kelulusan/recap.html",
            sheet=sheet,
            angkatan_id=angkatan_id,
            lines=shown(sheet) if sheet is not None else [],
            matched=matched,
            window=window,
            params={"urut": sort, "saring": status},
            score=two_decimals,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/angkatan/<int:angkatan_id>/rekap.<kind>")
@recap_readers_required
def export(angkatan_id: int, kind: str):
    if kind not in MIMETYPES or not EmptyForm().validate_on_submit():
        abort(400)
    scope = recap_scope_or_404(angkatan_id)
    with force_locale("id"):  # an institution's report is in Indonesian, whatever the reader's language
        try:
            sheet = recap_sheet(scope.angkatan_id, scope.instansi_ids)
        except NoProgram:
            flash(_("Program Latsar belum diimpor: rekap belum dapat diunduh."), "error")
            return redirect(url_for("recap.page", angkatan_id=angkatan_id))
        if kind == "pdf":
            data = recap_pdf(sheet, datetime.now(get_timezone()).date())
        elif kind == "xlsx":
            data = recap_export.recap_xlsx(sheet)
        else:
            data = recap_export.recap_csv(sheet, ";" if request.form.get("pemisah") == "titikkoma" else ",")
    audit.record(
        "export.recap",
        "angkatan",
        angkatan_id,
        format=kind,
        rows=len(sheet.lines),
        version=sheet.version_id,
    )
    db.session.commit()
    return Response(
        data,
        mimetype=MIMETYPES[kind],
        headers={
            "Content-Disposition": f'attachment; filename="{recap_export.filename(sheet, kind)}"',
            "Cache-Control": "no-store",
        },
    )
