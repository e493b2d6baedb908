"""The widyaiswara's and coordinator's attendance pages: a session's attendance with "Tampilkan kode",
corrections, the angkatan's recap grid, and the CSV/XLSX exports of both."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.attendance import checkin, corrections, recap
from lms.attendance.access import can_take_attendance, get_session_or_404, get_session_participant_or_404
from lms.attendance.forms import CorrectionForm
from lms.attendance.recap_export import angkatan_table, session_table
from lms.attendance.routes import bp
from lms.core import audit, export
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people.access import get_angkatan_or_404, staff_required


def _session_recap(session):
    """The angkatan's recap narrowed to one session: (rows, index of the session)."""
    full = recap.angkatan_recap(session.angkatan_id, session.phase_id)
    index = next(i for i, s in enumerate(full.sessions) if s.id == session.id)
    return full, index


@bp.get("/presensi/sesi/<int:session_id>/kelola")
@staff_required
def session_attendance(session_id: int):
    session = get_session_or_404(session_id)
    full, index = _session_recap(session)
    now = utcnow()
    return render_template(
        "attendance/session_attendance.html",
        session=session,
        recap=full,
        index=index,
        code=checkin.current_code(session.id, now),
        window=checkin.window_of(session),
        window_open=now in checkin.window_of(session),
        can_take=can_take_attendance(current_user, session),
        form=EmptyForm(),
    )


@bp.post("/presensi/sesi/<int:session_id>/kode")
@staff_required
def open_code(session_id: int):
    session = get_session_or_404(session_id, take=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        code = checkin.open_code(session, current_user.id, utcnow())
    except checkin.CodeRefused as refused:
        flash(refused.message, "error")
    else:
        audit.record("checkin_code.open", "training_session", session.id, code_id=code.id)
        db.session.commit()
    return redirect(url_for("attendance.session_attendance", session_id=session.id))


@bp.route("/presensi/sesi/<int:session_id>/peserta/<int:user_id>", methods=["GET", "POST"])
@staff_required
def correct(session_id: int, user_id: int):
    session = get_session_or_404(session_id, take=True)
    person = get_session_participant_or_404(session, user_id)
    full, index = _session_recap(session)
    row = next(r for r in full.rows if r.user_id == person.id)
    current = row.statuses[index]
    form = CorrectionForm()
    if not form.is_submitted():
        form.status.data = current if current != recap.UPCOMING else "hadir"
    status = 200
    if form.validate_on_submit():
        problem = corrections.note_problem(form.status.data, form.note.data or "")
        if problem is None:
            corrections.correct(session, person.id, form.status.data, form.note.data, current, current_user.id)
            db.session.commit()
            flash(_("Presensi %(name)s diperbarui.", name=person.name), "success")
            return redirect(url_for("attendance.session_attendance", session_id=session.id))
        form.note.errors.append(problem)
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template(
        "attendance/correct.html",
        session=session,
        person=person,
        current=current,
        correction=full.facts.corrections.get((person.id, session.id)),
        checkins=checkin.checkins_of(session.id, person.id),
        flags=full.facts.flags.get((person.id, session.id), []),
        form=form,
    ), status


@bp.get("/presensi/angkatan/<int:angkatan_id>")
@staff_required
def angkatan_recap(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id)
    return render_template(
        "attendance/recap.html", angkatan=angkatan, recap=recap.angkatan_recap(angkatan.id), form=EmptyForm()
    )


def _download(data: bytes, filename: str, kind: str) -> Response:
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


def _export_kind(kind: str) -> str:
    """The delimiter of a valid export request (POST with its CSRF token: exports are audited)."""
    if kind not in ("csv", "xlsx") or not EmptyForm().validate_on_submit():
        abort(400)
    return ";" if request.form.get("pemisah") == "titikkoma" else ","


@bp.post("/presensi/angkatan/<int:angkatan_id>/rekap.<kind>")
@staff_required
def export_angkatan(angkatan_id: int, kind: str):
    delimiter = _export_kind(kind)
    angkatan = get_angkatan_or_404(angkatan_id)
    header, rows = angkatan_table(recap.angkatan_recap(angkatan.id), angkatan.tz_name)
    audit.record("export.attendance", "angkatan", angkatan.id, format=kind, rows=len(rows))
    db.session.commit()
    data = export.to_csv(header, rows, delimiter) if kind == "csv" else export.to_xlsx(angkatan.name, header, rows)
    return _download(data, f"presensi-angkatan-{angkatan.number}-{angkatan.year}.{kind}", kind)


@bp.post("/presensi/sesi/<int:session_id>/rekap.<kind>")
@staff_required
def export_session(session_id: int, kind: str):
    delimiter = _export_kind(kind)
    session = get_session_or_404(session_id)
    full, index = _session_recap(session)
    header, rows = session_table(full, index)
    audit.record("export.attendance_session", "training_session", session.id, format=kind, rows=len(rows))
    db.session.commit()
    data = export.to_csv(header, rows, delimiter) if kind == "csv" else export.to_xlsx(session.topic, header, rows)
    return _download(data, f"presensi-sesi-{session.id}.{kind}", kind)
