"""Response headers, static file fingerprints and template helpers shared by every page."""

import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from lms.core import static_files
from lms.core.errors import render_error
from lms.core.i18n import (
    LANGUAGES,
    format_number,
    format_percent,
    local_date,
    local_datetime,
    local_moment,
    local_time_span,
)

ONE_YEAR = 365 * 24 * 3600

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL or an Origin header; None when it names no web origin ("null")."""
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:  # a malformed port or host
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def comes_from_elsewhere(origin: str | None, referer: str | None, own: str) -> bool:
    """Whether a state-changing request names another site as its source: by its Origin header, or its
    Referer when a browser sent no Origin. Neither sent (old browsers, some tools): the CSRF token and
    SameSite cookies still guard it."""
    source = origin if origin is not None else referer
    if source is None:
        return False
    seen = origin_of(source)
    return seen is None or seen != origin_of(own)


def browser_may_keep(view):
    """Marks a view whose pages a browser may keep in its own cache and revalidate (an ETag, an immutable
    URL): it shows no scores and no one's personal data beyond the reader's own name and unread count in
    the header. Every other response is `no-store`, so nothing personal stays on a shared computer."""
    view.browser_may_keep = True
    return view


def cache_control(endpoint: str | None, view, status: int, versioned_static: bool) -> str | None:
    """The Cache-Control a response gets; None keeps what the view or send_file set."""
    if endpoint == "static":
        return f"public, max-age={ONE_YEAR}, immutable" if versioned_static else None
    if endpoint == "favicon":  # a static file at a fixed URL: keeps its own month-long header
        return None
    if getattr(view, "browser_may_keep", False) and status in (200, 304):  # not its lock or error pages
        return None
    return "no-store"


def register(app: Flask) -> None:
    @app.before_request
    def refuse_other_sites():
        # Defence in depth beside the CSRF token and SameSite: a leaked token alone cannot post from
        # another site. The scheme and host are the ones the request reached us by (after ProxyFix).
        if request.method not in STATE_CHANGING:
            return None
        if comes_from_elsewhere(request.headers.get("Origin"), request.headers.get("Referer"), request.host_url):
            message = _(
                "Permintaan ini dikirim dari situs lain, jadi ditolak. Buka halamannya di situs ini lalu kirim lagi."
            )
            return render_error(403, message)
        return None

    # Before the CSRF check, so a request from another site is told why, token or not.
    funcs = app.before_request_funcs.setdefault(None, [])
    funcs.insert(0, funcs.pop())

    static_root = Path(app.static_folder)

    @lru_cache(maxsize=256)
    def fingerprint(filename: str) -> str:
        return hashlib.sha256((static_root / filename).read_bytes()).hexdigest()[:12]

    def static_url(filename: str) -> str:
        """A static URL whose query changes with the file, so it can be cached for a year."""
        return url_for("static", filename=filename, v=fingerprint(filename))

    app.jinja_env.globals.update(static_url=static_url, LANGUAGES=LANGUAGES, get_locale=get_locale)
    # Python, not Jinja macros: a dashboard formats a few hundred numbers, and a macro call costs ~10x more.
    app.jinja_env.globals.update(num=format_number, pct=format_percent)
    app.jinja_env.filters.update(waktu=local_datetime, tanggal=local_date, saat=local_moment, rentang=local_time_span)

    default_max_age = app.get_send_file_max_age

    def send_file_max_age(filename):
        return ONE_YEAR if request.args.get("v") else default_max_age(filename)

    app.get_send_file_max_age = send_file_max_age
    static_files.register(app)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["LMS_HTTPS"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        view = app.view_functions.get(request.endpoint) if request.endpoint else None
        policy = cache_control(request.endpoint, view, response.status_code, bool(request.args.get("v")))
        if policy is not None:
            headers["Cache-Control"] = policy
        elif "Cache-Control" not in headers and request.endpoint != "static":
            headers["Cache-Control"] = "private, no-cache"  # kept by the browser only, and always revalidated
        return response
