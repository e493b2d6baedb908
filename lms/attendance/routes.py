"""The attendance blueprint and the participant's pages: the PJJ schedule (/pjj/jadwal), the calendar feed
and its secret address, and checking in with a code (/presensi/sesi/<id>)."""

import secrets

from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.attendance import calendar_feed, checkin, schedule
from lms.attendance.access import get_session_or_404
from lms.attendance.forms import CheckinForm
from lms.core.database import utcnow
from lms.core.extensions import db, limiter
from lms.core.forms import EmptyForm
from lms.core.i18n import local_datetime
from lms.people.access import participant_required
from lms.phases.gating import today_in

bp = Blueprint("attendance", __name__)

DEVICE_COOKIE = "lms_perangkat"
DEVICE_COOKIE_DAYS = 730


@bp.get("/pjj/jadwal")
@participant_required
def my_schedule():
    return _schedule_page()


def _schedule_page(feed_url: str | None = None, status: int = 200):
    enrolment = current_user.enrolment
    days, windows = [], {}
    if enrolment is not None:
        tz = enrolment.angkatan.tz_name
        sessions = schedule.sessions_of_angkatan(enrolment.angkatan_id)
        days = schedule.by_day_today_first(sessions, tz, today_in(tz))
        now = utcnow()
        windows = {s.id: now in checkin.window_of(s) for s in sessions}
    return render_template(
        "attendance/my_schedule.html",
        enrolment=enrolment,
        days=days,
        open_now=windows,
        has_feed=calendar_feed.has_token(current_user.id),
        feed_url=feed_url,
        form=EmptyForm(),
    ), status


@bp.post("/pjj/kalender")
@participant_required
def issue_calendar():
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = calendar_feed.issue_token(current_user.id)
    db.session.commit()
    # Shown on this response only: the database keeps the hash, never the address.
    return _schedule_page(url_for("attendance.calendar", token=token, _external=True))


@bp.post("/pjj/kalender/cabut")
@participant_required
def revoke_calendar():
    if not EmptyForm().validate_on_submit():
        abort(400)
    calendar_feed.revoke_token(current_user.id)
    db.session.commit()
    return _schedule_page()


@bp.get("/pjj/kalender/<token>.ics")
@limiter.limit("60 per minute")
def calendar(token: str):
    """For calendar apps, which cannot sign in: the secret in the address is the key."""
    user_id = calendar_feed.user_for_token(token)
    if user_id is None:
        abort(404)
    data = calendar_feed.build_calendar(
        calendar_feed.feed_sessions(user_id), request.host.split(":")[0], _("Jadwal PJJ Latsar"), utcnow()
    )
    return Response(data, mimetype="text/calendar", headers={"Cache-Control": "no-store"})


def _device_id() -> str:
    """The browser's long-lived random id (set on the first check-in page), or a new one for this response."""
    value = request.cookies.get(DEVICE_COOKIE, "")
    if len(value) == 32 and all(c in "0123456789abcdef" for c in value):
        return value
    if "lms_new_device" not in g:
        g.lms_new_device = secrets.token_hex(16)
    return g.lms_new_device


def _with_device_cookie(response):
    if "lms_new_device" in g:
        response.set_cookie(
            DEVICE_COOKIE,
            g.lms_new_device,
            max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response


def _wrong_code(response) -> bool:
    return bool(g.get("lms_checkin_wrong"))


def _checkin_key() -> str:
    return f"checkin:{current_user.get_id()}"


def _too_many_codes() -> str:
    return _("Terlalu banyak kode salah. Tunggu beberapa menit, lalu minta widyaiswara menampilkan kode lagi.")


REFUSAL_MESSAGES = {
    "bentuk": lambda s, v: _("Kode terdiri dari 5 huruf dan angka, misalnya K7HPW."),
    "di_luar_waktu": lambda s, v: _(
        "Presensi sesi ini hanya dibuka %(opens)s sampai %(closes)s.",
        opens=local_datetime(checkin.window_of(s).opens),
        closes=local_datetime(checkin.window_of(s).closes),
    ),
    "kedaluwarsa": lambda s, v: _(
        "Kode ini sudah tidak berlaku sejak %(when)s. Minta widyaiswara menampilkan kode baru.",
        when=local_datetime(v.expired_at),
    ),
    "sesi_lain": lambda s, v: _("Kode ini untuk sesi lain, bukan untuk sesi %(topic)s.", topic=s.topic),
    "salah": lambda s, v: _("Kode salah. Periksa lagi kode di layar widyaiswara."),
}


@bp.route("/presensi/sesi/<int:session_id>", methods=["GET", "POST"])
@participant_required
@limiter.limit(
    lambda: current_app.config.get("LMS_CHECKIN_LIMIT", "10 per 5 minutes"),
    methods=["POST"],
    key_func=_checkin_key,
    deduct_when=_wrong_code,
    error_message=_too_many_codes,
    scope="checkin",
)
def checkin_page(session_id: int):
    session = get_session_or_404(session_id)
    form = CheckinForm()
    status = 200
    if form.validate_on_submit():
        source = checkin.Source(request.remote_addr or "", _device_id(), request.headers.get("User-Agent", ""))
        outcome = checkin.check_in(session, current_user.id, form.code.data, utcnow(), source)
        db.session.commit()
        if outcome.checkin is not None:
            form = CheckinForm(formdata=None)
            g.lms_checkin_done = True
        elif outcome.already is not None:
            form.code.errors.append(
                _("Anda sudah presensi dengan kode ini %(when)s.", when=local_datetime(outcome.already.at))
            )
            status = 409
        else:
            refusal = outcome.verdict.refusal
            g.lms_checkin_wrong = refusal in ("salah", "bentuk", "sesi_lain")
            form.code.errors.append(REFUSAL_MESSAGES[refusal](session, outcome.verdict))
            status = 400
    elif form.is_submitted():
        status = 400
    response = render_template(
        "attendance/checkin.html",
        session=session,
        form=form,
        window=checkin.window_of(session),
        done=g.get("lms_checkin_done", False),
        checkins=checkin.checkins_of(session.id, current_user.id),
    )
    _device_id()  # the cookie is given on the page, so the check-in that follows carries it
    return _with_device_cookie(current_app.make_response((response, status)))
