"""The delegate's journey through the first module of the real IML course, in Chromium.

Everything a delegate does goes through the browser: sign up, enrol, read, mark
lessons complete, fail the quiz, read the review, pass it. The database is only
read, to know which question sits on which page and which answers are right.
"""
from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from kmi_learn.catalog.models import Course, Lesson, LessonVersion, Module
from kmi_learn.gift.model import Question
from kmi_learn.quizzes import grading
from kmi_learn.quizzes.models import Attempt, AttemptSlot

pytestmark = pytest.mark.browser

COURSE = "iml"
PASSWORD = "a long enough password 42"
SHOTS = Path("/tmp/kmi_browser_shots")
PHONE = {"width": 390, "height": 844}
_emails = itertools.count(1)


# --- what the database says -------------------------------------------------------

@dataclass
class ModuleFacts:
    slug: str
    title: str
    lessons: list[tuple[str, str]]  #: (slug, English title), in course order


@dataclass
class SlotFacts:
    position: int  #: the page of the attempt that shows it
    question: Question
    text: str  #: the question text as plain text (the start of what the page shows)


def first_module(db_read) -> ModuleFacts:
    with db_read() as session:
        course = session.scalar(select(Course).where(Course.slug == COURSE))
        module = session.scalar(select(Module).where(
            Module.course_id == course.id, Module.retired_at.is_(None))
            .order_by(Module.position))
        rows = session.execute(
            select(Lesson.slug, LessonVersion.title).join(
                LessonVersion, LessonVersion.lesson_id == Lesson.id)
            .where(Lesson.module_id == module.id, Lesson.retired_at.is_(None),
                   LessonVersion.lang == "en", LessonVersion.is_current.is_(True))
            .order_by(Lesson.position)).all()
        return ModuleFacts(module.slug, module.title["en"], [tuple(r) for r in rows])


def attempt_slots(db_read, attempt_id: int) -> list[SlotFacts]:
    with db_read() as session:
        attempt = session.get(Attempt, attempt_id)
        slots = session.scalars(select(AttemptSlot).where(
            AttemptSlot.attempt_id == attempt_id).order_by(AttemptSlot.position)).all()
        return [SlotFacts(s.position, s.question_version.parsed(attempt.lang),
                          _plain(s.question_version.html_in(attempt.lang)["text"]))
                for s in slots]


def saved_response(db_read, attempt_id: int, position: int) -> Any:
    with db_read() as session:
        return session.scalar(select(AttemptSlot.response).where(
            AttemptSlot.attempt_id == attempt_id, AttemptSlot.position == position))


def attempt_row(db_read, attempt_id: int) -> tuple[str, float | None, float, bool | None]:
    with db_read() as session:
        a = session.get(Attempt, attempt_id)
        return a.state, a.score, a.max_score, a.passed


def _plain(fragment: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment.split("_____")[0]))
    return " ".join(text.split())


def _normal(text: str) -> str:
    return " ".join(text.split())


# --- right and wrong answers --------------------------------------------------------

def answer_for(q: Question, right: bool) -> Any:
    """A response (grading's shape) that earns full marks, or none at all."""
    kind = q.qtype
    if kind in ("multichoice", "missingword"):
        return (grading.correct_response(q) if right
                else next(i for i, c in enumerate(q.choices) if c.fraction <= 0))
    if kind == "multiresponse":
        return [i for i, c in enumerate(q.choices) if (c.fraction > 0) == right]
    if kind == "truefalse":
        return q.correct if right else not q.correct
    if kind == "shortanswer":  # an accepted answer as a person would type it
        return (next(c.text for c in q.choices if c.fraction == 1 and "*" not in c.text)
                if right else "I do not know")
    if kind == "numerical":
        value = max(q.numerical, key=lambda a: a.fraction).value
        return f"{value:g}" if right else f"{value + 7:g}"
    if kind == "matching":
        correct = grading.correct_response(q)
        n = len(grading.match_answers(q))
        return correct if right else [(j + 1) % n for j in correct]
    raise AssertionError(f"no answer for a {kind} question")


def is_autosave(response) -> bool:
    request = response.request
    return request.method == "POST" and request.headers.get("x-autosave") == "1"


def _value(v: Any) -> str:
    """The ``value`` attribute of the input that gives ``v``."""
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def give_answer(page: Page, q: Question, response: Any, *, autosave: bool = True) -> None:
    """Answer on the page as a person would. With JavaScript on, each choice that the
    page autosaves is waited for, so that saves cannot overtake each other."""

    def act(action) -> None:
        if not autosave:
            action()
            return
        with page.expect_response(is_autosave) as saved:
            action()
        assert saved.value.status == 204, saved.value.status

    kind = q.qtype
    if kind in ("multichoice", "missingword", "truefalse", "multiresponse"):
        for value in response if isinstance(response, list) else [response]:
            act(page.locator(f'input[name="answer"][value="{_value(value)}"]').check)
    elif kind in ("shortanswer", "numerical"):
        page.get_by_label("Your answer").fill(response)
    elif kind == "matching":
        for i, j in enumerate(response):
            act(lambda i=i, j=j: page.locator(f"#answer_{i}").select_option(str(j)))
    else:
        raise AssertionError(kind)


def expect_answer_shown(page: Page, q: Question, response: Any) -> None:
    kind = q.qtype
    if kind in ("multichoice", "missingword"):
        expect(page.locator(f'input[name="answer"][value="{response}"]')).to_be_checked()
        expect(page.locator('input[name="answer"]:checked')).to_have_count(1)
    elif kind == "multiresponse":
        for index in response:
            expect(page.locator(f'input[name="answer"][value="{index}"]')).to_be_checked()
        expect(page.locator('input[name="answer"]:checked')).to_have_count(len(response))
    elif kind == "truefalse":
        expect(page.locator(f'input[name="answer"][value="{_value(response)}"]')).to_be_checked()
    elif kind in ("shortanswer", "numerical"):
        expect(page.get_by_label("Your answer")).to_have_value(response)
    elif kind == "matching":
        for i, j in enumerate(response):
            expect(page.locator(f"#answer_{i}")).to_have_value(str(j))


# --- steps of the journey -----------------------------------------------------------

def sign_up(page: Page) -> str:
    n = next(_emails)
    email = f"delegate{n}@mission.example.org"
    page.goto("/")
    page.get_by_role("link", name="Sign up", exact=True).first.click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    page.get_by_label("Full name").fill(f"Amina Delegate {n}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mission or organisation").fill("Permanent Mission of Testland")
    page.get_by_label("Country").fill("Testland")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text(f"Welcome, Amina Delegate {n}. Your account is ready.")).to_be_visible()
    return email


def enrol(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="International Migration Law").click()
    expect(page).to_have_url(re.compile(rf"/courses/{COURSE}/$"))
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_text("You are enrolled. Start with the first lesson.")).to_be_visible()


def attempt_id_of(page: Page) -> int:
    match = re.search(r"/attempts/(\d+)\?page=1$", page.url)
    assert match, page.url
    return int(match.group(1))


def start_quiz(page: Page, button: str) -> int:
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(re.compile(r"Page 1 of \d+"))).to_be_visible()
    return attempt_id_of(page)


def new_delegate_in_the_quiz(page: Page, db_read) -> tuple[int, list[SlotFacts]]:
    """A new delegate signs up, enrols and starts module 1's quiz: (attempt, slots)."""
    sign_up(page)
    enrol(page)
    page.goto(_quiz_url(first_module(db_read)))
    attempt = start_quiz(page, "Start the quiz")
    return attempt, attempt_slots(db_read, attempt)


def answer_all(page: Page, slots: list[SlotFacts], right: bool) -> None:
    """Answer every question page by page, then submit from the summary."""
    total = len(slots)
    number = 0
    for slot in slots:
        q = slot.question
        fieldset = page.locator(f"#question-{slot.position}")
        expect(fieldset).to_be_visible()  # the page of this slot has loaded
        meta, legend, shown = fieldset.evaluate(  # one round trip, not three
            "el => [document.querySelector('p.meta').textContent, "
            "el.querySelector('legend').textContent, el.querySelector('.qtext').innerText]")
        assert f"Page {slot.position} of {total}" in meta, meta
        number += q.is_graded
        assert _normal(legend) == (f"Question {number}" if q.is_graded else "Case"), legend
        assert _normal(shown).startswith(slot.text[:60]), (shown[:80], slot.text[:80])
        if q.is_graded:
            response = answer_for(q, right)
            assert grading.grade(q, response).fraction == (1.0 if right else 0.0), q.id
            give_answer(page, q, response)
        last = slot.position == total
        page.get_by_role("button", name="Save and finish…" if last else "Save and next").click()
    expect(page.get_by_role("heading", name="Summary of your attempt")).to_be_visible()
    expect(page.get_by_text("Not answered yet")).to_have_count(0)
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()


def shoot(page: Page, name: str, *, must_fit_phone: bool = True,
          full_page: bool = True) -> None:
    """Screenshots, desktop and phone, into /tmp (never the repository); on the
    phone the page must not scroll sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=full_page)
    page.set_viewport_size(PHONE)
    try:
        page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=full_page)
        if must_fit_phone:
            assert page_width(page) <= PHONE["width"], f"{name} scrolls sideways on a phone"
    finally:
        page.set_viewport_size(size)


def page_width(page: Page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


# --- the tests ----------------------------------------------------------------------

def test_delegate_signs_up_learns_fails_then_passes_module_1(page: Page, db_read):
    module = first_module(db_read)
    assert len(module.lessons) >= 2, module
    sign_up(page)
    enrol(page)

    # The first lesson, from the course outline.
    first_slug, first_title = module.lessons[0]
    page.get_by_role("link", name=first_title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/modules/{module.slug}/{first_slug}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)
    body = page.locator(".lesson-body")
    expect(body).to_be_visible()
    expect(body).to_contain_text("International migration law is not a single code.")
    citation = body.locator("a.cite").first
    expect(citation).to_be_visible()
    expect(citation).to_have_text(re.compile(r"\S"))
    expect(citation).to_have_attribute("href", re.compile(rf"^/courses/{COURSE}/instruments/"))
    shoot(page, "lesson")
    # A citation leads to the instrument; the delegate comes back to the lesson.
    cited = citation.inner_text().split(",")[0]
    citation.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cited)
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)

    # "Mark as complete" leads through the lessons of the module, then to its quiz.
    for slug, title in module.lessons:
        expect(page).to_have_url(re.compile(rf"/modules/{module.slug}/{slug}$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        page.get_by_role("button", name="Mark as complete").click()
        expect(page.get_by_text("Lesson complete.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/modules/{module.slug}/quiz$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your understanding")

    # First attempt: every answer wrong.
    first = start_quiz(page, "Start the quiz")
    slots = attempt_slots(db_read, first)
    graded = sum(1 for s in slots if s.question.is_graded)
    assert graded >= 10, graded
    answer_all(page, slots, right=False)
    result = page.locator("section.result")
    expect(result).to_contain_text("Not passed.")
    expect(result).to_contain_text("Score: 0.0%")
    expect(result).not_to_contain_text("Module complete")
    assert attempt_row(db_read, first)[:2] == ("finished", 0.0)
    # Review after submit: every question with its feedback and the right answer.
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    expect(page.locator(".feedback.wrong")).to_have_count(graded)
    expect(page.locator(".feedback .right-answer")).to_have_count(graded)
    expect(page.locator(".feedback .right-answer").first).to_contain_text("The right answer:")
    expect(page.locator(".feedback.right, .feedback.partial")).to_have_count(0)
    expect(page.locator(".feedback").first).to_contain_text("Not correct")
    expect(page.locator(".answer-feedback").first).to_be_visible()  # the chosen answer's
    # Not checked for width: its matching questions are wider than a phone (app bug).
    shoot(page, "result", must_fit_phone=False, full_page=False)  # the top: 28 questions are long

    # Second attempt: every answer right.
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("cell", name="Not passed")).to_be_visible()
    second = start_quiz(page, "Start a new attempt")
    assert second != first
    slots = attempt_slots(db_read, second)
    answer_all(page, slots, right=True)
    result = page.locator("section.result")
    expect(result).to_contain_text("Passed.")
    expect(result).to_contain_text("Score: 100.0%")
    expect(result.get_by_text("Module complete")).to_be_visible()
    state, score, max_score, passed = attempt_row(db_read, second)
    assert (state, passed) == ("finished", True) and score == max_score == graded
    expect(page.locator(".feedback.right")).to_have_count(graded)

    # The course page shows module 1 complete, at 100%.
    page.get_by_role("link", name="International Migration Law").first.click()
    expect(page).to_have_url(re.compile(rf"/courses/{COURSE}/$"))
    card = page.locator(f"#module-{module.slug}")
    expect(card.get_by_role("heading", level=2)).to_have_text(module.title)
    expect(card.locator(".badge.on")).to_have_text("Module complete")
    expect(card.get_by_label(f"Progress in {module.title}")).to_have_attribute("value", "100")
    expect(card.locator(".progress span")).to_have_text("100%")
    expect(card.locator(".quiz-item")).to_contain_text("passed")
    expect(card.locator(".lessons .done")).to_have_count(len(module.lessons) + 1)


def _first_graded(slots: list[SlotFacts], kinds: tuple[str, ...] | None = None) -> SlotFacts:
    return next(s for s in slots if s.question.is_graded
                and (kinds is None or s.question.qtype in kinds))


def _quiz_url(module: ModuleFacts) -> str:
    return f"/courses/{COURSE}/modules/{module.slug}/quiz"


def test_saved_answer_survives_a_closed_tab(browser, live_server, db_read):
    """Without JavaScript (no autosave), "Save and next" is what keeps the answer."""
    context = browser.new_context(base_url=live_server, locale="en-GB",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        module = first_module(db_read)
        sign_up(page)
        enrol(page)
        page.goto(_quiz_url(module))
        attempt = start_quiz(page, "Start the quiz")
        slots = attempt_slots(db_read, attempt)
        question_1 = _first_graded(slots)
        while f"page={question_1.position}" not in page.url:  # past a case text, if any
            page.get_by_role("button", name="Save and next").click()
        expect(page.locator(f"#question-{question_1.position} legend")).to_have_text("Question 1")
        q = question_1.question
        response = answer_for(q, right=True)
        give_answer(page, q, response, autosave=False)
        page.get_by_role("button", name="Save and next").click()
        expect(page.get_by_text(f"Page {question_1.position + 1} of {len(slots)}")).to_be_visible()
        page.close()

        page = context.new_page()
        page.goto(_quiz_url(module))
        expect(page.get_by_text("You have an attempt in progress.")).to_be_visible()
        page.get_by_role("button", name="Continue the attempt").click()
        assert attempt_id_of(page) == attempt
        nav_item = page.locator(".question-nav li").nth(question_1.position - 1)
        expect(nav_item).to_have_class(re.compile(r"\banswered\b"))
        nav_item.get_by_role("link").click()
        expect(page.get_by_text(f"Page {question_1.position} of {len(slots)}")).to_be_visible()
        expect_answer_shown(page, q, response)
        assert saved_response(db_read, attempt, question_1.position) == response
    finally:
        context.close()


def test_changing_an_answer_autosaves_without_any_button(page: Page, db_read):
    attempt, slots = new_delegate_in_the_quiz(page, db_read)
    target = _first_graded(slots, ("multichoice", "missingword", "truefalse"))
    page.goto(f"/attempts/{attempt}?page={target.position}")
    q = target.question
    if q.qtype == "truefalse":
        first, then = ("true", True), ("false", False)
    else:
        first, then = ((str(i), i) for i in range(2))
    status = page.locator(".autosave-status")
    expect(status).to_be_hidden()

    with page.expect_response(is_autosave) as saved:
        page.locator(f'input[name="answer"][value="{first[0]}"]').check()
    assert saved.value.status == 204
    expect(status).to_have_text("Answer saved.")
    expect(status).to_be_visible()
    assert saved_response(db_read, attempt, target.position) == first[1]

    # Change the answer: saved again, still without pressing anything.
    with page.expect_response(is_autosave) as saved:
        page.locator(f'input[name="answer"][value="{then[0]}"]').check()
    assert saved.value.status == 204
    assert saved_response(db_read, attempt, target.position) == then[1]

    page.reload()
    expect(page.get_by_text(f"Page {target.position} of {len(slots)}")).to_be_visible()
    expect(page.locator(f'input[name="answer"][value="{then[0]}"]')).to_be_checked()
    expect(page.locator(f'input[name="answer"][value="{first[0]}"]')).not_to_be_checked()
    expect(status).to_be_hidden()  # a fresh page: nothing saved since it loaded

