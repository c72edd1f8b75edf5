"""Who may download and revoke: the delegate their own, trainers their cohorts',
admins all; everyone else gets 404 (or 403 for a role without trainer pages)."""
from __future__ import annotations

import io
import zipfile

import pypdf
import pytest
from sqlalchemy import func, select

from kmi_learn.audit.models import AuditEntry
from kmi_learn.certificates import codes
from kmi_learn.extensions import db
from tests import factories
from tests.certificates.conftest import complete_course, make_cohort, quick_users


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "certificate.revoke"))


@pytest.fixture
def trainer_cohort(sign_in, course, issued):
    """A trainer whose cohort holds the delegate of ``issued`` and one who has not
    finished yet."""
    delegate, certificate = issued
    unfinished = factories.make_user(name="Not Finished")
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer, course, [delegate, unfinished])
    return client, trainer, cohort


def test_a_delegate_downloads_their_own_certificate(sign_in, course):
    client, delegate = sign_in("delegate")
    complete_course(delegate, course)
    response = client.get("/certificates/demo.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == 'attachment; filename="certificate-demo.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_a_delegate_cannot_download_anothers_certificate(sign_in, issued):
    _owner, certificate = issued
    client, _other = sign_in("delegate")
    assert client.get("/certificates/demo.pdf").status_code == 404  # they have none
    assert client.get(f"/certificates/issued/{certificate.id}.pdf").status_code == 404
    assert client.get("/certificates/nope.pdf").status_code == 404


def test_signing_in_is_needed_to_download(client, issued):
    _owner, certificate = issued
    for url in ("/certificates/demo.pdf", f"/certificates/issued/{certificate.id}.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_the_trainer_sees_the_cohort_and_downloads_one_certificate(trainer_cohort, issued):
    client, _trainer, cohort = trainer_cohort
    _delegate, certificate = issued
    page = client.get(f"/certificates/cohorts/{cohort.id}/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Zoë Saldaña-Müller" in html and "Not Finished" in html
    assert codes.display(certificate.code) in html
    response = client.get(f"/certificates/issued/{certificate.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert codes.display(certificate.code) in response.headers["Content-Disposition"]


def test_the_trainer_downloads_all_of_a_cohorts_certificates_as_a_zip(trainer_cohort, course):
    client, _trainer, cohort = trainer_cohort
    second = factories.make_user(name="Đặng Thị Ngọc Thịnh")
    db.session.commit()
    from kmi_learn.cohorts.models import CohortMember
    db.session.add(CohortMember(cohort_id=cohort.id, user_id=second.id))
    db.session.commit()
    complete_course(second, course)
    response = client.get(f"/certificates/cohorts/{cohort.id}/certificates.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    names = archive.namelist()
    assert len(names) == 2  # the unfinished delegate has none
    texts = []
    for name in names:
        data = archive.read(name)
        assert data.startswith(b"%PDF-")
        texts.append(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text())
    assert any("Đặng Thị Ngọc Thịnh" in text for text in texts)
    assert any("Zoë Saldaña-Müller" in text for text in texts)


def test_a_cohort_without_certificates_gives_no_empty_zip(sign_in, course):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer, course, [factories.make_user()])
    response = client.get(f"/certificates/cohorts/{cohort.id}/certificates.zip")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/certificates/cohorts/{cohort.id}/")


def test_the_trainer_revokes_with_a_reason_and_it_is_audited(trainer_cohort, issued, client):
    trainer_client, trainer, cohort = trainer_cohort
    _delegate, certificate = issued
    form = f"/certificates/issued/{certificate.id}/revoke?next=/certificates/cohorts/{cohort.id}/"
    assert "Reason" in trainer_client.get(form).get_data(as_text=True)
    response = trainer_client.post(
        f"/certificates/issued/{certificate.id}/revoke",
        {"reason": "Completed with another person's account",
         "next": f"/certificates/cohorts/{cohort.id}/"}, token_from=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/certificates/cohorts/{cohort.id}/")
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Completed with another person's account"
    assert certificate.revoked_by_id == trainer.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "certificate.revoke"))
    assert entry.actor_id == trainer.id and entry.target_id == certificate.id
    assert "another person's account" in entry.summary
    # no longer downloadable, and the public page says revoked
    assert trainer_client.get(f"/certificates/issued/{certificate.id}.pdf").status_code == 404
    page = client.get(f"/verify/{codes.display(certificate.code)}").get_data(as_text=True)
    assert "Revoked" in page
    # revoking again changes nothing
    again = trainer_client.post(f"/certificates/issued/{certificate.id}/revoke",
                                {"reason": "twice"},
                                token_from=f"/certificates/cohorts/{cohort.id}/")
    assert again.status_code == 302 and audit_count() == 1
    assert certificate.revoked_reason == "Completed with another person's account"


def test_a_revoked_certificate_is_not_downloadable_by_its_holder(sign_in, course, app):
    client, delegate = sign_in("delegate")
    certificate = complete_course(delegate, course)
    _admin_client, admin = sign_in("admin")
    from kmi_learn.certificates import services
    services.revoke(certificate, admin, "test")
    db.session.commit()
    assert client.get("/certificates/demo.pdf").status_code == 404


def test_revoking_needs_a_reason_and_the_csrf_token(trainer_cohort, issued):
    client, _trainer, _cohort = trainer_cohort
    _delegate, certificate = issued
    url = f"/certificates/issued/{certificate.id}/revoke"
    response = client.post(url, {"reason": ""}, token_from=url)
    assert response.status_code == 200
    assert "This field is required" in response.get_data(as_text=True)
    response = client.post(url, {"reason": "no token"}, csrf=False)
    assert response.status_code == 400
    assert certificate.revoked_at is None and audit_count() == 0


def test_another_trainer_gets_404_everywhere(sign_in, trainer_cohort, issued, course):
    _client, _trainer, cohort = trainer_cohort
    _delegate, certificate = issued
    client, other = sign_in("trainer")
    make_cohort(other, course, [factories.make_user()])  # a cohort of their own
    for url in (f"/certificates/cohorts/{cohort.id}/",
                f"/certificates/cohorts/{cohort.id}/certificates.zip",
                f"/certificates/issued/{certificate.id}.pdf",
                f"/certificates/issued/{certificate.id}/revoke"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/certificates/issued/{certificate.id}/revoke",
                           {"reason": "not mine to revoke"}, token_from="/")
    assert response.status_code == 404
    assert certificate.revoked_at is None and audit_count() == 0


def test_a_trainer_with_the_delegate_in_a_cohort_of_another_course_gets_404(
        sign_in, issued, make_course):
    delegate, certificate = issued
    other_course = make_course("other")
    client, trainer = sign_in("trainer")
    make_cohort(trainer, other_course, [delegate])
    assert client.get(f"/certificates/issued/{certificate.id}.pdf").status_code == 404
    assert client.get(f"/certificates/issued/{certificate.id}/revoke").status_code == 404


def test_delegates_get_403_on_trainer_pages(sign_in, trainer_cohort, issued):
    _client, _trainer, cohort = trainer_cohort
    _delegate, certificate = issued
    client, _someone = sign_in("delegate")
    for url in (f"/certificates/cohorts/{cohort.id}/",
                f"/certificates/cohorts/{cohort.id}/certificates.zip",
                f"/certificates/issued/{certificate.id}/revoke"):
        assert client.get(url).status_code == 403, url


def test_an_admin_reaches_every_cohort_and_certificate(sign_in, trainer_cohort, issued):
    _client, _trainer, cohort = trainer_cohort
    _delegate, certificate = issued
    client, admin = sign_in("admin")
    assert client.get(f"/certificates/cohorts/{cohort.id}/").status_code == 200
    assert client.get(f"/certificates/issued/{certificate.id}.pdf").status_code == 200
    response = client.post(f"/certificates/issued/{certificate.id}/revoke",
                           {"reason": "Issued by mistake"},
                           token_from=f"/certificates/issued/{certificate.id}/revoke")
    assert response.status_code == 302 and certificate.revoked_by_id == admin.id
    # with no cohort page to return to, the admin lands on the public page
    assert response.headers["Location"].endswith(f"/verify/{codes.display(certificate.code)}")


def test_the_next_address_after_revoking_cannot_leave_the_cohort_pages(trainer_cohort, issued):
    client, _trainer, _cohort = trainer_cohort
    _delegate, certificate = issued
    url = f"/certificates/issued/{certificate.id}/revoke"
    response = client.post(url, {"reason": "Bad data", "next": "https://evil.example/"},
                           token_from=url)
    assert response.headers["Location"].endswith(f"/verify/{codes.display(certificate.code)}")


def test_the_cohort_page_runs_the_same_number_of_queries_for_5_and_60_delegates(
        sign_in, course, app):
    from sqlalchemy import event
    client, trainer = sign_in("trainer")

    def queries_for(n: int) -> int:
        members = quick_users(n)
        for member in members[: n // 2]:
            complete_course(member, course)
        cohort = make_cohort(trainer, course, members)
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/certificates/cohorts/{cohort.id}/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    assert queries_for(5) == queries_for(60)


def test_the_zip_runs_the_same_number_of_queries_for_2_and_5_certificates(sign_in, course):
    from sqlalchemy import event
    client, trainer = sign_in("trainer")

    def queries_for(n: int) -> int:
        members = quick_users(n)
        for member in members:
            complete_course(member, course)
        cohort = make_cohort(trainer, course, members)
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(f"/certificates/cohorts/{cohort.id}/certificates.zip")
            assert len(zipfile.ZipFile(io.BytesIO(response.data)).namelist()) == n
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    assert queries_for(2) == queries_for(5)


def test_the_course_page_snippet_offers_the_download_then_says_revoked(app, course, issued):
    from flask import render_template_string
    from flask_login import login_user, logout_user

    from kmi_learn.certificates import services
    delegate, certificate = issued
    snippet = '{% include "certificates/_course_certificate.html" %}'
    with app.test_request_context("/courses/demo/"):
        login_user(delegate)
        html = render_template_string(snippet, course=course)
    assert 'href="/certificates/demo.pdf"' in html
    services.revoke(certificate, delegate, "test")
    db.session.commit()
    with app.test_request_context("/courses/demo/"):
        login_user(delegate)
        html = render_template_string(snippet, course=course)
    assert "/certificates/demo.pdf" not in html and "revoked" in html
    with app.test_request_context("/courses/demo/"):  # signed out: nothing
        logout_user()
        assert render_template_string(snippet, course=course).strip() == ""
