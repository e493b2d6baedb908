"""Error pages in Indonesian; none of them ever shows a stack trace."""

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError, PendingRollbackError
from werkzeug.exceptions import HTTPException

from lms.core.extensions import db, login_manager


def _messages():
    return {
        400: (_("Permintaan tidak valid"), _("Permintaan Anda tidak dapat diproses. Periksa isian lalu coba lagi.")),
        403: (_("Akses ditolak"), _("Anda tidak memiliki hak untuk membuka halaman ini.")),
        404: (_("Halaman tidak ditemukan"), _("Halaman yang Anda cari tidak ada atau sudah dipindahkan.")),
        405: (_("Metode tidak diizinkan"), _("Halaman ini tidak menerima permintaan dengan cara tersebut.")),
        413: (_("Berkas terlalu besar"), _("Berkas atau isian yang dikirim melebihi batas ukuran.")),
        429: (
            _("Terlalu banyak permintaan"),
            _("Terlalu banyak percobaan dalam waktu singkat. Tunggu beberapa menit, lalu coba lagi."),
        ),
        500: (
            _("Terjadi kesalahan"),
            _("Terjadi kesalahan di server. Data Anda yang sudah tersimpan aman; coba lagi sebentar lagi."),
        ),
        503: (
            _("Layanan sementara tidak tersedia"),
            _(
                "Server sedang tidak dapat menghubungi basis data. "
                "Jawaban dan nilai yang sudah tersimpan tidak hilang; coba lagi dalam beberapa saat."
            ),
        ),
    }


def render_error(code: int, detail: str | None = None):
    title, message = _messages().get(code, _messages()[500])
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=title, message=detail or message), code
    try:
        return render_template("errors/error.html", code=code, title=title, message=detail or message), code
    except Exception:  # the page itself failed: still answer in Indonesian, without a trace
        current_app.logger.exception("error page failed")
        return f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(message)}</p>", code


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code in (301, 302, 303, 307, 308) or error.code is None:
            return error
        return render_error(error.code)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _("Formulir sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu kirim lagi."))

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_down(error):
        app.logger.error("database unavailable (%s): %s", type(error).__name__, error)
        # The error page must not touch the database again: treat the visitor as anonymous.
        g._login_user = login_manager.anonymous_user()
        _rollback_quietly()
        return render_error(503)

    @app.errorhandler(Exception)
    def unexpected(error):
        if _is_connection_loss(error):
            return database_down(error)
        app.logger.exception("unhandled error")
        _rollback_quietly()
        return render_error(500)


def _is_connection_loss(error: BaseException) -> bool:
    """The database went away mid-request: a pending rollback on a dropped connection, an invalidated
    connection, a disconnect. Those are outages (503 and the outage page), not defects (500)."""
    for candidate in (error, error.__cause__, error.__context__):
        if isinstance(candidate, PendingRollbackError | DisconnectionError | OperationalError | InterfaceError):
            return True
        if isinstance(candidate, DBAPIError) and candidate.connection_invalidated:
            return True
    return False


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection may be gone; the pool replaces it on next use
        current_app.logger.warning("rollback failed after a database error")
