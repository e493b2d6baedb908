"""The scoring sheet's form: the note, the reason of a correction, and the revision the page showed. The rubric's
levels come as radio buttons `kriteria-<i>`, read (and every other field refused) by lms.sikap.scoring.read_form."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from lms.core.forms import LmsForm
from lms.sikap.scoring import MAX_NOTES


class SheetForm(LmsForm):
    notes = TextAreaField(_l("Catatan (tidak wajib)"), validators=[Length(max=MAX_NOTES)])
    reason = TextAreaField(_l("Alasan koreksi"), validators=[Length(max=MAX_NOTES)])
    revision = HiddenField()
