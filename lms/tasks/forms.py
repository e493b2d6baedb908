"""Forms of the tasks feature: setting a task, submitting to it, grading a submission."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lms.core.forms import LmsForm
from lms.core.rubric import Rubric, RubricError, parse_rubric
from lms.tasks.models import FILE_TYPES, MAX_TASK_BYTES

MEGABYTE = 1024 * 1024
TYPE_LABELS = {
    "pdf": "PDF (.pdf)",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "pptx": "PowerPoint (.pptx)",
    "jpg": "JPEG (.jpg)",
    "png": "PNG (.png)",
    "txt": "Teks (.txt)",
}


class TaskForm(LmsForm):
    title = StringField(_l("Judul tugas"), validators=[DataRequired(_l("Isi judul tugas.")), Length(max=200)])
    agenda = SelectField(
        _l("Agenda"),
        coerce=int,
        choices=[(1, "Agenda I"), (2, "Agenda II"), (3, "Agenda III"), (4, "Agenda IV")],
        default=1,
    )
    instructions = TextAreaField(_l("Petunjuk (markdown)"), validators=[Length(max=20000)])
    opens_at = DateTimeLocalField(
        _l("Dibuka"), format="%Y-%m-%dT%H:%M", validators=[InputRequired(_l("Isi waktu dibuka."))]
    )
    due_at = DateTimeLocalField(
        _l("Batas waktu"), format="%Y-%m-%dT%H:%M", validators=[InputRequired(_l("Isi batas waktu."))]
    )
    file_types = SelectMultipleField(
        _l("Jenis berkas yang diterima (kosongkan bila hanya teks)"),
        choices=[(t, TYPE_LABELS[t]) for t in FILE_TYPES],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Optional()],
    )
    max_mb = IntegerField(
        _l("Ukuran berkas paling besar (MB)"),
        default=5,
        validators=[
            InputRequired(_l("Isi ukuran paling besar.")),
            NumberRange(1, MAX_TASK_BYTES // MEGABYTE, _l("Ukuran 1 sampai %(n)d MB.", n=MAX_TASK_BYTES // MEGABYTE)),
        ],
    )
    text_allowed = BooleanField(_l("Jawaban teks boleh"), default=True)
    per_group = BooleanField(_l("Dikumpulkan per kelompok tutor (satu kiriman, satu nilai untuk semua anggota)"))
    late_allowed = BooleanField(_l("Kiriman terlambat diterima (ditandai terlambat)"))
    grader_id = SelectField(_l("Widyaiswara penilai"), coerce=int, validators=[InputRequired()])
    rubric = TextAreaField(_l("Rubrik"), validators=[DataRequired(_l("Tulis rubrik penilaian.")), Length(max=30000)])

    parsed_rubric: Rubric | None = None

    def validate_rubric(self, field) -> None:
        try:
            self.parsed_rubric = parse_rubric(field.data or "")
        except RubricError as error:
            raise ValidationError(error.message) from None

    def validate_due_at(self, field) -> None:
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("Batas waktu harus sesudah waktu dibuka."))

    def validate_file_types(self, field) -> None:
        if not field.data and not self.text_allowed.data:
            raise ValidationError(_l("Pilih sedikitnya satu jenis berkas, atau izinkan jawaban teks."))

    def aware(self, value: datetime, tz_name: str) -> datetime:
        """A time typed in the angkatan's zone, as an aware datetime."""
        return value.replace(tzinfo=ZoneInfo(tz_name))


class SubmitForm(LmsForm):
    text = TextAreaField(_l("Jawaban teks"), validators=[Length(max=20000)])
    file = FileField(_l("Berkas"))


class GradeForm(LmsForm):
    """The rubric levels come as radio buttons `kriteria-<i>` (read by grading.chosen_levels)."""

    feedback = TextAreaField(_l("Umpan balik"), validators=[Length(max=5000)])
    reason = TextAreaField(_l("Alasan perubahan nilai"), validators=[Length(max=2000)])


class QueueFilterForm(LmsForm):
    class Meta:
        csrf = False
