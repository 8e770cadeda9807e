"""Waspada: a quiz and lesson app on cybersex trafficking for Indonesian schools.

``create_app`` only wires: configuration, extensions, blueprints, CLI commands,
error pages and response headers. It runs no query, no migration and reads no
quiz bank; ``run.py`` loads the banks before serving (see ``app.content``).
"""

from __future__ import annotations

from flask import Flask

from app import sqlite
from app.extensions import babel, csrf, db, login
from app.i18n import select_locale
from app.web import errors, headers, health, inputs, metrics, request_log, templating


def create_app(config: object | None = None, *, serving: bool = False) -> Flask:
    """The app. ``serving=True`` (run.py, for gunicorn) leaves out what only the command
    line uses: Flask-Migrate with Alembic, and the CLI commands."""
    from config import Config

    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config if config is not None else Config())
    app.url_map.converters["int"] = inputs.DatabaseIdConverter  # before any route: ids past a column are 404

    sqlite.configure(app)  # before the engine exists: writers queue at a gate, never sleep
    db.init_app(app)
    if not serving:
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    login.init_app(app)
    login.session_protection = "basic"

    from app import security  # noqa: F401 - registers the user loader
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.counsellor import bp as counsellor_bp
    from app.lessons import bp as lessons_bp
    from app.main import bp as main_bp
    from app.modules import bp as modules_bp
    from app.student import bp as student_bp
    from app.teacher import bp as teacher_bp

    for blueprint in (main_bp, auth_bp, student_bp, teacher_bp, counsellor_bp, admin_bp, modules_bp, lessons_bp):
        app.register_blueprint(blueprint)

    app.before_request(security.enforce_access)
    app.before_request(inputs.refuse_nul_characters)  # after the gate: a stranger is sent to sign in first
    errors.register(app)
    headers.register(app)
    templating.register(app)
    request_log.register(app)  # a request id and one log line per request, metrics of each
    metrics.register(app)
    health.register(app)

    if not serving:
        from app.cli import register as register_cli

        register_cli(app)

    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    sqlite.enable_pragmas(app)
    return app
