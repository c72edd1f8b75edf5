"""The trainer's journey, in Chromium: a cohort, a roster, a delegate who joins with the
code and completes the course, the dashboard that shows it, the export, the
certificate, and the public page its QR code leads to.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_delegate_journey import (
    answer_all,
    attempt_slots,
    first_module,
    shoot,
    start_quiz,
)

pytestmark = pytest.mark.browser

TRAINER_EMAIL = "trainer.journey@example.org"
PASSWORD = "a long enough password 42"
ROSTER = ("Name;E-mail;Mission;Country\r\n"
          "Jonas Berg;jonas.journey@example.org;IOM;Norway\r\n"
          ";nameless@example.org;IOM;Chile\r\n")


def make_trainer(db_read) -> None:
    from kmi_learn.accounts.services import create_user, find_by_email

    with db_read() as session:
        if find_by_email(TRAINER_EMAIL) is None:
            create_user(TRAINER_EMAIL, "Tess Trainer", PASSWORD, role="trainer")
            session.commit()


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_trainer_follows_a_delegate_from_join_code_to_completion(page: Page, context, browser,
                                                                 live_server, db_read):
    make_trainer(db_read)
    sign_in(page, TRAINER_EMAIL, PASSWORD)

    # A cohort, with its join code.
    page.goto("/cohorts/")
    page.get_by_role("link", name="New cohort").click()
    page.get_by_label("Name").fill("Geneva, journey session")
    page.get_by_label("Start date").fill("2025-03-01")
    page.get_by_label("End date").fill("2099-06-30")
    page.get_by_role("button", name="Create the cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geneva, journey session")
    code = page.locator(".join-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}", code), code
    cohort_url = page.url

    # A roster: the preview shows the bad row, the import gives a one-time link.
    page.get_by_role("link", name="Import a roster (CSV)").click()
    page.get_by_label("Or paste the rows here").fill(ROSTER)
    page.get_by_role("button", name="Check the roster").click()
    expect(page.get_by_text("The name is missing.")).to_be_visible()
    page.get_by_role("button", name="Import 1 person").click()
    expect(page.get_by_text("1 person added to the cohort and enrolled.")).to_be_visible()
    link = page.locator("code.link").inner_text()
    assert "/password/set/" in link
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the links (CSV)").click()
    rows = list(csv.reader(io.StringIO(
        download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[1][1:3] == ["jonas.journey@example.org", link]

    # The roster delegate sets a password with the link, once.
    jonas = browser.new_context(base_url=live_server, locale="en-GB")
    try:
        tab = jonas.new_page()
        tab.goto(link)
        tab.get_by_label("New password", exact=True).fill(PASSWORD)
        tab.get_by_label("Repeat the new password").fill(PASSWORD)
        tab.get_by_role("button", name="Set my password and sign in").click()
        expect(tab.get_by_text("Your password is set. Welcome, Jonas Berg.")).to_be_visible()
        tab.goto(link)
        expect(tab.get_by_role("heading", name="This link is not valid")).to_be_visible()
    finally:
        jonas.close()

    # A delegate types the code, signs up, comes back, joins, completes the course.
    amina = browser.new_context(base_url=live_server, locale="en-GB")
    try:
        tab = amina.new_page()
        tab.goto("/join")
        tab.get_by_label("Join code").fill(code.lower())
        tab.get_by_role("button", name="Continue").click()
        tab.get_by_role("link", name="Create an account").click()
        tab.get_by_label("Full name").fill("Amina Journey")
        tab.get_by_label("Email").fill("amina.journey@example.org")
        tab.get_by_label("Password", exact=True).fill(PASSWORD)
        tab.get_by_label("Repeat the password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign up").click()
        tab.get_by_role("button", name="Join the cohort").click()
        expect(tab.get_by_text("You have joined Geneva, journey session")).to_be_visible()
        module = first_module(db_read)
        for slug, _title in module.lessons:
            tab.goto(f"/courses/iml/modules/{module.slug}/{slug}")
            tab.get_by_role("button", name="Mark as complete").click()
        attempt = start_quiz(tab, "Start the quiz")
        answer_all(tab, attempt_slots(db_read, attempt), right=True)
        expect(tab.locator("section.result")).to_contain_text("Passed.")
    finally:
        amina.close()

    # The trainer sees the completion, and the export says the same.
    page.goto(cohort_url)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#count-completed")).to_have_text("1")
    row = page.locator("table.matrix tbody tr", has_text="Amina Journey")
    expect(row.locator(".c-status")).to_have_text("Completed")
    expect(row.locator(".c-progress")).to_have_text("100%")
    expect(page.locator("svg.chart")).to_contain_text("50% (1/2)")  # Jonas has not started
    shoot(page, "trainer-dashboard")  # and it must not scroll sideways on a phone
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(
        download.value.path().read_text(encoding="utf-8-sig"))))
    amina_row = next(r for r in rows if r[0] == "Amina Journey")
    assert amina_row[2:4] == ["Completed", "100"]
    page.get_by_role("link", name="Amina Journey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amina Journey")
    expect(page.locator(".pill.ok").first).to_have_text("Passed")

    # The certificate: downloaded by the trainer, its QR code leads to a valid page.
    page.goto(cohort_url)
    page.get_by_role("link", name="Certificates").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF Amina Journey").click()
    pdf = pypdf.PdfReader(download.value.path())
    assert "Amina Journey" in pdf.pages[0].extract_text()
    (qr_image,) = pdf.pages[0].images
    picture = download.value.path().with_suffix(".png")
    qr_image.image.save(picture)
    assert shutil.which("zbarimg"), "zbarimg missing: apt-get install zbar-tools"
    url = subprocess.run(["zbarimg", "--raw", "-q", str(picture)], capture_output=True,
                         text=True, timeout=60, check=True).stdout.strip()
    assert url.startswith(live_server + "/verify/"), url
    visitor = browser.new_context(locale="en-GB")  # no sign-in: a printed page's reader
    try:
        tab = visitor.new_page()
        tab.goto(url)
        expect(tab.locator("section.verification.valid")).to_contain_text("Valid")
        expect(tab.locator("main")).to_contain_text("Amina Journey")
        expect(tab.locator("main")).not_to_contain_text("amina.journey@example.org")
    finally:
        visitor.close()
