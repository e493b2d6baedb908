"""Dashboard pages for coordinators (their lembaga), admins (all) and instructors (read-only)."""

from decimal import Decimal, InvalidOperation

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import audit
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.core.pagination import page_window, requested_page
from lms.dashboard import export, overview_report, reports
from lms.dashboard.svg import histogram_svg
from lms.people.access import can_manage_people, coordinator_required, get_angkatan_or_404, staff_required

bp = Blueprint("dashboard", __name__, url_prefix="/dasbor")

# Sortable columns (an allow-list); a key of None (no score yet, never active) sorts last either way.
SORTS = {
    "nama": lambda r: r.name.casefold(),
    "nip": lambda r: r.nip,
    "kelompok": lambda r: r.group.casefold() if r.group else None,
    "kemajuan": lambda r: r.jp_done,
    "nilai": lambda r: r.phase_score,
    "percobaan": lambda r: r.attempts_used,
    "status": lambda r: r.status,
    "aktif": lambda r: r.last_active,
    "diskusi": lambda r: r.extra.get("posts"),
    "presensi": lambda r: r.attendance.percent if r.attendance else None,
    "tugas": lambda r: r.tasks.submitted if r.tasks else None,
    "risiko": lambda r: len(r.risk_facts),
    "tahap": lambda r: r.aktualisasi.stage.position if r.aktualisasi else None,
    "tanpa-log": lambda r: r.aktualisasi.days_without_entry if r.aktualisasi else None,
    "konfirmasi": lambda r: r.aktualisasi.unconfirmed if r.aktualisasi else None,
    "menunggu": lambda r: r.aktualisasi.waiting.workdays if r.aktualisasi and r.aktualisasi.waiting else None,
}
FILTERS = {
    "belum-mulai": lambda r: r.jp_done == 0 and r.attempts_used == 0,
    "tertinggal": lambda r: r.jp_expected > 0 and r.jp_done < r.jp_expected * 0.8,
    "gagal": lambda r: not r.completed and any(c.attempts_used and not c.passed for c in r.quizzes.values()),
    "lulus": lambda r: r.completed and not r.excused,
    "pengecualian": lambda r: r.excused,
    "berisiko": lambda r: bool(r.risk_facts),
}
# The matrix shows one ordinary angkatan (40) a page: an angkatan of 400 stays as light as one of 40.
MATRIX_PAGE_SIZE = 40
# The "needs attention" card names this many; the rest are one click away (saring=berisiko).
AT_RISK_SHOWN = 10


@bp.get("")
@staff_required
def overview():
    page = overview_report.overview_page(
        current_user, page=requested_page(request.args), lembaga_id=request.args.get("lembaga", type=int)
    )
    return render_template("dashboard/overview.html", view=page, lines=page.lines, svg=histogram_svg)


@bp.get("/banding")
@staff_required
def compare():
    wanted = [request.args.get(key, type=int) for key in ("a", "b")]
    lines = {line.angkatan.id: line for line in overview_report.overview(current_user, angkatan_ids=wanted)}
    chosen = [lines.get(angkatan_id) for angkatan_id in wanted]
    if None in chosen:
        flash(_("Pilih dua angkatan yang ada dalam wewenang Anda untuk dibandingkan."), "error")
        return redirect(url_for("dashboard.overview"))
    return render_template("dashboard/compare.html", pair=chosen, svg=histogram_svg)


def _filtered_report(angkatan_id: int):
    report = reports.angkatan_report(angkatan_id, current_user)
    sort, order = request.args.get("urut", "nama"), request.args.get("arah", "naik")
    chosen_filter, query = request.args.get("saring", ""), request.args.get("cari", "").strip()
    employer = request.args.get("instansi", "")  # an angkatan mixes instansi: their employees alone
    if sort not in SORTS or order not in ("naik", "turun") or (chosen_filter and chosen_filter not in FILTERS):
        abort(400)
    rows = report.rows
    if chosen_filter:
        rows = [r for r in rows if FILTERS[chosen_filter](r)]
    if employer:
        rows = [r for r in rows if r.instansi == employer]
    if query:
        needle, digits = query.casefold(), query.replace(" ", "")
        rows = [r for r in rows if needle in r.name.casefold() or (digits and digits in r.nip)]
    key = SORTS[sort]
    present = sorted((r for r in rows if key(r) is not None), key=key, reverse=order == "turun")
    rows = present + [r for r in rows if key(r) is None]
    return report, rows, dict(urut=sort, arah=order, saring=chosen_filter, cari=query, instansi=employer)


@bp.get("/angkatan/<int:angkatan_id>")
@staff_required
def angkatan(angkatan_id: int):
    report, rows, params = _filtered_report(angkatan_id)
    window = page_window(len(rows), MATRIX_PAGE_SIZE, requested_page(request.args))
    page, pages, first = window.page, window.pages, window.offset
    return render_template(
        "dashboard/angkatan.html",
        report=report,
        rows=rows[first : first + MATRIX_PAGE_SIZE],
        matched=len(rows),
        first=first,
        page=page,
        pages=pages,
        at_risk_shown=AT_RISK_SHOWN,
        params=params,
        groups=reports.group_lines(report.rows),
        sorts=SORTS,
        filters=FILTERS,
        form=EmptyForm(),
        svg=histogram_svg,
        can_manage=can_manage_people(current_user),
    )


@bp.post("/angkatan/<int:angkatan_id>/target")
@coordinator_required
def set_target(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id, manage=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        target = Decimal(request.form.get("target", "").replace(",", "."))
    except InvalidOperation:
        target = None
    if target is None or not 0 <= target <= 100:
        flash(_("Target rata-rata harus angka 0 sampai 100."), "error")
    else:
        audit.record("angkatan.target", "angkatan", angkatan.id, old=str(angkatan.target_score), new=str(target))
        angkatan.target_score = target
        db.session.commit()
        flash(_("Target rata-rata %(name)s disimpan.", name=angkatan.name), "success")
    return redirect(url_for("dashboard.angkatan", angkatan_id=angkatan.id))


def download(data: bytes, filename: str, kind: str) -> Response:
    mimetype = (
        "text/csv; charset=utf-8"
        if kind == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def check_export_request(kind: str) -> str:
    if kind not in ("csv", "xlsx") or not EmptyForm().validate_on_submit():
        abort(400)
    return ";" if request.form.get("pemisah") == "titikkoma" else ","


@bp.post("/angkatan/<int:angkatan_id>/ekspor.<kind>")
@staff_required
def export_angkatan(angkatan_id: int, kind: str):
    delimiter = check_export_request(kind)
    report = reports.angkatan_report(angkatan_id, current_user)
    header = ["NIP", "Nama", "Instansi", "Kelompok", "JP selesai", "JP diharapkan"]
    header += [f"{q.title} (nilai)" for q in report.quizzes] + [f"{q.title} (percobaan)" for q in report.quizzes]
    header += ["Nilai MOOC", "Status", "Aktif terakhir", "Diskusi"]
    header += ["Sesi PJJ dihadiri", "Sesi PJJ terlaksana", "Presensi PJJ (%)", "Tugas terkumpul", "Tugas jatuh tempo"]
    header += ["Rata-rata tugas"]
    header += AKTUALISASI_HEADER if report.has_aktualisasi else []
    header += ["Perlu perhatian"]
    rows = [
        [r.nip, r.name, r.instansi, r.group, r.jp_done, r.jp_expected]
        + [r.quizzes[q.id].score for q in report.quizzes]
        + [r.quizzes[q.id].attempts_used for q in report.quizzes]
        + [r.phase_score, r.status, r.last_active, r.extra.get("posts")]
        + _pjj_cells(r)
        + (_aktualisasi_cells(r.aktualisasi) if report.has_aktualisasi else [])
        + [" ".join(r.risks)]
        for r in report.rows
    ]
    audit.record("export.angkatan", "angkatan", angkatan_id, format=kind, rows=len(rows))
    db.session.commit()
    name = f"latsar-angkatan-{report.angkatan.number}-{report.angkatan.year}.{kind}"
    data = (
        export.to_csv(header, rows, delimiter) if kind == "csv" else export.to_xlsx(report.angkatan.name, header, rows)
    )
    return download(data, name, kind)


def _pjj_cells(row) -> list:
    att, tasks = row.attendance, row.tasks
    return [
        att.attended if att else None,
        att.held if att else None,
        att.percent if att else None,
        tasks.submitted if tasks else None,
        tasks.due if tasks else None,
        tasks.mean_score if tasks else None,
    ]


AKTUALISASI_HEADER = [
    "Tahap aktualisasi",
    "Status tahap",
    "Hari kerja tanpa log",
    "Entri belum dikonfirmasi",
    "Entri tertua menunggu (hari kerja)",
    "Menunggu",
    "Menunggu siapa",
    "Lama menunggu (hari kerja)",
]


def _aktualisasi_cells(facts) -> list:
    if facts is None:
        return [None] * len(AKTUALISASI_HEADER)
    waiting = facts.waiting
    return [
        facts.stage.step_label,
        facts.stage.state_label,
        facts.days_without_entry,
        facts.unconfirmed,
        facts.oldest_unconfirmed,
        waiting.label if waiting else None,
        waiting.name if waiting else None,
        waiting.workdays if waiting else None,
    ]


@bp.post("/ekspor.<kind>")
@staff_required
def export_overview(kind: str):
    delimiter = check_export_request(kind)
    lines = overview_report.overview(current_user)
    header = [
        "Lembaga pelatihan",
        "Angkatan",
        "Tahun",
        "Peserta",
        "Lulus MOOC",
        "Persentase lulus",
        "Rata-rata MOOC",
        "Target",
        "Fase sekarang",
        "Perlu perhatian",
    ]
    rows = [
        [
            line.lembaga_name,
            line.angkatan.name,
            line.angkatan.year,
            line.participants,
            line.passed,
            round(line.pass_rate * 100, 1) if line.pass_rate is not None else None,
            line.average,
            line.angkatan.target_score,
            line.current_phase,
            line.at_risk,
        ]
        for line in lines
    ]
    audit.record("export.overview", "dashboard", "overview", format=kind, rows=len(rows))
    db.session.commit()
    data = export.to_csv(header, rows, delimiter) if kind == "csv" else export.to_xlsx("Ringkasan", header, rows)
    return download(data, f"latsar-ringkasan.{kind}", kind)


@bp.get("/peserta/<int:user_id>")
@staff_required
def participant(user_id: int):
    """The participant record is one page, people's: old links to the dashboard's record land there."""
    return redirect(url_for("people.participant_detail", user_id=user_id), code=301)
