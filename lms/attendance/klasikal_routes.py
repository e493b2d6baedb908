"""The klasikal pages: the participant's pass (their QR code) and klasikal days, an angkatan's klasikal days for its
widyaiswara, committee and coordinators, a session's attendance list on the committee's phone, and the page a
scanned QR opens ("Catat hadir"). No script: every page works as plain forms on a 360 px screen."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from lms.attendance import klasikal
from lms.attendance.access import (
    can_record_klasikal,
    get_klasikal_session_or_404,
    get_pass_holder_or_404,
    klasikal_staff_required,
)
from lms.attendance.forms import LIST_CHOICES, ScanForm
from lms.attendance.klasikal_lists import apply_list, attendance_list, keep_typed, klasikal_days, my_klasikal
from lms.attendance.klasikal_pass import pass_url, qr_svg
from lms.attendance.klasikal_rate import klasikal_attendance_rate
from lms.attendance.models import TrainingSession
from lms.attendance.recap import load_facts
from lms.attendance.routes import bp
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.forms import EmptyForm
from lms.people.access import can_manage_people, committee_required, get_angkatan_or_404, participant_required
from lms.phases.gating import today_in

STATUS_LABELS = {
    "hadir": _l("hadir"),
    "terlambat": _l("terlambat"),
    "izin": _l("izin"),
    "sakit": _l("sakit"),
    "dinas": _l("dinas"),
    "alpa": _l("alpa"),
    "belum": _l("belum dicatat"),
}


def _label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.get("/klasikal")
@participant_required
def my_klasikal_page():
    enrolment = current_user.enrolment
    days, rate, qr = [], None, None
    if enrolment is not None:
        angkatan = enrolment.angkatan
        days = my_klasikal(current_user.id, angkatan, today_in(angkatan.tz_name), utcnow())
        rate = klasikal_attendance_rate([current_user.id])[current_user.id]
        qr = qr_svg(pass_url(current_user.id), _("Kode QR presensi klasikal %(name)s", name=current_user.name))
    return render_template("attendance/klasikal_mine.html", enrolment=enrolment, days=days, rate=rate, qr=qr)


@bp.get("/klasikal/angkatan/<int:angkatan_id>")
@klasikal_staff_required
def klasikal_schedule(angkatan_id: int):
    angkatan = get_angkatan_or_404(angkatan_id)
    now = utcnow()
    today = today_in(angkatan.tz_name, now)
    return render_template(
        "attendance/klasikal_schedule.html",
        angkatan=angkatan,
        days=klasikal_days(angkatan, today, now),
        today=today,
        now=now,
        can_record=can_record_klasikal(current_user),
        manage=can_manage_people(current_user),
    )


@bp.route("/klasikal/sesi/<int:session_id>/presensi", methods=["GET", "POST"])
@committee_required
def klasikal_list(session_id: int):
    session = get_klasikal_session_or_404(session_id)
    now = utcnow()
    rows = attendance_list(session, now)
    form = EmptyForm()
    only_missing = request.args.get("belum") == "1"
    status = 200
    if form.validate_on_submit():
        result = apply_list(session, rows, request.form, current_user.id)
        db.session.commit()
        saved = ngettext("%(num)d peserta dicatat.", "%(num)d peserta dicatat.", result.saved)
        if not result.problems:
            flash(saved if result.saved else _("Tidak ada perubahan."), "success")
            return redirect(url_for("attendance.klasikal_list", session_id=session.id, belum=only_missing or None))
        rows = attendance_list(session, now)  # what is stored now, with the refused rows as typed
        keep_typed(rows, request.form, result.problems)
        flash(
            (saved + " " if result.saved else "")
            + ngettext(
                "%(num)d baris belum tersimpan: perbaiki yang ditandai, lalu simpan lagi.",
                "%(num)d baris belum tersimpan: perbaiki yang ditandai, lalu simpan lagi.",
                len(result.problems),
            ),
            "error",
        )
        status = 400
    elif form.is_submitted():
        status = 400
    shown = [r for r in rows if not r.recorded or r.problem] if only_missing else rows
    return render_template(
        "attendance/klasikal_list.html",
        session=session,
        rows=shown,
        total=len(rows),
        recorded=sum(1 for r in rows if r.recorded),
        only_missing=only_missing,
        ended=session.ends_at <= now,
        form=form,
        label=_label,
        choices=LIST_CHOICES,
    ), status


@bp.route("/klasikal/pindai/<token>", methods=["GET", "POST"])
@committee_required
def klasikal_scan(token: str):
    holder, enrolment = get_pass_holder_or_404(token)
    angkatan = enrolment.angkatan
    now = utcnow()
    today = klasikal.klasikal_sessions_on(angkatan, today_in(angkatan.tz_name, now))
    open_now = [s for s in today if klasikal.scan_open(s, now)]
    form = ScanForm()
    form.session_id.choices = [(s.id, s.topic) for s in open_now]
    status = 200
    if form.is_submitted():
        chosen = next((s for s in open_now if form.validate_on_submit() and s.id == form.session_id.data), None)
        if chosen is not None:
            outcome = klasikal.record_scan(chosen, holder.id, current_user.id, now)
            db.session.commit()
            kind = "success" if outcome.result == klasikal.SAVED else "info"
            flash(_scan_message(holder.name, chosen, outcome), kind)
            return redirect(url_for("attendance.klasikal_scan", token=token))
        form.session_id.errors = [_("Pilih sesi yang sedang berlangsung.")]
        status = 400
    elif (running := klasikal.running_session(today, now)) is not None:
        form.session_id.data = running.id
    return render_template(
        "attendance/klasikal_scan.html",
        holder=holder,
        enrolment=enrolment,
        angkatan=angkatan,
        today=today,
        open_ids={s.id for s in open_now},
        statuses=_statuses_today(holder.id, today, now),
        form=form,
        label=_label,
        grace=klasikal.grace_minutes(),
        early=klasikal.SCAN_EARLY_MINUTES,
    ), status


def _statuses_today(user_id: int, sessions: list[TrainingSession], now) -> dict[int, str]:
    if not sessions:
        return {}
    facts = load_facts(select(TrainingSession).where(TrainingSession.id.in_([s.id for s in sessions])), [user_id])
    return {s.id: facts.status(user_id, s, now) for s in facts.sessions}


def _scan_message(name: str, session: TrainingSession, outcome: klasikal.ScanOutcome) -> str:
    if outcome.result == klasikal.ALREADY:
        return _(
            "%(name)s sudah tercatat %(status)s di sesi %(topic)s; tidak ada yang diubah.",
            name=name,
            status=_label(outcome.status),
            topic=session.topic,
        )
    if outcome.status == "terlambat":
        return _(
            "%(name)s tercatat terlambat %(minutes)d menit di sesi %(topic)s.",
            name=name,
            minutes=outcome.late_minutes or 0,
            topic=session.topic,
        )
    return _("%(name)s tercatat hadir di sesi %(topic)s.", name=name, topic=session.topic)
