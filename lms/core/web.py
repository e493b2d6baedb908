"""Response headers, static file fingerprints and template helpers shared by every page."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request, url_for
from flask_babel import get_locale

from lms.core import static_files
from lms.core.i18n import LANGUAGES, format_number, format_percent, local_date, local_datetime, local_moment

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


def register(app: Flask) -> None:
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
    app.jinja_env.filters.update(waktu=local_datetime, tanggal=local_date, saat=local_moment)

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
        if request.endpoint == "static" and request.args.get("v"):
            headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        elif "Cache-Control" not in headers and response.mimetype == "text/html":
            # Pages are personal: never kept by a shared cache.
            headers["Cache-Control"] = "private, no-cache"
        return response
