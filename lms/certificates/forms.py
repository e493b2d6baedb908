"""The certificate settings form, the revocation form and the public verification form."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from lms.certificates.numbering import format_problem
from lms.core.forms import LmsForm


class SettingsForm(LmsForm):
    number_format = StringField(
        _l("Format nomor STTPL"), validators=[DataRequired(_l("Isi format nomor.")), Length(max=200)]
    )
    city = StringField(_l("Kota penerbitan"), validators=[Optional(), Length(max=100)])
    signatory_title = StringField(
        _l("Jabatan penandatangan"), validators=[DataRequired(_l("Isi jabatan penandatangan.")), Length(max=200)]
    )
    signatory_name = StringField(
        _l("Nama penandatangan"), validators=[DataRequired(_l("Isi nama penandatangan.")), Length(max=200)]
    )
    signatory_nip = StringField(
        _l("NIP penandatangan"),
        validators=[Optional(), Regexp(r"^\d{18}$", message=_l("NIP terdiri atas 18 angka."))],
    )

    def validate_number_format(self, field) -> None:
        problem = format_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class RevokeForm(LmsForm):
    reason = TextAreaField(
        _l("Alasan pencabutan"),
        validators=[
            DataRequired(_l("Tulis alasan pencabutan.")),
            Length(min=10, max=2000, message=_l("Alasan 10 sampai 2000 karakter.")),
        ],
    )


class VerifyForm(LmsForm):
    class Meta:
        csrf = False  # a GET search anyone may make; it changes nothing

    code = StringField(_l("Kode verifikasi"), validators=[DataRequired(_l("Isi kode verifikasi.")), Length(max=64)])
