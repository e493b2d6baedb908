"""Login, logout, password change and password reset by one-time link."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.auth.accounts import check_login, find_valid_reset, normalize_identifier
from lms.auth.forms import ChangePasswordForm, LoginForm, ResetPasswordForm
from lms.auth.redirects import safe_next
from lms.auth.sessions import end_all_sessions, end_current_session, start_session
from lms.core import audit, security_events
from lms.core.database import utcnow
from lms.core.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _login_failed(response) -> bool:
    return response.status_code == 200 and request.method == "POST"


def _account_key() -> str:
    return "account:" + normalize_identifier(request.form.get("identifier", ""))[:254]


def _rate_limited_message() -> str:
    return _("Terlalu banyak percobaan masuk. Tunggu beberapa menit, lalu coba lagi.")


def _throttled(which: str):
    def on_breach(_limit) -> None:
        # Recorded once the 429 is made (lms.core.security_events), with what was typed.
        security_events.note(
            security_events.LOGIN_THROTTLED,
            identifier=normalize_identifier(request.form.get("identifier", "")),
            detail=which,
        )

    return on_breach


@bp.route("/masuk", methods=["GET", "POST"])
# Only failed attempts count, so an internet room of 40 participants behind one address can log in.
@limiter.limit(
    lambda: current_app.config.get("LMS_LOGIN_LIMIT_IP", "30 per 5 minutes"),
    methods=["POST"],
    deduct_when=_login_failed,
    error_message=_rate_limited_message,
    scope="login-ip",
    on_breach=_throttled("per-address"),
)
@limiter.limit(
    lambda: current_app.config.get("LMS_LOGIN_LIMIT_ACCOUNT", "5 per 15 minutes"),
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_login_failed,
    error_message=_rate_limited_message,
    scope="login-account",
    on_breach=_throttled("per-account"),
)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.is_submitted():
        return render_template("auth/login.html", form=form)
    typed = normalize_identifier(form.identifier.data or "")
    if not form.validate():
        # Counted by the throttle like a wrong password, so recorded like one.
        security_events.record(security_events.LOGIN_FAILED, identifier=typed, detail="invalid-form")
        db.session.commit()
        return render_template("auth/login.html", form=form)
    user, account = check_login(form.identifier.data, form.password.data)
    if user is not None:
        start_session(user)
        security_events.record(security_events.LOGIN_OK, user_id=user.id, identifier=typed)
        db.session.commit()
        return redirect(safe_next(form.next.data))
    security_events.record(
        security_events.LOGIN_FAILED,
        user_id=account.id if account else None,
        identifier=typed,
        detail="inactive" if account is not None and not account.active else None,
    )
    db.session.commit()
    # One message whether the account exists or not.
    form.password.errors.append(_("NIP/email atau kata sandi salah."))
    return render_template("auth/login.html", form=form)


@bp.post("/keluar")
@login_required
def logout():
    end_current_session(current_user._get_current_object())
    db.session.commit()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append(_("Kata sandi sekarang salah."))
        else:
            user.set_password(form.new_password.data)
            end_all_sessions(user.id)
            start_session(user)  # this device stays logged in; every other one is logged out
            audit.record("password.change", "user", user.id, subject_user_id=user.id)
            db.session.commit()
            flash(_("Kata sandi sudah diganti. Perangkat lain sudah dikeluarkan."), "success")
            return redirect(url_for("home.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/akun/atur-ulang/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    reset = find_valid_reset(token)
    if reset is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user = reset.user
        user.set_password(form.new_password.data)
        reset.used_at = utcnow()
        end_all_sessions(user.id)
        audit.record("password.reset", "user", user.id, subject_user_id=user.id, actor_id=user.id)
        if not user.active:
            db.session.commit()
            flash(_("Kata sandi baru sudah disimpan. Silakan masuk."), "success")
            return redirect(url_for("auth.login"))
        # The link proved who they are: signed in at once (a mentor's first visit lands on their home), in a
        # fresh session; whoever was signed in on this browser before is signed out first.
        if current_user.is_authenticated:
            end_current_session(current_user._get_current_object())
        session.clear()
        start_session(user)
        security_events.record(security_events.LOGIN_OK, user_id=user.id, identifier=user.nip, detail="reset-link")
        db.session.commit()
        flash(_("Kata sandi baru sudah disimpan dan Anda sudah masuk."), "success")
        return redirect(url_for("home.home"))
    return render_template("auth/reset_password.html", form=form, user=reset.user)
