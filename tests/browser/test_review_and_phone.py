"""The review shows every answer given, and a matching question fits a phone.

Both were bugs found in the browser: review radios shared one name across the page
(only the last stayed checked), and a matching question's selects widened the page.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_delegate_journey import (
    PHONE,
    _value,
    answer_for,
    give_answer,
    new_delegate_in_the_quiz,
    page_width,
)

pytestmark = pytest.mark.browser


def test_review_shows_the_choice_given_for_every_question(page: Page, db_read):
    attempt, slots = new_delegate_in_the_quiz(page, db_read)
    radios = [s for s in slots if s.question.qtype in ("multichoice", "truefalse")][:3]
    assert len(radios) == 3
    for slot in radios:
        page.goto(f"/attempts/{attempt}?page={slot.position}")
        give_answer(page, slot.question, answer_for(slot.question, right=True))
    page.goto(f"/attempts/{attempt}/summary")
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    for slot in radios:
        value = _value(answer_for(slot.question, right=True))
        expect(page.locator(f'#question-{slot.position} input[value="{value}"]'),
               f"question on page {slot.position}").to_be_checked(timeout=1_000)


def test_matching_question_fits_a_phone_screen(page: Page, db_read):
    attempt, slots = new_delegate_in_the_quiz(page, db_read)
    matching = next(s for s in slots if s.question.qtype == "matching")
    page.set_viewport_size(PHONE)
    page.goto(f"/attempts/{attempt}?page={matching.position}")
    expect(page.locator("#answer_0")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
