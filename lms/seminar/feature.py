"""How the seminar feature joins the app: its pages, the check of the program's seminar rubrics in the content
import, and its section on the angkatan page."""

from flask import Flask

from lms.content.importer import CHECK_IMPORT
from lms.core.ledger_readers import CURRENT_VALUES
from lms.people.record import ANGKATAN_SECTIONS
from lms.program.sources import COMPONENT_SOURCES
from lms.seminar import (
    ledger_values,
    program_sources,
    scoring_routes,  # noqa: F401  (its views join the seminar blueprint)
)
from lms.seminar.program import check_rubric_files
from lms.seminar.routes import bp
from lms.seminar.sections import angkatan_section


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    CHECK_IMPORT.connect(app, check_rubric_files)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
    COMPONENT_SOURCES.connect(app, program_sources.component_sources)
    CURRENT_VALUES.connect(app, ledger_values.readers)
