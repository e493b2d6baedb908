"""How the quiz feature joins the app: its pages, its part of the content import and of the phase page,
gating, and its parts of the participant record."""

from flask import Flask

from lms.content.importer import APPLY_IMPORT, CHECK_IMPORT
from lms.content.phase_parts import PHASE_PAGE_PARTS
from lms.content.progress import LESSON_DONE
from lms.core.ledger_readers import CURRENT_VALUES
from lms.people.record import RECORD_SECTIONS
from lms.phases.progress import EXPLAIN_UNMET
from lms.program.sources import COMPONENT_SOURCES
from lms.quiz import importer, ledger_values, program_sources, record
from lms.quiz.completion import complete_after_reading, explain_unmet
from lms.quiz.grading_routes import bp as grading_bp
from lms.quiz.routes import bp, phase_page_part
from lms.quiz.staff_routes import bp as staff_bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(grading_bp)
    CHECK_IMPORT.connect(app, importer.check_import)
    APPLY_IMPORT.connect(app, importer.apply_import)
    EXPLAIN_UNMET.connect(app, explain_unmet)
    LESSON_DONE.connect(app, complete_after_reading)
    RECORD_SECTIONS.connect(app, record.requirement_sections)
    RECORD_SECTIONS.connect(app, record.attempts_section)
    PHASE_PAGE_PARTS.connect(app, phase_page_part)
    COMPONENT_SOURCES.connect(app, program_sources.component_sources)
    CURRENT_VALUES.connect(app, ledger_values.readers)
