"""Forms of the discussion spaces. Lengths are checked by posting.py (one rule, one message), not by
maxlength attributes: a browser that cuts a pasted text short would lose the writer's words."""

import re
import uuid

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from lms.core.forms import LmsForm

MARKDOWN_HINT = _l("Boleh memakai markdown: **tebal**, *miring*, daftar, > kutipan. Sebut orang dengan @Nama.")


MAX_ID = 2**31 - 1
_TOKEN = re.compile(r"[0-9a-f]{32}")


def id_or_none(value) -> int | None:
    """A positive id that fits the database's integer columns, or None (so no crafted number errs)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def _token_or_none(value):
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else None


class _PostForm(LmsForm):
    # A fresh token per form shown; the same token on a resubmit finds the post already made.
    client_token = HiddenField(default=lambda: uuid.uuid4().hex, filters=[_token_or_none])


class ThreadForm(_PostForm):
    topic = SelectField(_l("Topik"), coerce=id_or_none, validators=[Optional()], validate_choice=False)
    title = StringField(_l("Judul"))
    body = TextAreaField(_l("Isi"))


class ReplyForm(_PostForm):
    body = TextAreaField(_l("Balasan Anda"))
    quote = HiddenField(filters=[id_or_none])
    seen = HiddenField(filters=[id_or_none])


class EditForm(LmsForm):
    title = StringField(_l("Judul"))
    body = TextAreaField(_l("Isi"))
