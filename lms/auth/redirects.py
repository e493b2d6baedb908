"""The one rule for where a `next` parameter may send a user: a path on this site."""

from urllib.parse import urlsplit

from flask import url_for


def is_safe_next(target: str | None) -> bool:
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    # Browsers read "\" as "/" and drop tabs/newlines, so "/\evil" or "/\t/evil" would leave the site.
    if "\\" in target or any(ord(c) < 32 or c == "\x7f" for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None) -> str:
    return target if is_safe_next(target) else url_for("home.home")
