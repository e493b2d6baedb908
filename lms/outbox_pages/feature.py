"""How the outbox pages join the app."""

from flask import Flask

from lms.outbox_pages.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
