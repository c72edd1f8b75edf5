"""The facilitator's journey in Chromium: write a multiple-response question with partial
credit, preview it (live, with the script, and with the Preview button), save it, edit
it; a delegate's attempt taken before the edit still shows the version it was taken on.

The question is added to the first module of the real course, and retired at the end
so that the other browser tests see the module as the files have it.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from kmi_learn.catalog.models import Course, Module
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import AttemptSlot, Question
from tests import factories
from tests.browser.test_delegate_journey import COURSE, enrol, shoot, sign_up

pytestmark = pytest.mark.browser

GIFT_ID = "browser-mr-1"
TEXT = "Which of these are core UN human rights treaties?"
EDITED = "Which of these are core United Nations human rights treaties?"


def _facilitator(live_app) -> str:
    with live_app.app_context():
        user = factories.make_user(role="facilitator", name="Fatou Facilitator")
        db.session.commit()
        email = user.email
        db.session.remove()
    return email


def _sign_in(page: Page, email: str) -> None:
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _module(db_read) -> tuple[int, str, str]:
    with db_read() as session:
        module = session.scalar(select(Module).join(Course).where(
            Course.slug == COURSE, Module.retired_at.is_(None)).order_by(Module.position))
        return module.id, module.slug, module.title["en"]


def _page_of_question(db_read, attempt_id: int) -> int:
    with db_read() as session:
        question = session.scalar(select(Question).where(Question.gift_id == GIFT_ID))
        return session.scalar(select(AttemptSlot.position).where(
            AttemptSlot.attempt_id == attempt_id,
            AttemptSlot.question_version_id == question.current_version_id))


def _write_question(page: Page, module_title: str) -> None:
    page.goto("/authoring/")
    page.get_by_role("link", name=module_title).click()
    page.get_by_role("link", name="New question").click()
    page.get_by_role("link", name=re.compile("Multiple response")).click()
    page.get_by_label("GIFT id").fill(GIFT_ID)
    page.get_by_label("Question text").fill(TEXT)
    for i, (text, weight, feedback) in enumerate([
            ("ICCPR", "50", "Yes, 1966."), ("ICESCR", "30", "Yes, 1966."),
            ("Global Compact for Migration", "-100", "Not a treaty.")]):
        page.locator(f'[name="choices-{i}-text"]').fill(text)
        page.locator(f'[name="choices-{i}-weight"]').fill(weight)
        page.locator(f'[name="choices-{i}-feedback"]').fill(feedback)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("the positive weights add up to 80%").first).to_be_visible()
    expect(page.locator('[name="choices-2-text"]')).to_have_value("Global Compact for Migration")
    page.locator('[name="choices-1-weight"]').fill("50")
    # The script refreshes the preview as one types (CSP allows our own file only).
    preview = page.locator("#question-preview")
    expect(preview.locator("fieldset.question.multiresponse").first).to_be_visible()
    expect(preview.get_by_text(TEXT).first).to_be_visible()
    page.get_by_role("button", name="Preview").click()  # the same without the script
    expect(preview.get_by_text("Choose every answer that applies.").first).to_be_visible()
    shoot(page, "facilitator-editor", must_fit_phone=False)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Question {GIFT_ID} is created.")).to_be_visible()


def _take_quiz_with_half_credit(page: Page, db_read, module_slug: str) -> int:
    sign_up(page)
    enrol(page)
    page.goto(f"/courses/{COURSE}/modules/{module_slug}/quiz")
    page.get_by_role("button", name="Start the quiz").click()
    attempt_id = int(re.search(r"/attempts/(\d+)", page.url).group(1))
    page.goto(f"/attempts/{attempt_id}?page={_page_of_question(db_read, attempt_id)}")
    page.get_by_label("ICCPR").check()
    # The button's request waits for the autosave in flight (quiz.js): wait for it too,
    # or the next goto races the form's navigation.
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    page.goto(f"/attempts/{attempt_id}/summary")
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    mine = page.locator("fieldset.question", has_text=TEXT)
    expect(mine.get_by_text("Partly correct")).to_be_visible()
    return attempt_id


def test_facilitator_writes_previews_saves_and_edits_a_question(browser, live_server,
                                                                 live_app, page, db_read):
    module_id, module_slug, module_title = _module(db_read)
    _sign_in(page, _facilitator(live_app))
    _write_question(page, module_title)

    delegate = browser.new_context(base_url=live_server, locale="en-GB").new_page()
    attempt_id = _take_quiz_with_half_credit(delegate, db_read, module_slug)

    page.goto(f"/authoring/modules/{module_id}")
    page.get_by_role("link", name=f"Edit {GIFT_ID}").click()
    page.get_by_label("Question text").fill(EDITED)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Question {GIFT_ID} is saved as version 2.")).to_be_visible()
    shoot(page, "facilitator-bank", must_fit_phone=False)

    delegate.goto(f"/attempts/{attempt_id}/result")
    mine = delegate.locator("fieldset.question", has_text=TEXT)
    expect(mine).to_have_count(1)
    expect(delegate.get_by_text(EDITED)).to_have_count(0)

    page.get_by_role("link", name=f"History {GIFT_ID}").click()
    version2 = page.locator("#v2")
    expect(version2.get_by_text("Fatou Facilitator")).to_be_visible()
    expect(version2.locator("tr.removed", has_text=TEXT)).to_have_count(1)
    expect(version2.locator("tr.added", has_text=EDITED)).to_have_count(1)
    shoot(page, "facilitator-history")

    page.goto(f"/authoring/modules/{module_id}")
    page.get_by_role("button", name=f"Retire {GIFT_ID}").click()
    expect(page.get_by_text(f"Question {GIFT_ID} is retired")).to_be_visible()
    delegate.context.close()
