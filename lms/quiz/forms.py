"""Forms of the staff's quiz actions."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from lms.core.forms import ReasonForm

# A regrade or an exception changes a participant's standing: its reason is required, and says something.
REASON_MIN = 10


class ExceptionForm(ReasonForm):
    phase_id = SelectField(_l("Fase yang dianggap selesai"), coerce=int)
