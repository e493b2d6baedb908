"""How the people feature joins the app: its pages (the angkatan pages, the participant record, the imports,
the coach/mentor/penguji pages and sections) and the one "can manage people" check for every template."""

from flask import Flask

from lms.people import (  # noqa: F401  (their views join the people blueprint)
    assignment_routes,
    import_routes,
    record_routes,
    relation_routes,
)
from lms.people.access import can_manage_people
from lms.people.record import ANGKATAN_SECTIONS, RECORD_SECTIONS
from lms.people.relation_sections import angkatan_section, record_section
from lms.people.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(can_manage_people)
    # Coach, mentor and penguji: people's own sections, first on the record and the angkatan page.
    RECORD_SECTIONS.connect(app, record_section)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
