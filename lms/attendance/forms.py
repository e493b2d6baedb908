"""Forms of the schedule and attendance pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from lms.attendance.schedule import MAX_JP, MAX_ROOM, MAX_TOPIC, MAX_URL
from lms.core.forms import LmsForm

MODE_CHOICES = [
    ("sinkron", _l("Sinkron (rapat daring)")),
    ("asinkron", _l("Asinkron (belajar mandiri)")),
    ("tatap_muka", _l("Tatap muka (di kampus)")),
]
STATUS_CHOICES = [
    ("hadir", _l("Hadir")),
    ("terlambat", _l("Terlambat")),
    ("izin", _l("Izin")),
    ("sakit", _l("Sakit")),
    ("dinas", _l("Dinas")),
    ("alpa", _l("Alpa (tidak hadir)")),
]

# The committee's list: short words, each a pill to tap on a phone.
LIST_CHOICES = [
    ("hadir", _l("Hadir")),
    ("terlambat", _l("Terlambat")),
    ("izin", _l("Izin")),
    ("sakit", _l("Sakit")),
    ("dinas", _l("Dinas")),
    ("alpa", _l("Alpa")),
]


class SessionForm(LmsForm):
    phase_id = SelectField(_l("Fase"), coerce=int)
    day = DateField(_l("Tanggal"), validators=[InputRequired(_l("Isi tanggal."))])
    start = TimeField(_l("Mulai"), validators=[InputRequired(_l("Isi jam mulai."))])
    end = TimeField(_l("Selesai"), validators=[InputRequired(_l("Isi jam selesai."))])
    topic = StringField(_l("Topik"), validators=[InputRequired(_l("Topik wajib diisi.")), Length(max=MAX_TOPIC)])
    agenda_number = IntegerField(
        _l("Nomor agenda (boleh kosong)"), validators=[Optional(), NumberRange(1, 20, _l("Nomor agenda 1 sampai 20."))]
    )
    widyaiswara_id = SelectField(_l("Widyaiswara"), coerce=int, default=0)
    jp = IntegerField(
        _l("JP"), default=2, validators=[InputRequired(_l("Isi JP.")), NumberRange(0, MAX_JP, _l("JP 0 sampai 20."))]
    )
    mode = SelectField(_l("Mode"), choices=MODE_CHOICES, default="sinkron")
    meeting_url = StringField(_l("Tautan rapat (https://...)"), validators=[Optional(), Length(max=MAX_URL)])
    room = StringField(
        _l("Ruang (boleh kosong)"),
        validators=[Optional(), Length(max=MAX_ROOM, message=_l("Ruang paling banyak 120 karakter."))],
    )


class CheckinForm(LmsForm):
    code = StringField(
        _l("Kode presensi"),
        validators=[InputRequired(_l("Ketik kode yang ditampilkan widyaiswara.")), Length(max=20)],
    )


class CorrectionForm(LmsForm):
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    note = TextAreaField(_l("Keterangan (alasan koreksi)"), validators=[Length(max=1000)])


class SessionImportForm(LmsForm):
    phase_id = SelectField(_l("Fase"), coerce=int)
    file = FileField(
        _l("Berkas CSV"),
        validators=[
            FileRequired(_l("Pilih berkas CSV.")),
            FileAllowed(["csv", "txt"], _l("Berkas harus berformat .csv.")),
        ],
    )


class ScanForm(LmsForm):
    """The committee's "Catat hadir" on a scanned QR: which of today's open klasikal sessions (the choices)."""

    # Whether the chosen one is open is the view's check (with its own message), not WTForms' "Not a valid choice".
    session_id = RadioField(
        _l("Sesi"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Pilih sesi yang sedang berlangsung."))],
    )
