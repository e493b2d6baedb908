"""How the people feature joins the app: its pages (the angkatan pages, the participant record, the import),
and the one "can manage people" check for every template."""

from flask import Flask

from lms.people import import_routes, record_routes  # noqa: F401  (their views join the people blueprint)
from lms.people.access import can_manage_people
from lms.people.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(can_manage_people)
