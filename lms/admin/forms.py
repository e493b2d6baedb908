"""Forms for administrators."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from lms.auth.models import Role
from lms.core.forms import LmsForm

ROLE_LABELS = {
    Role.PARTICIPANT.value: _l("Peserta"),
    Role.INSTRUCTOR.value: _l("Pengajar (widyaiswara)"),
    Role.COORDINATOR.value: _l("Penyelenggara"),
    Role.ADMIN.value: _l("Admin"),
}


class UserForm(LmsForm):
    nip = StringField(_l("NIP"), validators=[DataRequired(_l("Isi NIP.")), Length(max=40)])
    name = StringField(_l("Nama lengkap"), validators=[DataRequired(_l("Isi nama.")), Length(max=200)])
    email = EmailField(
        _l("Email (boleh kosong)"), validators=[Optional(), Email(_l("Format email tidak valid.")), Length(max=254)]
    )
    role = SelectField(_l("Peran"), choices=[(k, v) for k, v in ROLE_LABELS.items() if k != Role.PARTICIPANT.value])


class RoleForm(LmsForm):
    role = SelectField(_l("Peran"), choices=list(ROLE_LABELS.items()))
    reason = TextAreaField(
        _l("Alasan"), validators=[DataRequired(_l("Alasan perubahan peran wajib diisi.")), Length(max=2000)]
    )


class ScopeForm(LmsForm):
    instansi_ids = SelectMultipleField(
        _l("Instansi yang dikelola"), coerce=int, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )


class InstansiForm(LmsForm):
    name = StringField(_l("Nama instansi"), validators=[DataRequired(_l("Isi nama instansi.")), Length(max=200)])


class PhaseForm(LmsForm):
    name = StringField(_l("Nama fase"), validators=[DataRequired(_l("Isi nama fase.")), Length(max=100)])
    jp = IntegerField(
        _l("JP"), validators=[InputRequired(_l("Isi JP.")), NumberRange(1, 2000, _l("JP antara 1 dan 2000."))]
    )
