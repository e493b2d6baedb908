"""How accounts join the app: the login pages, and the session loader."""

from flask import Flask

from lms.auth.routes import bp
from lms.auth.sessions import load_user_by_session_token
from lms.core.extensions import login_manager


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    login_manager.user_loader(load_user_by_session_token)
