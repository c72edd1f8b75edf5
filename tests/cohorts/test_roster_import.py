"""Roster import through the pages: preview saves nothing, confirm imports, links work once."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from kmi_learn.accounts.models import PasswordLink, User
from kmi_learn.cohorts.models import CohortMember
from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment
from kmi_learn.models_base import utcnow
from tests import factories
from tests.conftest import Client

ROSTER = ("Name;E-mail;Mission;Country\r\n"
          "Amina Diallo;amina@mission.example;Mission of Senegal;Senegal\r\n"
          "Jonas Berg;jonas@example.org;IOM;Norway\r\n"
          ";nameless@example.org;IOM;Chile\r\n"
          "Amina Again;AMINA@mission.example;Mission of Senegal;Senegal\r\n")
LINK = re.compile(r'<code class="link">http://localhost(/password/set/[^<]+)</code>')


def counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (User, Enrolment, CohortMember, PasswordLink))


def preview(client, cohort, data):
    url = f"/cohorts/{cohort.id}/roster"
    return client.post(url, data, token_from=url, content_type="multipart/form-data")


def confirm(client, cohort, page: str):
    text = re.search(r'name="roster" type="hidden" value="([^"]*)"', page)
    assert text, "no confirmation form"
    import html
    return client.post(f"/cohorts/{cohort.id}/roster/confirm",
                       {"roster": html.unescape(text.group(1))},
                       token_from=f"/cohorts/{cohort.id}/roster")


def test_the_preview_lists_every_row_with_its_errors_and_saves_nothing(sign_in, make_cohort):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    before = counts()
    upload = (io.BytesIO(("\ufeff" + ROSTER).encode("utf-8")), "roster.csv")
    response = preview(client, cohort, {"upload": upload})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 rows read" in page and "2 ready to import" in page and "2 with problems" in page
    assert "The name is missing." in page
    assert "This email address is already on line 2." in page
    assert "columns separated by semicolons" in page
    assert counts() == before


def test_confirming_creates_accounts_enrols_them_and_shows_one_time_links(sign_in, make_cohort):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    page = preview(client, cohort, {"text": ROSTER}).get_data(as_text=True)
    response = confirm(client, cohort, page)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    done = response.get_data(as_text=True)
    assert "2 people added to the cohort and enrolled." in done and "2 rows left out." in done
    amina = db.session.scalar(select(User).where(User.email == "amina@mission.example"))
    assert (amina.name, amina.organisation, amina.country, amina.role) == (
        "Amina Diallo", "Mission of Senegal", "Senegal", "delegate")
    assert not amina.password_hash.startswith("$argon2")  # no password until the link
    members = set(db.session.scalars(select(CohortMember.user_id)))
    enrolled = set(db.session.scalars(select(Enrolment.user_id).where(
        Enrolment.course_id == cohort.course_id)))
    assert len(members) == 2 and members <= enrolled
    links = LINK.findall(done)
    assert len(links) == 2
    tokens = [link.rsplit("/", 1)[1] for link in links]
    stored = set(db.session.scalars(select(PasswordLink.token_hash)))
    assert not set(tokens) & stored  # only hashes at rest
    # the CSV of the links, posted back from the page
    download = client.post(f"/cohorts/{cohort.id}/roster/links.csv", {"token": tokens},
                           token_from=f"/cohorts/{cohort.id}")
    assert download.headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row[1] for row in table[1:]] == ["amina@mission.example", "jonas@example.org"]
    assert all(row[2].startswith("http://localhost/password/set/") for row in table[1:])


def test_a_set_password_link_works_once_and_signs_the_delegate_in(app, sign_in, make_cohort):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    page = preview(client, cohort, {"text": ROSTER}).get_data(as_text=True)
    link = LINK.findall(confirm(client, cohort, page).get_data(as_text=True))[0]
    delegate = Client(app.test_client())
    form = delegate.get(link)
    assert form.status_code == 200 and "amina@mission.example" in form.get_data(as_text=True)
    done = delegate.post(link, {"password": "a brand new password",
                                "confirm": "a brand new password"}, token_from=link)
    assert done.status_code == 302
    assert "Amina Diallo" in delegate.get("/").get_data(as_text=True)  # signed in
    again = Client(app.test_client())
    assert again.get(link).status_code == 404
    refused = again.post(link, {"password": "another password!", "confirm": "another password!"},
                         token_from="/signin")
    assert refused.status_code == 404
    signed = again.post("/signin", {"email": "amina@mission.example",
                                    "password": "a brand new password"}, token_from="/signin")
    assert signed.status_code == 302


def test_an_expired_link_is_refused(app, sign_in, make_cohort):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    page = preview(client, cohort, {"text": ROSTER}).get_data(as_text=True)
    link = LINK.findall(confirm(client, cohort, page).get_data(as_text=True))[0]
    for row in db.session.scalars(select(PasswordLink)):
        row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert Client(app.test_client()).get(link).status_code == 404


def test_existing_accounts_are_reused_without_a_link_and_members_are_refused(sign_in,
                                                                            make_cohort):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    existing = factories.make_user(email="jonas@example.org", name="Jonas B.")
    db.session.commit()
    page = preview(client, cohort, {"text": ROSTER}).get_data(as_text=True)
    assert "Existing account, kept as it is" in page
    done = confirm(client, cohort, page).get_data(as_text=True)
    assert len(LINK.findall(done)) == 1  # only the new account gets a link
    db.session.refresh(existing)
    assert existing.name == "Jonas B." and existing.password_hash.startswith("$argon2")
    # the same roster again: both are members now
    again = preview(client, cohort, {"text": ROSTER}).get_data(as_text=True)
    assert again.count("This person is already in the cohort.") == 3  # with the duplicate
    assert "No row can be imported" in again


def test_malformed_csv_is_refused_with_a_message_and_nothing_saved(sign_in, make_cohort):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    before = counts()
    response = preview(client, cohort, {"text": 'Name,Email\n"Amina,amina@mission.example\n'})
    assert response.status_code == 422
    assert "not valid CSV" in response.get_data(as_text=True)
    tampered = client.post(f"/cohorts/{cohort.id}/roster/confirm",
                           {"roster": 'Name,Email\n"Amina,amina@mission.example\n'},
                           token_from=f"/cohorts/{cohort.id}/roster")
    assert tampered.status_code == 302
    assert counts() == before


def test_a_spreadsheet_saved_as_csv_imports(sign_in, make_cohort):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    data = "Nom;Courriel;Mission;Pays\r\nJosé Müller;jose@example.org;Misión;España\r\n"
    upload = (io.BytesIO(data.encode("cp1252")), "export.csv")
    page = preview(client, cohort, {"upload": upload}).get_data(as_text=True)
    assert "Read as Windows-1252" in page and "1 ready to import" in page
    confirm(client, cohort, page)
    assert db.session.scalar(select(User.name).where(User.email == "jose@example.org")) == \
        "José Müller"


def test_links_are_mailed_when_smtp_is_configured(app, sign_in, make_cohort, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout=None):
            sent.append(("connect", host, port))

        def ehlo(self):
            pass

        def has_extn(self, name):
            return False

        def send_message(self, message):
            sent.append((message["To"], message.get_content()))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr("kmi_learn.cohorts.mail.smtplib.SMTP", FakeSMTP)
    app.config.update(KMI_SMTP_HOST="smtp.example.org", KMI_SMTP_FROM="kmi@example.org")
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    page = preview(client, cohort, {"text": ROSTER}).get_data(as_text=True)
    done = confirm(client, cohort, page).get_data(as_text=True)
    assert "Each link was mailed to its person." in done
    assert sent[0] == ("connect", "smtp.example.org", 587)
    assert [to for to, _body in sent[1:]] == ["amina@mission.example", "jonas@example.org"]
    assert "http://localhost/password/set/" in sent[1][1]
