"""A participant's klasikal pass: the address their QR code holds, signed so that nobody can make another
participant's (an HMAC of the user id under the app's SECRET_KEY, itsdangerous), and the QR code as inline SVG.

The address alone records nothing: it opens a page for a signed-in committee member of the participant's
angkatan, who presses "Catat hadir" (lms.attendance.klasikal_routes)."""

import segno
from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup

SALT = "lms.klasikal.pass"


def pass_token(user_id: int, secret_key: str) -> str:
    """The token in the participant's QR address (the same for the same user and key: a reprint is the same QR)."""
    return URLSafeSerializer(secret_key, salt=SALT).dumps(user_id)


def user_of_token(token: str, secret_key: str) -> int | None:
    """The user id a token was made for, or None for anything not made by pass_token with this key."""
    if not token or len(token) > 100:
        return None
    try:
        value = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def pass_url(user_id: int) -> str:
    return url_for("attendance.klasikal_scan", token=pass_token(user_id, current_app.secret_key), _external=True)


def qr_svg(data: str, title: str) -> Markup:
    """The QR code of `data` as an inline SVG (no style attribute: the CSP allows none), sized by the stylesheet;
    error correction M survives a cracked screen or a glare."""
    code = segno.make(data, error="m")
    svg = code.svg_inline(scale=4, title=title, svgclass="qr", lineclass=None, omitsize=True, light="#fff")
    return Markup(svg)  # noqa: S704  (segno's own markup: paths and the title, which segno escapes)
