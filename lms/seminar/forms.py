"""Forms of the seminar pages: scheduling a session, placing and removing participants, scoring, reopening."""

from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from lms.core.forms import LmsForm
from lms.people.models import SEMINAR_KINDS

KIND_CHOICES = [("rancangan", _l("Seminar rancangan aktualisasi")), ("aktualisasi", _l("Seminar aktualisasi"))]
assert [k for k, _label in KIND_CHOICES] == list(SEMINAR_KINDS)  # noqa: S101


class SessionForm(LmsForm):
    kind = SelectField(_l("Jenis seminar"), choices=KIND_CHOICES, default="rancangan")
    starts_at = DateTimeLocalField(
        _l("Mulai"), format="%Y-%m-%dT%H:%M", validators=[InputRequired(_l("Isi waktu mulai."))]
    )
    ends_at = DateTimeLocalField(
        _l("Selesai"), format="%Y-%m-%dT%H:%M", validators=[InputRequired(_l("Isi waktu selesai."))]
    )
    room = StringField(_l("Ruang"), validators=[Length(max=200)])
    link = StringField(_l("Tautan pertemuan daring (https://)"), validators=[Length(max=500)])
    examiner_id = SelectField(_l("Penguji"), coerce=int, validators=[InputRequired(_l("Pilih penguji."))])
    reason = TextAreaField(_l("Alasan perubahan"), validators=[Length(max=2000)])

    def validate_ends_at(self, field) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("Waktu selesai harus sesudah waktu mulai."))

    @staticmethod
    def aware(value, tz_name: str):
        """A time typed in the angkatan's zone, as an aware datetime."""
        return value.replace(tzinfo=ZoneInfo(tz_name))


class AddParticipantForm(LmsForm):
    # Any id is accepted here: scheduling.add_participant says why one cannot be placed.
    enrolment_id = SelectField(
        _l("Peserta"), coerce=int, validate_choice=False, validators=[InputRequired(_l("Pilih peserta."))]
    )


class ReasonForm(LmsForm):
    reason = TextAreaField(_l("Alasan"), validators=[InputRequired(_l("Tulis alasannya.")), Length(max=2000)])


class ReopenForm(ReasonForm):
    role = HiddenField()


class ScoreForm(LmsForm):
    """The rubric levels come as radio buttons `kriteria-<i>` (read by scoring.chosen_levels)."""

    notes = TextAreaField(_l("Catatan untuk peserta"), validators=[Length(max=5000)])
