"""Forms for logging in and managing one's password."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from lms.core.forms import LmsForm, UncheckedHiddenField

MIN_PASSWORD_LENGTH = 10


class LoginForm(LmsForm):
    identifier = StringField(
        _l("NIP atau email"), validators=[DataRequired(_l("Isi NIP atau email Anda.")), Length(max=254)]
    )
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Isi kata sandi Anda.")), Length(max=200)])
    next = UncheckedHiddenField()  # safe_next() decides; a bad target lands on the home page


class NewPasswordMixin:
    new_password = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            DataRequired(_l("Isi kata sandi baru.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("Kata sandi minimal %(min)d karakter.", min=MIN_PASSWORD_LENGTH),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            DataRequired(_l("Ulangi kata sandi baru.")),
            EqualTo("new_password", _l("Kedua kata sandi tidak sama.")),
        ],
    )


class ChangePasswordForm(NewPasswordMixin, LmsForm):
    current_password = PasswordField(
        _l("Kata sandi sekarang"), validators=[DataRequired(_l("Isi kata sandi Anda sekarang."))]
    )


class ResetPasswordForm(NewPasswordMixin, LmsForm):
    pass
