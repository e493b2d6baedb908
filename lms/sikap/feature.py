"""How the sikap feature joins the app: its pages, the `sikap` component source of the program, and its parts of
the angkatan page and the participant record."""

from flask import Flask

from lms.people.record import ANGKATAN_SECTIONS, RECORD_SECTIONS
from lms.program.sources import COMPONENT_SOURCES
from lms.sikap import recap
from lms.sikap.routes import bp
from lms.sikap.sections import angkatan_section, record_section


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    COMPONENT_SOURCES.connect(app, recap.component_sources)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
    RECORD_SECTIONS.connect(app, record_section)
