"""Fixtures shared by every test: an app with a fresh schema, clients, sign-in.

SQLite in memory by default; with ``KMI_TEST_DATABASE_URL`` the same tests run on
PostgreSQL, each xdist worker in a schema of its own, tables emptied between tests.
"""
from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import create_engine, text

from kmi_learn import create_app
from kmi_learn.extensions import db
from tests import factories

PG_URL = os.environ.get("KMI_TEST_DATABASE_URL")
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _worker_schema() -> str:
    return "kmi_test_" + os.environ.get("PYTEST_XDIST_WORKER", "main")


def _database_url() -> str:
    if not PG_URL:
        return "sqlite://"
    schema = _worker_schema()
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def database_url() -> str:
    return _database_url()


@pytest.fixture(scope="session")
def _pg_schema_ready(database_url):
    """On PostgreSQL the schema is made once; tests then empty the tables."""
    return {"created": False}


def make_app(database_url: str, **extra):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
        "KMI_CHEAP_PASSWORD_HASHING": True,
    }
    config.update(extra)
    return create_app(config)


@pytest.fixture
def app(database_url, _pg_schema_ready, tmp_path):
    app = make_app(database_url, COURSES_PATH=str(tmp_path / "courses"))
    with app.app_context():
        if database_url.startswith("sqlite") or not _pg_schema_ready["created"]:
            db.create_all()
            _pg_schema_ready["created"] = True
        else:
            _truncate_all()
        yield app
        db.session.remove()
        db.engine.dispose()  # an in-memory SQLite database goes with its connection


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


class Client:
    """A test client that sends the CSRF token of the page, like a browser does.

    Each request runs in an application context of its own, as in production:
    otherwise the test's context (and its ``g``, where Flask-Login caches the
    user) would be shared by every request and every client. The test's own
    session is expired afterwards so that it reads what the request wrote.
    """

    def __init__(self, flask_client):
        self.raw = flask_client

    def _call(self, method: str, *args, **kwargs):
        with self.raw.application.app_context():
            response = getattr(self.raw, method)(*args, **kwargs)
        db.session.expire_all()
        return response

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def token(self, page: str = "/") -> str:
        page_html = self.get(page, follow_redirects=True).get_data(as_text=True)
        match = CSRF_INPUT.search(page_html)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def post(self, url: str, data=None, *, token_from: str = "/", csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.token(token_from)
        return self._call("post", url, data=data, **kwargs)


@pytest.fixture
def client(app) -> Client:
    return Client(app.test_client())


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sign_in(app):
    """``sign_in(role)`` -> (client, user): a new user of that role, signed in."""

    def _sign_in(role: str = "delegate", client: Client | None = None, **fields):
        client = client or Client(app.test_client())
        user = factories.make_user(role=role, **fields)
        db.session.commit()
        response = client.post("/signin", {"email": user.email,
                                           "password": factories.PASSWORD},
                               token_from="/signin")
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client, user

    return _sign_in


@pytest.fixture
def threaded_app(app, database_url, tmp_path):
    """An app whose database several threads can share, each in its own context:
    PostgreSQL when the suite runs on it, else SQLite in a file (an in-memory
    database is one per connection)."""
    if not database_url.startswith("sqlite"):
        yield app
        return
    other = make_app(f"sqlite:///{tmp_path / 'threads.sqlite3'}",
                     COURSES_PATH=str(tmp_path / "courses"))
    with other.app_context():
        db.create_all()
        yield other
        db.session.remove()
        db.engine.dispose()
