"""Small helpers shared by the forms of every feature, and the base class every form derives from."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from lms.core.text import control_character

MAX_REASON = 2000


def error_summary(form) -> str:
    """All of a form's errors as one sentence, for a flash message after a redirect."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class MultilineHiddenField(HiddenField):
    """A hidden field that carries a whole text (e.g. an uploaded question bank awaiting confirmation)."""

    multiline = True


class UncheckedHiddenField(HiddenField):
    """A value never stored nor shown, checked by its own rule (a redirect target, by safe_next)."""

    unchecked = True


def is_multiline(field) -> bool:
    return isinstance(field, TextAreaField) or getattr(field, "multiline", False)


class NoControlCharacters:
    """Refuses invisible control characters; a single-line field also refuses line breaks."""

    def __init__(self, multiline: bool):
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        found = control_character(field.data if isinstance(field.data, str) else "", multiline=self.multiline)
        if found is None:
            return
        position, code = found
        if code in ("U+000A", "U+000D"):
            raise ValidationError(
                _l("Isian ini harus satu baris: hapus baris baru pada karakter ke-%(n)d.", n=position)
            )
        raise ValidationError(
            _l(
                "Ada karakter tak terlihat (%(code)s) pada karakter ke-%(n)d; hapus lalu kirim lagi.",
                code=code,
                n=position,
            )
        )


class _CheckedTextMeta:
    """Gives every text field the control-character check when a form is made, so no form can forget it.
    Passwords are left alone: they are never shown or exported, and a refused login would mislead."""

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, StringField) and not isinstance(field, PasswordField) and not hasattr(field, "unchecked"):
            # A new list: the unbound field's list is shared by every instance of the form.
            field.validators = [NoControlCharacters(is_multiline(field)), *field.validators]
        return field


class LmsForm(FlaskForm):
    """The base of every form with a CSRF token."""

    class Meta(_CheckedTextMeta):
        pass


class LmsSubForm(Form):
    """The base of rows nested with FormField (no CSRF token of their own)."""

    class Meta(_CheckedTextMeta):
        pass


class EmptyForm(LmsForm):
    """For buttons that only POST (with their CSRF token)."""


class ReasonForm(LmsForm):
    """The reason given for an audited change. `min_length` > 0 makes it required (a regrade, an
    exception); without it the reason is optional here and the feature's own rule decides (moderation)."""

    reason = TextAreaField(_l("Alasan"))

    def __init__(self, *args, min_length: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_length = min_length

    def validate_reason(self, field) -> None:
        text = (field.data or "").strip()
        if self.min_length and not text:
            raise StopValidation(_l("Alasan wajib diisi."))
        if text and not self.min_length <= len(field.data) <= MAX_REASON:
            if self.min_length:
                raise ValidationError(
                    _l("Tulis alasan %(low)d sampai %(high)d karakter.", low=self.min_length, high=MAX_REASON)
                )
            raise ValidationError(_l("Alasan paling banyak %(high)d karakter.", high=MAX_REASON))
