"""Forms of people management."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from lms.core.forms import LmsForm
from lms.core.i18n import TIMEZONES
from lms.people.models import DEFAULT_CAPACITY


class AngkatanForm(LmsForm):
    lembaga_id = SelectField(_l("Lembaga pelatihan"), coerce=int, validators=[InputRequired(_l("Pilih lembaga."))])
    number = IntegerField(
        _l("Nomor angkatan"),
        validators=[
            InputRequired(_l("Isi nomor angkatan.")),
            NumberRange(1, 9999, _l("Nomor angkatan 1 sampai 9999.")),
        ],
    )
    year = IntegerField(
        _l("Tahun"),
        validators=[InputRequired(_l("Isi tahun.")), NumberRange(2020, 2100, _l("Tahun 2020 sampai 2100."))],
    )
    name = StringField(_l("Nama (boleh kosong)"), validators=[Optional(), Length(max=120)])
    capacity = IntegerField(
        _l("Kapasitas"),
        default=DEFAULT_CAPACITY,
        validators=[InputRequired(_l("Isi kapasitas.")), NumberRange(1, 200, _l("Kapasitas 1 sampai 200 peserta."))],
    )
    timezone = SelectField(_l("Zona waktu"), choices=[(k, k) for k in TIMEZONES], default="WIB")


class TutorGroupForm(LmsForm):
    name = StringField(_l("Nama kelompok"), validators=[DataRequired(_l("Isi nama kelompok.")), Length(max=100)])
    tutor_id = SelectField(_l("Tutor"), coerce=int, default=0)


class AssignInstructorForm(LmsForm):
    user_id = SelectField(_l("Pengajar"), coerce=int, validators=[InputRequired()])


class AssignCommitteeForm(LmsForm):
    user_id = SelectField(_l("Panitia"), coerce=int, validators=[InputRequired()])


class MoveForm(LmsForm):
    angkatan_id = SelectField(_l("Pindah ke angkatan"), coerce=int, validators=[InputRequired()])
    reason = TextAreaField(
        _l("Alasan"),
        validators=[
            DataRequired(_l("Alasan pemindahan wajib diisi.")),
            Length(min=10, max=2000, message=_l("Tulis alasan 10 sampai 2000 karakter.")),
        ],
    )


class GroupForm(LmsForm):
    tutor_group_id = SelectField(_l("Kelompok tutor"), coerce=int, default=0)


class ImportForm(LmsForm):
    file = FileField(
        _l("Berkas CSV"),
        validators=[
            FileRequired(_l("Pilih berkas CSV.")),
            FileAllowed(["csv", "txt"], _l("Berkas harus berformat .csv.")),
        ],
    )


class RelationsForm(LmsForm):
    """A participant's coach, mentor (typed: a new one is invited) and the penguji of each seminar."""

    coach_id = SelectField(_l("Coach (widyaiswara)"), coerce=int, default=0)
    mentor_nip = StringField(_l("NIP mentor (kosongkan untuk mencabut)"), validators=[Optional(), Length(max=40)])
    mentor_name = StringField(_l("Nama mentor (untuk mentor baru)"), validators=[Optional(), Length(max=200)])
    mentor_email = StringField(_l("Email mentor (boleh kosong)"), validators=[Optional(), Length(max=254)])
    mentor_unit = StringField(_l("Unit kerja mentor"), validators=[Optional(), Length(max=200)])
    examiner_rancangan = SelectField(_l("Penguji seminar rancangan aktualisasi"), coerce=int, default=0)
    examiner_aktualisasi = SelectField(_l("Penguji seminar laporan aktualisasi"), coerce=int, default=0)
