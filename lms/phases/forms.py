"""Forms of the phases feature: an angkatan's phase schedule."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import InputRequired

from lms.core.forms import LmsForm


def schedule_form(phases, angkatan, formdata=None):
    """A form with an open and a close date per phase; built per request because phases are data."""

    class ScheduleForm(LmsForm):
        def validate(self, extra_validators=None):
            if not super().validate(extra_validators):
                return False
            ok, previous = True, None
            for phase in phases:
                opens, closes = self[f"opens_{phase.id}"], self[f"closes_{phase.id}"]
                if closes.data < opens.data:
                    closes.errors.append(_l("Tanggal tutup harus sama atau setelah tanggal buka."))
                    ok = False
                if previous is not None and opens.data < previous:
                    opens.errors.append(_l("Fase ini tidak boleh dibuka sebelum fase sebelumnya."))
                    ok = False
                previous = opens.data
            return ok

    existing = {s.phase_id: s for s in angkatan.schedule}
    for phase in phases:
        row = existing.get(phase.id)
        setattr(
            ScheduleForm,
            f"opens_{phase.id}",
            DateField(
                _l("%(name)s dibuka", name=phase.name),
                default=row.opens_on if row else None,
                validators=[InputRequired(_l("Isi tanggal buka."))],
            ),
        )
        setattr(
            ScheduleForm,
            f"closes_{phase.id}",
            DateField(
                _l("%(name)s ditutup", name=phase.name),
                default=row.closes_on if row else None,
                validators=[InputRequired(_l("Isi tanggal tutup."))],
            ),
        )
    return ScheduleForm(formdata=formdata, prefix="jadwal")
