"""How the certificates feature joins the app: its pages and its section on the angkatan page."""

from flask import Flask

from lms.certificates.routes import bp
from lms.certificates.sections import angkatan_section
from lms.people.record import ANGKATAN_SECTIONS


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
