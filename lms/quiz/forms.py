"""Forms of the staff's quiz actions."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from lms.core.forms import ReasonForm

# A regrade or an exception changes a participant's standing: its reason is required, and says something.
REASON_MIN = 10


class ExceptionForm(ReasonForm):
    phase_id = SelectField(_l("Fase yang dianggap selesai"), coerce=int)


class EssayGradeForm(ReasonForm):
    """The feedback and, for a change of an existing grade, the reason; the levels per criterion are radio
    buttons named kriteria-<index>, read by lms.quiz.essay_grading.chosen_levels."""

    feedback = TextAreaField(
        _l("Umpan balik untuk peserta"),
        validators=[Length(max=5000, message=_l("Umpan balik paling banyak 5000 karakter."))],
    )
