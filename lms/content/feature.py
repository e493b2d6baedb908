"""How the content feature joins the app: its pages, and why a phase waits for its reading."""

from flask import Flask

from lms.content.progress import explain_unread
from lms.content.routes import bp
from lms.phases.progress import EXPLAIN_UNMET


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # Connected before the quiz feature's explainer: a lock page names the reading first.
    EXPLAIN_UNMET.connect(app, explain_unread)
