"""Headers, configuration and the rules that hold on every page."""
from __future__ import annotations

import pytest

from kmi_learn import create_app
from tests import factories


def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert client.get("/nope").headers["Content-Security-Policy"] == csp


def test_no_inline_script_in_pages(app, tmp_path, sign_in):
    factories.sync(factories.write_course(tmp_path / "courses"))
    client, _ = sign_in()
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    for url in ("/", "/courses/demo/", "/courses/demo/modules/module-1/lesson-1",
                "/courses/demo/modules/module-1/quiz", "/signin"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("KMI_ENV", "production")
    monkeypatch.delenv("KMI_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="KMI_SECRET_KEY"):
        create_app({"DATABASE_URL": "sqlite://"})


def test_production_sets_secure_cookies(monkeypatch):
    monkeypatch.setenv("KMI_ENV", "production")
    monkeypatch.setenv("KMI_SECRET_KEY", "s" * 40)
    app = create_app({"DATABASE_URL": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]


def test_development_keeps_a_secret_key_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("KMI_SECRET_KEY", raising=False)
    monkeypatch.delenv("KMI_ENV", raising=False)
    from kmi_learn.config import development_secret

    first = development_secret(str(tmp_path))
    assert first == development_secret(str(tmp_path)) and len(first) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_variables_configure_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("KMI_DATABASE_URL", "postgres://u@h/db")
    monkeypatch.setenv("KMI_REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("KMI_SESSION_HOURS", "2")
    from kmi_learn.config import flask_config, from_environment

    config = flask_config(from_environment(), str(tmp_path), str(tmp_path / "pkg"))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert config["PERMANENT_SESSION_LIFETIME"] == 7200


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    from sqlalchemy import text

    from kmi_learn.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 15000
        db.engine.dispose()


@pytest.mark.parametrize("role, status", [("delegate", 403), ("trainer", 403),
                                          ("facilitator", 403), ("admin", 200)])
def test_only_admins_reach_the_user_list(sign_in, role, status):
    client, _ = sign_in(role)
    assert client.get("/admin/users").status_code == status


def test_admin_changes_a_role_and_cannot_demote_themselves(sign_in):
    from kmi_learn.accounts.models import User
    from kmi_learn.extensions import db

    admin, me = sign_in("admin")
    _other_client, other = sign_in("delegate")
    page = admin.get("/admin/users?q=delegate").get_data(as_text=True)
    assert other.email in page
    admin.post(f"/admin/users/{other.id}/role", {"role": "trainer"}, token_from="/admin/users")
    assert db.session.get(User, other.id).role == "trainer"
    response = admin.post(f"/admin/users/{me.id}/role", {"role": "delegate"},
                          token_from="/admin/users", follow_redirects=True)
    assert "You cannot take the admin role away from yourself." in response.get_data(as_text=True)
    assert db.session.get(User, me.id).role == "admin"
    assert admin.post(f"/admin/users/{other.id}/role", {"role": "emperor"},
                      token_from="/admin/users").status_code == 302
    assert db.session.get(User, other.id).role == "trainer"


def test_users_create_command(runner):
    result = runner.invoke(args=["users", "create", "--email", "F@Example.org", "--name",
                                 "Fatou", "--role", "facilitator", "--password",
                                 "a long password"])
    assert result.exit_code == 0, result.output
    assert "Created facilitator f@example.org" in result.output
    again = runner.invoke(args=["users", "create", "--email", "f@example.org", "--name", "F",
                                "--password", "a long password"])
    assert again.exit_code != 0 and "already exists" in again.output


def test_names_typed_by_people_are_escaped(app, tmp_path, sign_in):
    admin, _ = sign_in("admin")
    sign_in("delegate", name='<img src=x onerror="alert(1)">')
    html = admin.get("/admin/users").get_data(as_text=True)
    assert '<img src=x onerror' not in html and "&lt;img src=x onerror=" in html
