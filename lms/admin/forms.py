"""Forms for administrators."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from lms.auth.models import Role
from lms.core import security_events
from lms.core.forms import LmsForm
from lms.people.models import LEMBAGA_KINDS

LEMBAGA_KIND_LABELS = dict(
    zip(
        LEMBAGA_KINDS,
        (
            _l("BPSDM (provinsi)"),
            _l("BPSDMD (daerah)"),
            _l("BKPSDM (kabupaten/kota)"),
            _l("LAN RI"),
            _l("Pusdiklat kementerian/lembaga"),
            _l("Lainnya"),
        ),
        strict=True,
    )
)

ROLE_LABELS = {
    Role.PARTICIPANT.value: _l("Peserta"),
    Role.INSTRUCTOR.value: _l("Pengajar (widyaiswara)"),
    Role.COORDINATOR.value: _l("Penyelenggara"),
    Role.ADMIN.value: _l("Admin"),
    Role.INSTANSI_VIEWER.value: _l("Pegawai BKPSDM/BKD (instansi)"),
    Role.MENTOR.value: _l("Mentor"),
    Role.COMMITTEE.value: _l("Panitia angkatan"),
    Role.HEAD.value: _l("Kepala lembaga"),
}


class UserForm(LmsForm):
    nip = StringField(_l("NIP"), validators=[DataRequired(_l("Isi NIP.")), Length(max=40)])
    name = StringField(_l("Nama lengkap"), validators=[DataRequired(_l("Isi nama.")), Length(max=200)])
    email = EmailField(
        # Its form and uniqueness are checked by lms.auth.accounts.create_account, the one rule for a new account.
        _l("Email (boleh kosong)"),
        validators=[Optional(), Length(max=254)],
    )
    role = SelectField(_l("Peran"), choices=[(k, v) for k, v in ROLE_LABELS.items() if k != Role.PARTICIPANT.value])


class RoleForm(LmsForm):
    role = SelectField(_l("Peran"), choices=list(ROLE_LABELS.items()))
    reason = TextAreaField(
        _l("Alasan"), validators=[DataRequired(_l("Alasan perubahan peran wajib diisi.")), Length(max=2000)]
    )


class ScopeForm(LmsForm):
    """A coordinator's lembaga."""

    lembaga_ids = SelectMultipleField(
        _l("Lembaga pelatihan tempat bertugas"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class ViewerScopeForm(LmsForm):
    """An instansi viewer's instansi."""

    instansi_ids = SelectMultipleField(
        _l("Instansi yang pegawainya diikuti"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class LembagaForm(LmsForm):
    name = StringField(_l("Nama lembaga"), validators=[DataRequired(_l("Isi nama lembaga.")), Length(max=200)])
    kind = SelectField(_l("Jenis"), choices=list(LEMBAGA_KIND_LABELS.items()), default="bpsdmd")


class InstansiForm(LmsForm):
    name = StringField(_l("Nama instansi"), validators=[DataRequired(_l("Isi nama instansi.")), Length(max=200)])


class PhaseForm(LmsForm):
    # The JP are the program file's (content/program.yaml): the import sets them, a form here would be undone.
    name = StringField(_l("Nama fase"), validators=[DataRequired(_l("Isi nama fase.")), Length(max=100)])


EVENT_LABELS = {
    security_events.LOGIN_OK: _l("Masuk berhasil"),
    security_events.LOGIN_FAILED: _l("Masuk gagal"),
    security_events.LOGIN_THROTTLED: _l("Masuk dibatasi (terlalu banyak percobaan)"),
    security_events.THROTTLED: _l("Permintaan dibatasi"),
    security_events.ACCESS_DENIED: _l("Akses ditolak (403)"),
    security_events.ACCESS_HIDDEN: _l("Di luar wewenang (404)"),
}


BAD_DATE = _l("Tanggal tidak valid; tulis seperti 2026-03-05.")


class SecurityEventFilterForm(LmsForm):
    """The filter of the security events page: read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    jenis = SelectField(
        _l("Jenis"), choices=[("", _l("Semua"))] + list(EVENT_LABELS.items()), default="", validate_choice=False
    )
    akun = StringField(_l("Akun (NIP atau email)"), validators=[Optional(), Length(max=254)])
    alamat = StringField(_l("Alamat IP"), validators=[Optional(), Length(max=64)])
    dari = DateField(_l("Dari tanggal"), validators=[Optional()], invalid_value_message=BAD_DATE)
    sampai = DateField(_l("Sampai tanggal"), validators=[Optional()], invalid_value_message=BAD_DATE)

    def validate_jenis(self, field):
        if field.data and field.data not in EVENT_LABELS:
            raise ValidationError(_l("Pilih jenis kejadian dari daftar."))

    def validate_sampai(self, field):
        if field.data and self.dari.data and field.data < self.dari.data:
            raise ValidationError(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))
