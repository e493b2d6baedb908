"""The report's forms: a section's text (carrying the revision it was typed from), the refresh confirmation,
a workflow action, and the review form with a comment per section."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from lms.core.forms import LmsForm
from lms.report.editing import MAX_BODY

MAX_COMMENT = 4000


class SectionForm(LmsForm):
    revision = IntegerField(widget=HiddenInput(), default=1, validators=[InputRequired(), NumberRange(min=1)])
    body = TextAreaField(
        _l("Tulisan Anda untuk bagian ini"),
        validators=[Length(max=MAX_BODY, message=_l("Paling banyak %(max)d karakter per bagian."))],
    )


class RefreshForm(LmsForm):
    """Carries the fingerprint of the preview the participant saw (lms.report.assembly.digest)."""

    digest = HiddenField(validators=[InputRequired()])


class TransitionForm(LmsForm):
    """A workflow action; `state` is the state the page showed (a click from an out-of-date page is refused)."""

    action = HiddenField()
    state = HiddenField()


def comment_field_name(key: str) -> str:
    return f"komentar_{key.replace('-', '_')}"


def review_form_class(section_keys: list[str]):
    """A form with an optional comment per section key ('umum', 'pendahuluan', ..., 'kegiatan-<id>')."""
    fields = {
        comment_field_name(key): TextAreaField(
            _l("Komentar untuk laporan secara umum") if key == "umum" else _l("Komentar Anda untuk bagian ini"),
            validators=[Optional(), Length(max=MAX_COMMENT)],
        )
        for key in section_keys
    }
    return type("ReportReviewForm", (TransitionForm,), fields)
