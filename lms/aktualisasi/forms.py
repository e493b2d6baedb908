"""The plan's forms: one per section (each carries the revision it was typed from), the activity form, and the
review form with a comment per section."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import FieldList, FormField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from lms.aktualisasi.criteria import CORE_VALUES, HABITUATION_DAYS, all_criteria
from lms.core.forms import LmsForm, LmsSubForm

MAX_TITLE = 300
MAX_TEXT = 4000
# Issue candidates shown in the form (usually three to five are weighed).
ISSUE_ROWS = 5


def _score(value):
    return int(value) if value not in (None, "") else None


class RevisionMixin:
    revision = IntegerField(widget=HiddenInput(), default=0, validators=[InputRequired(), NumberRange(min=0)])


class _IssueRowBase(LmsSubForm):
    title = StringField(_l("Calon isu"), validators=[Optional(), Length(max=MAX_TITLE)])
    description = TextAreaField(
        _l("Uraian singkat dan sumbernya di unit kerja"), validators=[Optional(), Length(max=MAX_TEXT)]
    )


def _issue_row_class():
    """One candidate's fields: its title, description and a 1..5 (as configured) choice per criterion."""
    fields = {
        f"score_{c.code}": SelectField(
            c.label,
            choices=[("", "–")] + [(str(v), str(v)) for v in range(c.low, c.high + 1)],
            coerce=_score,
            validate_choice=True,
        )
        for c in all_criteria()
    }
    return type("IssueRow", (_IssueRowBase,), fields)


IssueRow = _issue_row_class()


class IssuesForm(RevisionMixin, LmsForm):
    candidates = FieldList(FormField(IssueRow), min_entries=ISSUE_ROWS, max_entries=ISSUE_ROWS)
    chosen = RadioField(
        _l("Isu yang dipilih"),
        choices=[(str(n), str(n + 1)) for n in range(ISSUE_ROWS)],
        validators=[Optional()],
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validate_choice=False,
    )

    def validate_chosen(self, field) -> None:
        if field.data is None:
            return
        if not 0 <= field.data < ISSUE_ROWS or not self.candidates.entries[field.data].form.title.data:
            raise ValidationError(str(_l("Pilih isu dari calon yang sudah ditulis.")))

    def to_data(self) -> dict:
        candidates, chosen = [], None
        for n, entry in enumerate(self.candidates.entries):
            row = entry.form
            if not (row.title.data or "").strip():
                continue
            if self.chosen.data == n:
                chosen = len(candidates)
            scores = {c.code: getattr(row, f"score_{c.code}").data for c in all_criteria()}
            candidates.append(
                {
                    "title": row.title.data.strip(),
                    "description": (row.description.data or "").strip(),
                    "scores": {k: v for k, v in scores.items() if v is not None},
                }
            )
        return {"candidates": candidates, "chosen": chosen}

    def rows_to_show(self, at_least: int = 2) -> int:
        """How many candidate rows the editor shows: every row with something in it, one empty row to add the next
        candidate (it appears after a save; no script needed), and `at_least` rows on an empty form."""
        used = [
            n
            for n, entry in enumerate(self.candidates.entries)
            if any(f.data not in (None, "") for f in entry.form if f.type != "CSRFTokenField")
        ]
        return min(ISSUE_ROWS, max(at_least, (used[-1] + 2) if used else 0))

    def fill(self, data: dict) -> None:
        for n, candidate in enumerate(data.get("candidates", [])[:ISSUE_ROWS]):
            row = self.candidates.entries[n].form
            row.title.data = candidate.get("title", "")
            row.description.data = candidate.get("description", "")
            for c in all_criteria():
                getattr(row, f"score_{c.code}").data = candidate.get("scores", {}).get(c.code)
        self.chosen.data = data.get("chosen")


class CausesForm(RevisionMixin, LmsForm):
    causes = TextAreaField(_l("Penyebab isu (satu penyebab per baris)"), validators=[Length(max=MAX_TEXT)])

    def to_data(self) -> dict:
        return {"causes": [line.strip() for line in (self.causes.data or "").splitlines() if line.strip()]}

    def fill(self, data: dict) -> None:
        self.causes.data = "\n".join(data.get("causes", []))


class IdeaForm(RevisionMixin, LmsForm):
    title = StringField(_l("Judul gagasan kreatif"), validators=[Length(max=MAX_TITLE)])
    description = TextAreaField(
        _l("Uraian gagasan: apa yang akan Anda lakukan untuk isu itu"), validators=[Length(max=MAX_TEXT)]
    )

    def to_data(self) -> dict:
        return {"title": (self.title.data or "").strip(), "description": (self.description.data or "").strip()}

    def fill(self, data: dict) -> None:
        self.title.data = data.get("title", "")
        self.description.data = data.get("description", "")


class _ActivityBase(RevisionMixin, LmsForm):
    title = StringField(
        _l("Nama kegiatan"), validators=[InputRequired(_l("Tulis nama kegiatan.")), Length(max=MAX_TITLE)]
    )
    steps = TextAreaField(_l("Tahapan kegiatan (satu tahapan per baris)"), validators=[Length(max=MAX_TEXT)])
    output = TextAreaField(_l("Output/keluaran yang diharapkan"), validators=[Length(max=MAX_TEXT)])
    start_day = IntegerField(
        _l("Mulai hari ke-"),
        default=1,
        validators=[
            InputRequired(_l("Isi hari mulai.")),
            NumberRange(1, HABITUATION_DAYS, _l("Hari ke-1 sampai ke-%(n)d.", n=HABITUATION_DAYS)),
        ],
    )
    end_day = IntegerField(
        _l("Selesai hari ke-"),
        default=1,
        validators=[
            InputRequired(_l("Isi hari selesai.")),
            NumberRange(1, HABITUATION_DAYS, _l("Hari ke-1 sampai ke-%(n)d.", n=HABITUATION_DAYS)),
        ],
    )
    vision_mission = TextAreaField(
        _l("Kontribusi terhadap visi dan misi organisasi"), validators=[Length(max=MAX_TEXT)]
    )
    organisation_values = TextAreaField(_l("Penguatan nilai-nilai organisasi"), validators=[Length(max=MAX_TEXT)])

    def validate_end_day(self, field) -> None:
        if field.data is not None and self.start_day.data is not None and field.data < self.start_day.data:
            raise ValidationError(str(_l("Hari selesai tidak boleh sebelum hari mulai.")))

    def to_fields(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "steps": [line.strip() for line in (self.steps.data or "").splitlines() if line.strip()],
            "output": (self.output.data or "").strip(),
            "start_day": self.start_day.data,
            "end_day": self.end_day.data,
            "values": {code: (getattr(self, f"value_{code}").data or "").strip() for code, _name in CORE_VALUES},
            "vision_mission": (self.vision_mission.data or "").strip(),
            "organisation_values": (self.organisation_values.data or "").strip(),
        }

    def fill(self, activity: dict) -> None:
        self.title.data = activity["title"]
        self.steps.data = "\n".join(activity["steps"])
        self.output.data = activity["output"]
        self.start_day.data, self.end_day.data = activity["start_day"], activity["end_day"]
        for code, _name in CORE_VALUES:
            getattr(self, f"value_{code}").data = activity["values"].get(code, "")
        self.vision_mission.data = activity["vision_mission"]
        self.organisation_values.data = activity["organisation_values"]


ActivityForm = type(
    "ActivityForm",
    (_ActivityBase,),
    {f"value_{code}": TextAreaField(name, validators=[Length(max=MAX_TEXT)]) for code, name in CORE_VALUES},
)


class RemoveActivityForm(RevisionMixin, LmsForm):
    pass


class AttachmentForm(LmsForm):
    """One file for the plan, with what it is; the file itself is checked by its bytes (lms.aktualisasi.attachments)."""

    file = FileField(_l("Berkas lampiran"))
    caption = StringField(_l("Keterangan lampiran"), validators=[Optional(), Length(max=300)])


class RemoveAttachmentForm(LmsForm):
    pass


class TransitionForm(LmsForm):
    """A workflow action; `state` is the state the page showed (a click from an out-of-date page is refused)."""

    action = HiddenField()
    state = HiddenField()


def _comment_label(key: str):
    if key == "umum":
        return _l("Komentar untuk rancangan secara umum")
    if key.startswith("kegiatan-"):
        return _l("Komentar Anda untuk kegiatan ini")
    return _l("Komentar Anda untuk bagian ini")


def review_form_class(section_keys: list[str]):
    """A form with an optional comment per section key ('umum', 'isu', ..., 'kegiatan-<id>') and the action."""
    fields = {
        f"komentar_{key.replace('-', '_')}": TextAreaField(
            _comment_label(key), validators=[Optional(), Length(max=MAX_TEXT)]
        )
        for key in section_keys
    }
    return type("ReviewForm", (TransitionForm,), fields)


def unique_ids(form, prefix: str):
    """Give the visible fields of `form` ids of their own (`<prefix>-<name>`): the editor shows several forms with
    the same fields (every activity has a title), and a label must point at its own input. Names, and so the
    posted data, stay as they are."""
    for f in form:
        if f.type in ("HiddenField", "CSRFTokenField") or isinstance(f.widget, HiddenInput):
            continue
        f.id = f.label.field_id = f"{prefix}-{f.id}"
    return form
