"""The forms of preparing, ratifying and correcting results and of the program recompute. A correction form has a
field per component of the sealed program and a reason: nothing else in a request is read (a forged final, band or
pass is never looked at)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from lms.core.forms import LmsForm, ReasonForm
from lms.kelulusan.corrections import MAX_REASON, MIN_REASON, parse_score


class RatifyForm(LmsForm):
    """The head's one button, with the preparation they reviewed and a statement to tick (the confirmation)."""

    preparation = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])
    confirm = BooleanField(
        _l("Saya sudah memeriksa hasil ini dan mengesahkannya. Setelah disahkan, hasil hanya berubah melalui koreksi."),
        validators=[DataRequired(_l("Centang pernyataan pengesahan untuk mengesahkan hasil."))],
    )


class ProgramApplyForm(ReasonForm):
    version_id = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_length=MIN_REASON, **kwargs)


class DecisionReasonForm(ReasonForm):
    """Rejecting a correction: the reason is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_length=MIN_REASON, **kwargs)


class _ScoreField(StringField):
    """A score typed as 85,5 or 85.5; empty leaves the component as it is."""

    def __init__(self, label, component_name: str, **kwargs):
        super().__init__(label, **kwargs)
        self.component_name = component_name

    def pre_validate(self, form):
        text = (self.data or "").strip()
        if not text:
            return
        try:
            parse_score(text)
        except ValueError:
            raise ValidationError(
                _l(
                    "Nilai %(name)s harus angka 0 sampai 100, paling banyak dua angka di belakang koma"
                    " (misalnya 85,5).",
                    name=self.component_name,
                )
            ) from None


def correction_form(program, row, data=None) -> LmsForm:
    """A form with a field per component (komponen_0, komponen_1... in the program's order), prefilled with the
    current scores, and the reason."""

    class CorrectionForm(LmsForm):
        reason = TextAreaField(_l("Alasan koreksi"))

        def validate_reason(self, field):
            text = (field.data or "").strip()
            if not MIN_REASON <= len(text) <= MAX_REASON:
                raise ValidationError(
                    _l("Tulis alasan koreksi %(low)d sampai %(high)d karakter.", low=MIN_REASON, high=MAX_REASON)
                )

    codes = {}
    for index, component in enumerate(program.components):
        name = f"komponen_{index}"
        setattr(
            CorrectionForm,
            name,
            _ScoreField(f"{component.name} ({component.weight.normalize():f}%)", component.name),
        )
        codes[name] = component.code
    defaults = {name: _decimal_text(row.score(code)) for name, code in codes.items()}
    form = CorrectionForm(formdata=data, data=defaults) if data is not None else CorrectionForm(data=defaults)
    form.component_codes = codes
    return form


def _decimal_text(value) -> str:
    return "" if value is None else f"{value:f}".replace(".", ",")


def proposed_scores(form) -> dict:
    """The component scores the form carries (code -> text), the empty ones left out."""
    found = {}
    for name, code in form.component_codes.items():
        text = (getattr(form, name).data or "").strip()
        if text:
            found[code] = parse_score(text)
    return found
