"""Forms of the module editor and of the assignment page."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.content.source import MAX_LESSON_CHARS
from lms.core.forms import LmsForm


class RevisionForm(LmsForm):
    """Every editor form says which revision it was opened on, so a later save by someone else is
    noticed instead of silently overwritten."""

    base = HiddenField(validators=[DataRequired()])
    note = StringField(
        _l("Catatan perubahan (boleh kosong)"),
        validators=[Optional(), Length(max=200, message=_l("Catatan paling banyak 200 karakter."))],
    )

    @property
    def base_number(self) -> int:
        try:
            return int(self.base.data)
        except (TypeError, ValueError):
            return -1


class LessonForm(RevisionForm):
    title = StringField(
        _l("Judul pelajaran"),
        validators=[
            DataRequired(_l("Isi judul pelajaran.")),
            Length(max=200, message=_l("Judul maksimal 200 karakter.")),
        ],
    )
    minutes = IntegerField(
        _l("Menit baca"),
        validators=[InputRequired(_l("Isi perkiraan menit.")), NumberRange(1, 600, _l("Menit harus 1 sampai 600."))],
    )
    body = TextAreaField(
        _l("Isi pelajaran (markdown)"),
        validators=[
            DataRequired(_l("Isi pelajaran tidak boleh kosong.")),
            Length(max=MAX_LESSON_CHARS, message=_l("Isi pelajaran terlalu panjang (maksimal 100.000 karakter).")),
        ],
    )


class InfoForm(RevisionForm):
    title = StringField(
        _l("Judul modul"),
        validators=[DataRequired(_l("Isi judul modul.")), Length(max=200, message=_l("Judul maksimal 200 karakter."))],
    )
    jp = IntegerField(
        _l("JP"), validators=[InputRequired(_l("Isi JP.")), NumberRange(1, 200, _l("JP harus 1 sampai 200."))]
    )
    objectives = TextAreaField(
        _l("Tujuan pembelajaran (satu per baris)"),
        validators=[DataRequired(_l("Tulis minimal satu tujuan pembelajaran.")), Length(max=5000)],
    )
    summary = TextAreaField(
        _l("Ringkasan (tampil di daftar modul)"),
        validators=[
            DataRequired(_l("Isi ringkasan.")),
            Length(max=1000, message=_l("Ringkasan maksimal 1000 karakter.")),
        ],
    )
    intro = TextAreaField(_l("Pengantar modul (markdown)"), validators=[Optional(), Length(max=50_000)])


class ImageForm(RevisionForm):
    image = FileField(
        _l("Gambar (PNG, JPEG, WebP atau GIF; maksimal 2 MB)"), validators=[FileRequired(_l("Pilih berkas gambar."))]
    )


class OrderForm(RevisionForm):
    """Positions come as urutan-<slug> fields, one per lesson (read by the view)."""


class ConfirmForm(RevisionForm):
    pass


class AssignForm(LmsForm):
    module_id = SelectField(_l("Modul"), coerce=int, validators=[InputRequired(_l("Pilih modul."))])
    user_id = SelectField(_l("Pengajar"), coerce=int, validators=[InputRequired(_l("Pilih pengajar."))])
