"""How the certificates feature joins the app: its pages."""

from flask import Flask

from lms.certificates.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
