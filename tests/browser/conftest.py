"""Fixtures of the browser tests: a live server with the real course, and Chromium.

The server is the real app, served by werkzeug in a thread of this process, on a
SQLite file (or PostgreSQL when ``KMI_TEST_DATABASE_URL`` is set), with its schema
made by the migrations and the first module of the real IML course synced into it.
The tests read the database through :func:`db_read` to know which answers are right.
"""
from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kmi_learn import create_app
from kmi_learn.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]
REAL_COURSE = Path(__file__).resolve().parents[2] / "courses" / "iml"
COURSE_FILES = ("course.yaml", "instruments.yaml", "glossary.yaml")
FIRST_MODULE = "01-foundations"


def _database_url(tmp: Path) -> tuple[str, Callable[[], None]]:
    """The URL of a fresh database and a function that drops it afterwards."""
    pg_url = os.environ.get("KMI_TEST_DATABASE_URL")
    if not pg_url:
        return f"sqlite:///{tmp / 'browser.sqlite3'}", lambda: None
    from kmi_learn.config import normalise_database_url

    schema = "kmi_browser_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    engine = create_engine(normalise_database_url(pg_url))

    def run(statement: str) -> None:
        with engine.begin() as conn:
            conn.execute(text(statement))

    run(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    run(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in pg_url else "?"

    def drop() -> None:
        run(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        engine.dispose()

    return f"{pg_url}{separator}options=-csearch_path%3D{schema}", drop


def _copy_first_module(courses: Path) -> None:
    course = courses / "iml"
    course.mkdir(parents=True)
    for name in COURSE_FILES:
        shutil.copy2(REAL_COURSE / name, course / name)
    shutil.copytree(REAL_COURSE / FIRST_MODULE, course / FIRST_MODULE)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app behind the live server, its schema migrated and the course synced."""
    import flask_migrate

    from kmi_learn.catalog.sync import sync_path

    tmp = tmp_path_factory.mktemp("browser")
    courses = tmp / "courses"
    _copy_first_module(courses)
    url, drop = _database_url(tmp)
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test-secret-key",
        "DATABASE_URL": url,
        "COURSES_PATH": str(courses),
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    })
    with app.app_context():
        flask_migrate.upgrade()  # the migrations, not create_all: they are under test too
        report = sync_path(courses)
        assert not report.problems, "\n".join(map(str, report.problems))
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The base URL of the app, served on 127.0.0.1 by werkzeug in a daemon thread."""
    from werkzeug.serving import make_server

    # alembic's logging setup lets werkzeug log every request; failures read better without.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def db_read(live_app):
    """``with db_read(): ...`` opens a fresh app context to read what the server wrote."""

    @contextmanager
    def _read():
        with live_app.app_context():
            try:
                yield db.session
            finally:
                db.session.remove()

    return _read


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it with "
                    "`apt-get install -y chromium` (CI installs it); the browser tests "
                    "never download a browser.", pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)  # a loaded CI machine is slower than 5 s at times
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh browser profile (no cookies) per test, with the app as its base URL."""
    ctx = browser.new_context(base_url=live_server, locale="en-GB")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
