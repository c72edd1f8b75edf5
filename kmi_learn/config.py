"""Configuration: defaults, then ``KMI_*`` environment variables, then a test mapping.

Every setting has a default that works on one machine with SQLite; production sets
``KMI_ENV=production`` and at least ``KMI_SECRET_KEY`` and ``KMI_DATABASE_URL``.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "ENV": "development",
    "SECRET_KEY": None,
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "REDIS_URL": None,  # None: rate limits kept in memory (one process)
    "COURSES_PATH": None,  # None: courses/ beside the package
    "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
    "VERIFY_RATE_LIMIT": "30 per minute",  # public certificate verification, per IP
    "SESSION_HOURS": 12,
    "SECURE_COOKIES": None,  # None: on in production, off elsewhere
    "LANGUAGES": "en,fr,es",
    # Proxies in front of the app (a load balancer: 1). Their X-Forwarded-* headers
    # give the client's address, which rate limits key on; 0 trusts none.
    "TRUSTED_PROXIES": 0,
    # Outgoing mail (roster set-password links). No host: nothing is mailed, the
    # trainer copies or downloads the links. Strings default to "" so that a value
    # such as "on" is never read as a boolean.
    "SMTP_HOST": "",
    "SMTP_PORT": 587,  # 465: implicit TLS; otherwise STARTTLS when the server offers it
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_FROM": "",
}

_BOOL = {"1": True, "true": True, "yes": True, "on": True,
         "0": False, "false": False, "no": False, "off": False}


def _coerce(default: Any, raw: str) -> Any:
    if isinstance(default, bool) or default is None and raw.lower() in _BOOL:
        return _BOOL.get(raw.lower(), raw)
    if isinstance(default, int):
        return int(raw)
    return raw


def from_environment(environ: os._Environ | dict[str, str] = os.environ) -> dict[str, Any]:
    """The settings named ``KMI_<NAME>`` in the environment, over the defaults."""
    settings = dict(DEFAULTS)
    for name, default in DEFAULTS.items():
        raw = environ.get(f"KMI_{name}")
        if raw is not None and raw != "":
            settings[name] = _coerce(default, raw)
    return settings


def development_secret(instance_path: str) -> str:
    """A secret key kept in the instance folder, made on the first development run.

    Kept on disk so that sessions survive a restart of the development server.
    """
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Create with 0600 so that the key is never readable by other users.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def flask_config(settings: dict[str, Any], instance_path: str, root_path: str) -> dict[str, Any]:
    """Translate kmi settings into the keys Flask and its extensions read."""
    production = settings["ENV"] == "production"
    secret = settings["SECRET_KEY"]
    if not secret:
        if production or settings.get("TESTING"):
            if production:
                raise RuntimeError(
                    "KMI_SECRET_KEY must be set when KMI_ENV=production; refusing to start."
                )
        else:
            secret = development_secret(instance_path)
    database_url = settings["DATABASE_URL"] or (
        "sqlite:///" + str(Path(instance_path) / "kmi_learn.sqlite3")
    )
    database_url = normalise_database_url(database_url)
    secure = settings["SECURE_COOKIES"]
    if secure is None:
        secure = production
    courses = settings["COURSES_PATH"] or default_courses_path(root_path)
    return {
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "KMI_COURSES_PATH": courses,
        "KMI_ENV": settings["ENV"],
        "KMI_LANGUAGES": [s.strip() for s in str(settings["LANGUAGES"]).split(",") if s.strip()],
        "KMI_TRUSTED_PROXIES": int(settings["TRUSTED_PROXIES"]),
        "BABEL_DEFAULT_LOCALE": "en",
        "KMI_LOGIN_RATE_LIMIT": settings["LOGIN_RATE_LIMIT"],
        "KMI_VERIFY_RATE_LIMIT": settings["VERIFY_RATE_LIMIT"],
        "RATELIMIT_STORAGE_URI": settings["REDIS_URL"] or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "PERMANENT_SESSION_LIFETIME": int(settings["SESSION_HOURS"]) * 3600,
        "SESSION_COOKIE_HTTPONLY": True,
        # The sign-in's lifetime is kept on the server (auth_session.expires_at):
        # no need to re-sign and resend the cookie on every response.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # a quiz page may stay open for hours
        "KMI_SMTP_HOST": settings["SMTP_HOST"],
        "KMI_SMTP_PORT": int(settings["SMTP_PORT"]),
        "KMI_SMTP_USER": settings["SMTP_USER"],
        "KMI_SMTP_PASSWORD": settings["SMTP_PASSWORD"],
        "KMI_SMTP_FROM": settings["SMTP_FROM"],
    }


def default_courses_path(root_path: str) -> str:
    """``courses/`` of the checkout the package runs from (an editable install), else
    of the working directory (a package installed into site-packages)."""
    beside = Path(root_path).parent / "courses"
    if beside.is_dir() or not (Path.cwd() / "courses").is_dir():
        return str(beside)
    return str(Path.cwd() / "courses")


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # Wait for a writer instead of failing with "database is locked".
        return {"connect_args": {"timeout": 15}}
    return {"pool_pre_ping": True}
