"""The JP ledger on the participant record: the participant's JP per phase out of their program's."""

from flask_babel import gettext as _

from lms.auth.models import User
from lms.dashboard.jp_ledger import participant_account, program_of
from lms.people.record import Section


def record_section(person: User, viewer: User) -> Section | None:
    enrolment = person.enrolment
    if enrolment is None:
        return None
    account = participant_account(person.id, program_of(enrolment.angkatan_id))
    return Section(_("JP per fase"), "dashboard/_jp_section.html", {"account": account}, anchor="jp")
