"""How the tasks feature joins the app: its pages, the file storage, and its section on the angkatan page."""

from flask import Flask

from lms.core.storage import init_storage
from lms.people.record import ANGKATAN_SECTIONS
from lms.tasks import grading_routes, staff_routes  # noqa: F401  (their views join the tasks blueprint)
from lms.tasks.grading import points_text
from lms.tasks.routes import bp
from lms.tasks.sections import angkatan_section


def init_app(app: Flask) -> None:
    init_storage(app)
    app.register_blueprint(bp)
    app.add_template_filter(points_text, "poin")
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
