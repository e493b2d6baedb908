"""The application factory: core's extensions, then every feature, bottom layer first."""

import logging
import sys

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import lms.models  # noqa: F401  (every model, so the metadata is whole for migrations and create_all)
from lms.admin import feature as admin
from lms.aktualisasi import feature as aktualisasi
from lms.attendance import feature as attendance
from lms.auth import feature as auth
from lms.authoring import feature as authoring
from lms.certificates import feature as certificates
from lms.cli import lms_cli
from lms.content import feature as content
from lms.core import errors, security_events, web
from lms.core.config import load_config
from lms.core.database import close_session_quietly
from lms.core.extensions import babel, compress, csrf, db, limiter, login_manager
from lms.core.i18n import select_locale, select_timezone
from lms.core.storage import init_storage
from lms.dashboard import feature as dashboard
from lms.discussion import feature as discussion
from lms.habituation import feature as habituation
from lms.home import feature as home
from lms.kelulusan import feature as kelulusan
from lms.outbox_pages import feature as outbox_pages
from lms.people import feature as people
from lms.phases import feature as phases
from lms.program import feature as program
from lms.quiz import feature as quiz
from lms.report import feature as report
from lms.seminar import feature as seminar
from lms.sikap import feature as sikap
from lms.tasks import feature as tasks

# Bottom layer first: a feature connects to the hooks of those below it (content's explainer before quiz's).
FEATURES = (
    auth,
    people,
    phases,
    admin,
    content,
    program,
    quiz,
    aktualisasi,
    attendance,
    tasks,
    sikap,
    seminar,
    habituation,
    report,
    authoring,
    dashboard,
    discussion,
    outbox_pages,
    kelulusan,
    certificates,
    home,
)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
    # A pooled PostgreSQL connection can die with the server (or a proxy's idle timeout): test it before
    # use. A SQLite file cannot, and the ping would be one more statement on every request. Decided on
    # the final URL, so a URL given in `config` gets it too.
    engine_options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    engine_options.setdefault("pool_pre_ping", not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"))
    if app.config["LMS_TRUST_PROXY"]:
        # Behind one reverse proxy (nginx): trust its X-Forwarded-For/-Proto, nothing more.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)

    register_extensions(app)
    register_features(app)
    register_errorhandlers(app)
    register_commands(app)
    web.register(app)
    security_events.register(app)
    logging.basicConfig(level=logging.INFO)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    # Registered after Flask-SQLAlchemy's teardown, so it runs first (teardowns run in reverse).
    app.teardown_appcontext(close_session_quietly)
    if "gunicorn" not in sys.modules:
        # `flask db ...` and the tests migrate; a gunicorn worker never does, and Alembic would add
        # ~10 MB to each one.
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    init_storage(app)  # uploads of every feature (tasks now, aktualisasi evidence next) go through one store
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories="../translations",
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Silakan masuk untuk melanjutkan."
    login_manager.login_message_category = "info"


def register_features(app: Flask) -> None:
    """Each feature registers its pages and connects to the hooks of the features below it, bottom up."""
    for feature in FEATURES:
        feature.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    errors.register(app)


def register_commands(app: Flask) -> None:
    app.cli.add_command(lms_cli)
