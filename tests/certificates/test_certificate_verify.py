"""The public verification page: valid, revoked, unknown; nothing private; rate limited."""
from __future__ import annotations

import pytest

from kmi_learn.certificates import codes, services
from kmi_learn.extensions import db
from tests import factories


def page(client, code: str):
    response = client.get(f"/verify/{code}", follow_redirects=True)
    return response, response.get_data(as_text=True)


def test_a_valid_code_shows_name_course_and_issue_date_without_signing_in(client, issued):
    delegate, certificate = issued
    response, html = page(client, codes.display(certificate.code))
    assert response.status_code == 200
    assert "Valid" in html and "This certificate is genuine." in html
    assert "Zoë Saldaña-Müller" in html and "Demo course demo" in html
    issued_at = certificate.issued_at
    assert f"{issued_at:%B} {issued_at.day}, {issued_at.year}" in html
    assert response.headers["X-Robots-Tag"].startswith("noindex")
    assert response.headers["Cache-Control"] == "no-store"


def test_the_page_shows_nothing_else_about_the_delegate(client, issued):
    delegate, certificate = issued
    _response, html = page(client, codes.display(certificate.code))
    for private in (delegate.email, "Mission of X", "Atlantis", "Test facilitators"):
        assert private not in html
    assert "Revoked" not in html


def test_a_revoked_code_says_revoked_and_when_but_not_why(client, issued, sign_in):
    delegate, certificate = issued
    _admin_client, admin = sign_in("admin")
    services.revoke(certificate, admin, "Fraud investigation 42")
    db.session.commit()
    response, html = page(client, codes.display(certificate.code))
    assert response.status_code == 200
    assert "Revoked" in html and "no longer valid" in html
    revoked = certificate.revoked_at
    assert f"{revoked:%B} {revoked.day}, {revoked.year}" in html
    assert "Fraud investigation 42" not in html and admin.name not in html
    assert "This certificate is genuine." not in html


@pytest.mark.parametrize("typed", ["0000-0000-0000-0000", "ZZZZZZZZZZZZZZZZ", "short",
                                   "UUUU-UUUU-UUUU-UUUU", "x" * 300])
def test_an_unknown_or_malformed_code_is_unknown(client, issued, typed):
    response, html = page(client, typed)
    assert response.status_code == 404
    assert "No certificate has this code." in html
    assert "Zoë" not in html


def test_a_code_typed_loosely_redirects_to_its_printed_form(client, issued):
    _delegate, certificate = issued
    loose = certificate.code.lower().replace("0", "o").replace("1", "l")
    response = client.get(f"/verify/{loose}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/verify/{codes.display(certificate.code)}")


def test_the_form_sends_a_typed_code_to_its_page(client, issued):
    _delegate, certificate = issued
    assert "Certificate code" in client.get("/verify").get_data(as_text=True)
    typed = " " + " ".join(certificate.code[i:i + 4] for i in range(0, 16, 4)).lower() + " "
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{codes.display(certificate.code)}")


def test_the_form_explains_a_code_that_cannot_be_one(client):
    response = client.get("/verify", query_string={"code": "hello"})
    assert response.status_code == 200
    assert "This is not a certificate code" in response.get_data(as_text=True)


def test_verification_is_rate_limited_per_address(app, client, issued):
    _delegate, certificate = issued
    app.config["KMI_VERIFY_RATE_LIMIT"] = "3 per minute"
    url = f"/verify/{codes.display(certificate.code)}"
    assert client.get(url).status_code == 200
    assert client.get("/verify").status_code == 200  # the form shares the budget
    assert client.get("/verify/0000-0000-0000-0000").status_code == 404
    limited = client.get(url)
    assert limited.status_code == 429
    assert "Too many attempts" in limited.get_data(as_text=True)
    elsewhere = client.get(url, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert elsewhere.status_code == 200


def test_the_default_limit_is_a_setting(app):
    assert app.config["KMI_VERIFY_RATE_LIMIT"] == "30 per minute"
    from kmi_learn import config
    assert config.from_environment({"KMI_VERIFY_RATE_LIMIT": "5 per minute"})[
        "VERIFY_RATE_LIMIT"] == "5 per minute"


def test_the_verification_url_is_stable(app):
    with app.test_request_context():
        from flask import url_for
        assert url_for("certificates.verify_code", code="7KQ2-M9XD-4HTW-0RBE",
                       _external=True) == "http://localhost/verify/7KQ2-M9XD-4HTW-0RBE"
        assert url_for("certificates.verify") == "/verify"


def test_a_second_delegate_sees_only_their_own_facts(client, course, issued):
    other = factories.make_user(name="Other Person")
    db.session.commit()
    from tests.certificates.conftest import complete_course
    mine = complete_course(other, course)
    _response, html = page(client, codes.display(mine.code))
    assert "Other Person" in html and "Zoë" not in html
