"""How a writer's text survives a refusal: it comes back in the form with a clear message.

On the server, a refused post (too long, too fast, an expired form) is rendered again with its
text. In the browser, static/discussion.js keeps each text under key() while it is written, so an
ended login or a lost connection loses nothing either; a posted text is forgotten there on the
next page (clear_later).
"""

import math

from flask import session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lms.core.forms import error_summary
from lms.discussion.posting import PostRefused
from lms.discussion.rate import posting_rate

TO_CLEAR = "discussion_drafts_to_clear"


def key(kind: str, ident) -> str:
    """The browser's storage key of one form's draft, per user (participants share computers)."""
    return f"lms-draft:{current_user.id}:{kind}:{ident}"


def clear_later(draft_key: str) -> None:
    """The next thread page tells the browser to forget this draft: it was posted."""
    session[TO_CLEAR] = [*session.get(TO_CLEAR, [])[-4:], draft_key]


def context() -> dict:
    def drafts_to_clear():
        return session.pop(TO_CLEAR, []) if TO_CLEAR in session else []

    return {"drafts_to_clear": drafts_to_clear}


def expired_form_message(form) -> str | None:
    """The message for a form that failed its own checks: a page left open too long (CSRF), or a field
    holding a character no text may hold. The text is kept either way."""
    if "csrf_token" in form.errors:
        return _("Halaman ini sudah terlalu lama terbuka atau sesi Anda berganti. Teks Anda masih di sini: kirim lagi.")
    return error_summary(form) or None


def wait_message(seconds: float) -> str:
    n = max(1, math.ceil(seconds))
    return ngettext(
        "Anda mengirim terlalu cepat. Tunggu %(n)d detik, lalu kirim lagi; teks Anda masih di sini.",
        "Anda mengirim terlalu cepat. Tunggu %(n)d detik, lalu kirim lagi; teks Anda masih di sini.",
        n,
        n=n,
    )


def posting_wait() -> float:
    """Claim a post for the current user: 0 when they may post now, else the seconds to wait."""
    rate = posting_rate()
    return rate.take(current_user.id) if rate else 0.0


def attach(form, refused: PostRefused) -> None:
    """Show the refusal next to the field it is about (or above the form)."""
    field = {"body": form.body, "title": getattr(form, "title", None), "topic": getattr(form, "topic", None)}.get(
        refused.field or ""
    )
    if field is not None:
        field.errors = [*field.errors, refused.message]
    else:
        form.form_errors.append(refused.message)
