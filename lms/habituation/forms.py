"""The log's forms: an entry (with its evidence files and the revision it was typed from), a comment, the
mentor's decision, a proposed change of plan and the coach's or mentor's answer to it."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from lms.aktualisasi.criteria import CORE_VALUES, HABITUATION_DAYS
from lms.core.forms import LmsForm

MAX_TEXT = 4000


class _EntryBase(LmsForm):
    revision = IntegerField(widget=HiddenInput(), default=0, validators=[Optional(), NumberRange(min=0)])
    # Checked by the rule (entries._check), which says which plan the activity must come from.
    target = SelectField(
        _l("Kegiatan dan tahapan"), validators=[InputRequired(_l("Pilih kegiatan."))], validate_choice=False
    )
    day = DateField(
        _l("Tanggal (hari kerja)"),
        validators=[InputRequired(_l("Isi tanggal kegiatan."))],
        invalid_value_message=_l("Tanggal tidak dikenali; tulis seperti 2026-12-07."),
    )
    done = TextAreaField(
        _l("Apa yang Anda kerjakan"),
        validators=[InputRequired(_l("Tulis apa yang Anda kerjakan hari itu.")), Length(max=MAX_TEXT)],
    )
    obstacles = TextAreaField(_l("Kendala dan cara mengatasinya"), validators=[Optional(), Length(max=MAX_TEXT)])
    files = MultipleFileField(_l("Bukti: foto atau PDF"))
    caption = StringField(_l("Keterangan bukti"), validators=[Optional(), Length(max=300)])

    def set_targets(self, activities) -> None:
        """Choices: each activity as a whole, then each of its steps ('<activity id>' or '<id>-<step>')."""
        choices = [("", "–")]
        for n, activity in enumerate(activities, start=1):
            choices.append((str(activity.id), f"{n}. {activity.title}"))
            for s, step in enumerate(activity.steps or [], start=1):
                choices.append((f"{activity.id}-{s}", f"{n}.{s} {step}"))
        self.target.choices = choices

    def target_parts(self) -> tuple[int | None, int | None]:
        raw = self.target.data or ""
        activity, _dash, step = raw.partition("-")
        try:
            return int(activity), int(step) if step else None
        except ValueError:
            return None, None

    def value_texts(self) -> dict:
        return {code: getattr(self, f"value_{code}").data or "" for code, _name in CORE_VALUES}

    def fill(self, entry) -> None:
        self.target.data = f"{entry.activity_id}-{entry.step}" if entry.step else str(entry.activity_id)
        self.day.data, self.done.data, self.obstacles.data = entry.day, entry.done, entry.obstacles
        self.revision.data = entry.revision
        for code, _name in CORE_VALUES:
            getattr(self, f"value_{code}").data = (entry.values or {}).get(code, "")


EntryForm = type(
    "EntryForm",
    (_EntryBase,),
    {f"value_{code}": TextAreaField(name, validators=[Optional(), Length(max=MAX_TEXT)]) for code, name in CORE_VALUES},
)


class CommentForm(LmsForm):
    body = TextAreaField(
        _l("Komentar"), validators=[InputRequired(_l("Tulis komentarnya dulu.")), Length(max=MAX_TEXT)]
    )


class DecisionForm(LmsForm):
    action = HiddenField(validators=[InputRequired()])
    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    reason = TextAreaField(_l("Alasan bila dipertanyakan"), validators=[Optional(), Length(max=MAX_TEXT)])


class RemoveEvidenceForm(LmsForm):
    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ChangeForm(LmsForm):
    title = StringField(_l("Judul kegiatan"), validators=[InputRequired(_l("Isi judul kegiatan.")), Length(max=300)])
    steps = TextAreaField(_l("Tahapan (satu per baris)"), validators=[InputRequired(_l("Tulis tahapannya."))])
    output = TextAreaField(_l("Output"), validators=[Optional(), Length(max=MAX_TEXT)])
    start_day = IntegerField(_l("Hari mulai"), validators=[InputRequired(), NumberRange(1, HABITUATION_DAYS)])
    end_day = IntegerField(_l("Hari selesai"), validators=[InputRequired(), NumberRange(1, HABITUATION_DAYS)])
    reason = TextAreaField(
        _l("Alasan perubahan"), validators=[InputRequired(_l("Tulis alasan perubahan.")), Length(max=MAX_TEXT)]
    )

    def fields(self) -> dict:
        return {
            "title": self.title.data,
            "steps": (self.steps.data or "").splitlines(),
            "output": self.output.data,
            "start_day": self.start_day.data,
            "end_day": self.end_day.data,
        }


class ChangeDecisionForm(LmsForm):
    agree = HiddenField(validators=[InputRequired()])
    reason = TextAreaField(_l("Alasan bila ditolak"), validators=[Optional(), Length(max=MAX_TEXT)])
