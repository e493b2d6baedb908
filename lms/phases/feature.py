"""How the phases feature joins the app: the schedule form, and its parts of people's pages."""

from flask import Flask

from lms.core.ledger_readers import CURRENT_VALUES
from lms.people.record import ANGKATAN_SECTIONS, RECORD_SECTIONS
from lms.phases import ledger_values, sections
from lms.phases.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    ANGKATAN_SECTIONS.connect(app, sections.schedule_section)
    # Connected before the quiz and discussion features: the record shows the phases first.
    RECORD_SECTIONS.connect(app, sections.record_section)
    CURRENT_VALUES.connect(app, ledger_values.readers)
