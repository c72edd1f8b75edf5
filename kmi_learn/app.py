"""The application factory: configuration, extensions, blueprints, errors, CLI."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask, render_template
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from kmi_learn import config as kmi_config
from kmi_learn.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. ``test_config`` holds kmi settings (``DATABASE_URL``...) and
    raw Flask keys; it is applied over the environment."""
    app = Flask(__name__, instance_relative_config=False)
    settings = kmi_config.from_environment()
    test_config = dict(test_config or {})
    for name in list(test_config):
        if name in kmi_config.DEFAULTS:
            settings[name] = test_config.pop(name)
    settings["TESTING"] = test_config.get("TESTING", False)
    app.config.update(kmi_config.flask_config(settings, app.instance_path, app.root_path))
    app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    proxies = app.config["KMI_TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=proxies, x_port=proxies)

    register_extensions(app)
    import_models()
    register_blueprints(app)
    register_errors(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from kmi_learn import i18n
    from kmi_learn.accounts import auth
    from kmi_learn.security import register_security

    db.init_app(app)
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table.
    migrate.init_app(app, db, directory=_migrations_dir(), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    auth.init_login(app, login_manager)
    i18n.register(app)
    register_security(app)


def _migrations_dir() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL for concurrent readers, foreign keys enforced, wait instead of failing."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def import_models() -> None:
    """Every table must be known to the metadata (create_all, Alembic autogenerate)."""
    from kmi_learn.accounts import models as _accounts  # noqa: F401
    from kmi_learn.audit import models as _audit  # noqa: F401
    from kmi_learn.catalog import models as _catalog  # noqa: F401
    from kmi_learn.certificates import models as _certificates  # noqa: F401
    from kmi_learn.cohorts import models as _cohorts  # noqa: F401
    from kmi_learn.learning import models as _learning  # noqa: F401
    from kmi_learn.quizzes import models as _quizzes  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from kmi_learn.accounts import password_link_views as _links  # noqa: F401  its routes
    from kmi_learn.accounts.admin_views import bp as admin_bp
    from kmi_learn.accounts.views import bp as accounts_bp
    from kmi_learn.audit.views import bp as audit_bp
    from kmi_learn.authoring.stats_views import bp as authoring_stats_bp
    from kmi_learn.authoring.transfer_views import bp as authoring_transfer_bp
    from kmi_learn.authoring.views import bp as authoring_bp
    from kmi_learn.catalog.views import bp as catalog_bp
    from kmi_learn.certificates import services as _certs  # noqa: F401  completion hook
    from kmi_learn.certificates.views import bp as certificates_bp
    from kmi_learn.cohorts.views import bp as cohorts_bp
    from kmi_learn.learning.views import bp as learning_bp
    from kmi_learn.quizzes import sync as _quiz_sync  # noqa: F401  registers its sync step
    from kmi_learn.quizzes.views import bp as quizzes_bp
    from kmi_learn.reports.views import bp as reports_bp

    for blueprint in (accounts_bp, admin_bp, catalog_bp, learning_bp, quizzes_bp, cohorts_bp,
                      reports_bp, certificates_bp, authoring_bp, authoring_stats_bp,
                      authoring_transfer_bp, audit_bp):
        app.register_blueprint(blueprint)


def register_errors(app: Flask) -> None:
    def render_error(error):
        code = getattr(error, "code", 500) or 500
        return render_template("errors/error.html", code=code, error=error), code

    for code in (400, 403, 404, 405, 409, 429, 500):
        app.register_error_handler(code, render_error)


def register_commands(app: Flask) -> None:
    from kmi_learn.accounts.cli import users
    from kmi_learn.authoring.export_cli import export
    from kmi_learn.catalog.cli import courses
    from kmi_learn.catalog.sync_cli import sync
    from kmi_learn.demo import demo

    courses.add_command(sync)
    courses.add_command(export)
    app.cli.add_command(users)
    app.cli.add_command(courses)
    app.cli.add_command(demo)
