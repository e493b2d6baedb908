"""Latsar LMS: the application factory."""

import logging
import sys

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from lms.config import load_config
from lms.extensions import babel, compress, csrf, db, limiter, login_manager


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
    register_blueprints(app)
    register_features(app)
    register_errorhandlers(app)
    register_commands(app)
    from lms.core import security_events, web

    web.register(app)
    security_events.register(app)
    logging.basicConfig(level=logging.INFO)
    return app


def register_extensions(app: Flask) -> None:
    from lms.core.i18n import select_locale, select_timezone
    from lms.database import close_session_quietly

    db.init_app(app)
    # Registered after Flask-SQLAlchemy's teardown, so it runs first (teardowns run in reverse).
    app.teardown_appcontext(close_session_quietly)
    if "gunicorn" not in sys.modules:
        # `flask db ...` and the tests migrate; a gunicorn worker never does, and Alembic would add
        # ~10 MB to each one.
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
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

    from lms.auth.sessions import load_user_by_session_token

    login_manager.user_loader(load_user_by_session_token)
    # Import every model so metadata is complete for migrations and create_all in tests.
    import lms.models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from lms.admin.routes import bp as admin_bp
    from lms.auth.routes import bp as auth_bp
    from lms.authoring.quiz_routes import bp as authoring_quiz_bp
    from lms.authoring.routes import bp as authoring_bp
    from lms.content.routes import bp as content_bp
    from lms.core.routes import bp as core_bp
    from lms.dashboard.routes import bp as dashboard_bp
    from lms.discussion.notification_routes import bp as notifications_bp
    from lms.discussion.routes import bp as discussion_bp
    from lms.discussion.staff_routes import bp as discussion_staff_bp
    from lms.people.routes import bp as people_bp
    from lms.quiz.routes import bp as quiz_bp
    from lms.quiz.staff_routes import bp as quiz_staff_bp

    for bp in (
        core_bp,
        auth_bp,
        people_bp,
        admin_bp,
        content_bp,
        quiz_bp,
        quiz_staff_bp,
        dashboard_bp,
        authoring_bp,
        authoring_quiz_bp,
        discussion_bp,
        discussion_staff_bp,
        notifications_bp,
    ):
        app.register_blueprint(bp)


def register_features(app: Flask) -> None:
    """Features that plug into others: quiz banks into the content import, quiz results into gating."""
    from lms.content.importer import EXTENSIONS
    from lms.content.progress import AFTER_LESSON_DONE, explain_unread
    from lms.phases.progress import UNMET_EXPLAINERS
    from lms.quiz.completion import complete_after_reading, explain_unmet
    from lms.quiz.importer import QuizExtension

    if not any(isinstance(e, QuizExtension) for e in EXTENSIONS):
        EXTENSIONS.append(QuizExtension())
    # A gated phase waits for its material read and its quizzes passed: the lock says both, reading first.
    for explainer in (explain_unread, explain_unmet):
        if explainer not in UNMET_EXPLAINERS:
            UNMET_EXPLAINERS.append(explainer)
    if complete_after_reading not in AFTER_LESSON_DONE:
        AFTER_LESSON_DONE.append(complete_after_reading)

    from lms.dashboard.reports import PARTICIPANT_COLUMNS
    from lms.dashboard.routes import RECORD_SECTIONS
    from lms.discussion.participation import posts_column, record_section

    PARTICIPANT_COLUMNS["posts"] = posts_column
    if record_section not in RECORD_SECTIONS:
        RECORD_SECTIONS.append(record_section)


def register_errorhandlers(app: Flask) -> None:
    from lms.core.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from lms.cli import lms_cli

    app.cli.add_command(lms_cli)
