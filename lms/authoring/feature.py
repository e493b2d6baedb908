"""How the authoring feature joins the app: its pages."""

from flask import Flask

from lms.authoring.quiz_routes import bp as quiz_bp
from lms.authoring.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(quiz_bp)
