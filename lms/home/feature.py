"""How the home pages join the app."""

from flask import Flask

from lms.home.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
