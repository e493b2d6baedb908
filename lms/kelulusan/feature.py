"""How kelulusan joins the app: the recap's pages and its link on the angkatan page, and the ratification's pages,
sections and cards."""

from flask import Flask

from lms.kelulusan.ratification_feature import init_ratification
from lms.kelulusan.recap_routes import bp as recap_bp
from lms.kelulusan.recap_sections import angkatan_section
from lms.people.record import ANGKATAN_SECTIONS


def init_app(app: Flask) -> None:
    app.register_blueprint(recap_bp)
    ANGKATAN_SECTIONS.connect(app, angkatan_section)
    init_ratification(app)
