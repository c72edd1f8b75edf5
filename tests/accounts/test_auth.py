"""Sign up, sign in, sign out, passwords, and sessions that end on the server."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kmi_learn.accounts.models import AuthSession, User
from kmi_learn.extensions import db
from tests import factories
from tests.conftest import Client


def sign_up(client: Client, **overrides):
    data = {"name": "Amina Diallo", "email": "Amina@Mission.example", "organisation": "Mission",
            "country": "Senegal", "password": "a long enough pass", "confirm": "a long enough pass"}
    data.update(overrides)
    return client.post("/signup", data, token_from="/signup")


def test_sign_up_creates_a_delegate_with_an_argon2_hash_and_signs_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "amina@mission.example"  # normalised
    assert user.role == "delegate"
    assert user.password_hash.startswith("$argon2id$")
    assert "Amina Diallo" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("overrides, message", [
    ({"email": "not-an-email"}, "Invalid email address"),
    ({"password": "short", "confirm": "short"}, "at least 10"),
    ({"confirm": "something else entirely"}, "The passwords differ"),
    ({"name": ""}, "This field is required"),
])
def test_sign_up_refuses_bad_input_with_a_message(client, overrides, message):
    response = sign_up(client, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None


def test_sign_up_with_a_taken_email_says_so(client):
    factories.make_user(email="amina@mission.example")
    db.session.commit()
    response = sign_up(client)
    assert "already exists" in response.get_data(as_text=True)


def test_wrong_password_and_unknown_account_get_the_same_answer(client):
    factories.make_user(email="a@example.org")
    db.session.commit()
    wrong = client.post("/signin", {"email": "a@example.org", "password": "nope nope nope"},
                        token_from="/signin")
    unknown = client.post("/signin", {"email": "b@example.org", "password": "nope nope nope"},
                          token_from="/signin")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "The email address or the password is not right." in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client, sign_in):
    client, _user = sign_in()
    response = client.post("/courses/x/enrol", {}, csrf=False)
    assert response.status_code == 400


def test_sign_out_revokes_the_session_so_a_copied_cookie_stops_working(app, sign_in):
    client, user = sign_in()
    stolen = Client(app.test_client())
    cookie = client.raw.get_cookie("session")
    stolen.raw.set_cookie("session", cookie.value)
    assert stolen.get("/account/password").status_code == 200  # the copy works for now
    client.post("/signout")
    assert stolen.get("/account/password").status_code == 302  # and not any more
    assert db.session.scalar(select(AuthSession).where(AuthSession.user_id == user.id)).revoked_at


def test_password_change_ends_other_sessions_but_keeps_this_one(app, sign_in):
    client, user = sign_in()
    other = Client(app.test_client())
    other.post("/signin", {"email": user.email, "password": factories.PASSWORD},
               token_from="/signin")
    assert other.get("/account/password").status_code == 200
    response = client.post("/account/password", {
        "current": factories.PASSWORD, "password": "a brand new password",
        "confirm": "a brand new password"}, token_from="/account/password")
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200
    assert other.get("/account/password").status_code == 302
    again = Client(app.test_client()).post(
        "/signin", {"email": user.email, "password": "a brand new password"},
        token_from="/signin")
    assert again.status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(sign_in):
    client, user = sign_in()
    before = user.password_hash
    response = client.post("/account/password", {
        "current": "not the password", "password": "a brand new password",
        "confirm": "a brand new password"}, token_from="/account/password")
    assert "The current password is not right." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before


def test_disabling_an_account_ends_its_sessions_and_blocks_sign_in(app, sign_in):
    delegate, user = sign_in("delegate")
    admin, _ = sign_in("admin")
    response = admin.post(f"/admin/users/{user.id}/disabled", {"disabled": "1"},
                          token_from="/admin/users")
    assert response.status_code == 302
    assert delegate.get("/account/password").status_code == 302
    again = Client(app.test_client()).post(
        "/signin", {"email": user.email, "password": factories.PASSWORD}, token_from="/signin")
    assert again.status_code == 200  # refused, the form again


def test_failed_sign_ins_are_rate_limited(app, client):
    app.config["KMI_LOGIN_RATE_LIMIT"] = "3 per minute"
    codes = [client.post("/signin", {"email": "x@example.org", "password": "wrong wrong"},
                         token_from="/signin").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]


def test_successful_sign_ins_do_not_count_against_the_limit(app):
    app.config["KMI_LOGIN_RATE_LIMIT"] = "2 per minute"
    user = factories.make_user()
    db.session.commit()
    for _ in range(4):
        client = Client(app.test_client())
        response = client.post("/signin", {"email": user.email, "password": factories.PASSWORD},
                               token_from="/signin")
        assert response.status_code == 302


def test_next_parameter_cannot_send_people_to_another_site(client):
    factories.make_user(email="n@example.org")
    db.session.commit()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/signin?next={target}",
                               {"email": "n@example.org", "password": factories.PASSWORD,
                                "next": target}, token_from="/signin")
        assert response.headers["Location"] == "/"
        client.post("/signout")
