"""Forms of the question editor, the bank upload and the quiz settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms.core.forms import LmsForm, LmsSubForm, MultilineHiddenField
from lms.quiz.banks import MAX_QUESTION_CHARS
from lms.quiz.models import SCORE_POLICIES
from lms.quiz.review import ITEM_LABELS, ITEMS, MOMENT_LABELS, MOMENTS

KINDS = [
    ("single", _l("Pilihan tunggal (satu jawaban benar)")),
    ("multiple", _l("Pilihan ganda berbobot (beberapa jawaban benar)")),
    ("truefalse", _l("Benar/salah")),
]
POLICY_LABELS = {"highest": _l("Nilai tertinggi"), "last": _l("Percobaan terakhir"), "first": _l("Percobaan pertama")}
OPTION_ROWS = 6


class OptionRow(LmsSubForm):
    text = StringField(_l("Teks pilihan"), validators=[Optional(), Length(max=2000)])
    percent = StringField(_l("Nilai (%)"), validators=[Optional(), Length(max=10)])
    feedback = StringField(_l("Umpan balik"), validators=[Optional(), Length(max=2000)])


class QuestionForm(LmsForm):
    key = StringField(
        _l("Kode soal"),
        validators=[DataRequired(_l("Isi kode soal, misalnya WK-18 Judul singkat.")), Length(max=200)],
    )
    kind = SelectField(_l("Jenis soal"), choices=KINDS, default="single")
    text = TextAreaField(
        _l("Teks soal (markdown)"),
        validators=[
            DataRequired(_l("Isi teks soal.")),
            Length(max=MAX_QUESTION_CHARS, message=_l("Teks soal terlalu panjang (maksimal 10.000 karakter).")),
        ],
    )
    options = FieldList(FormField(OptionRow), min_entries=OPTION_ROWS, max_entries=12)
    truth = SelectField(
        _l("Jawaban benar (soal benar/salah)"),
        choices=[("", "—"), ("benar", _l("Pernyataan itu benar")), ("salah", _l("Pernyataan itu salah"))],
        default="",
    )
    right_feedback = StringField(_l("Umpan balik bila menjawab tepat"), validators=[Optional(), Length(max=2000)])
    wrong_feedback = StringField(_l("Umpan balik bila menjawab keliru"), validators=[Optional(), Length(max=2000)])


class BankUploadForm(LmsForm):
    file = FileField(
        _l("Berkas GIFT (.gift) atau Aiken (.aiken, .txt)"), validators=[FileRequired(_l("Pilih berkas."))]
    )
    replace = BooleanField(_l("Ganti seluruh bank: soal yang tidak ada di berkas dinonaktifkan"))


class BankConfirmForm(LmsForm):
    filename = HiddenField(validators=[DataRequired(), Length(max=255)])
    text = MultilineHiddenField(validators=[DataRequired()])
    replace = HiddenField()


class QuizSettingsForm(LmsForm):
    title = StringField(_l("Nama evaluasi"), validators=[DataRequired(_l("Isi nama evaluasi.")), Length(max=200)])
    pass_threshold = DecimalField(
        _l("Nilai minimal lulus (0-100)"),
        places=2,
        validators=[InputRequired(_l("Isi nilai minimal.")), NumberRange(0, 100, _l("Nilai minimal 0 sampai 100."))],
    )
    requires_reading = BooleanField(_l("Buka setelah semua modul agenda ini selesai dibaca"))
    anonymous_grading = BooleanField(_l("Nilai esai tanpa nama peserta (penilaian anonim)"))
    questions_per_attempt = IntegerField(
        _l("Soal per percobaan (kosong: semua soal)"),
        validators=[Optional(), NumberRange(1, 500, _l("Soal per percobaan 1 sampai 500."))],
    )
    shuffle_questions = BooleanField(_l("Acak urutan soal"))
    shuffle_options = BooleanField(_l("Acak urutan pilihan"))
    max_attempts = IntegerField(
        _l("Kesempatan (kosong: tanpa batas)"),
        validators=[Optional(), NumberRange(1, 100, _l("Kesempatan 1 sampai 100."))],
    )
    time_limit_minutes = IntegerField(
        _l("Batas waktu dalam menit (kosong: tanpa batas)"),
        validators=[Optional(), NumberRange(1, 600, _l("Batas waktu 1 sampai 600 menit."))],
    )
    wait_minutes = IntegerField(
        _l("Jeda antarpercobaan (menit)"),
        default=0,
        validators=[
            InputRequired(_l("Isi jeda (0 bila tanpa jeda).")),
            NumberRange(0, 10080, _l("Jeda 0 sampai 10080 menit.")),
        ],
    )
    score_policy = SelectField(_l("Nilai yang dihitung"), choices=[(k, POLICY_LABELS[k]) for k in SCORE_POLICIES])


def _review_field(item: str) -> SelectMultipleField:
    """One row of the review grid: the moments at which this item is shown, as checkboxes."""
    return SelectMultipleField(
        ITEM_LABELS[item],
        choices=[(moment, MOMENT_LABELS[moment]) for moment in MOMENTS],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_choice_message=_l("Pilihan saat tampil tidak dikenal."),
    )


for _item in ITEMS:
    setattr(QuizSettingsForm, f"show_{_item}", _review_field(_item))


def review_form_data(review: dict) -> dict:
    """The quiz's review options as the form's show_* defaults."""
    return {f"show_{item}": moments for item, moments in review.items()}


def review_from_form(data: dict) -> dict:
    """The show_* fields taken out of the form's data, as the `review:` value of the quiz block."""
    return {item: data.pop(f"show_{item}") for item in ITEMS}
