"""What a facilitator writes in the browser is sanitized like lessons: a script in a
question never reaches a delegate's page, nor the previews."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tests.authoring import bank_support as bs

SCRIPT = "<script>alert('text')</script>"
IMG = '<img src="x" onerror="alert(1)">'
LINK = "[click](javascript:alert(2))"
#: What would run: a script element, an event handler attribute, a javascript: URL.
#: (As escaped text, "&lt;script&gt;" or "[click](javascript:...)" is harmless.)
DANGER = re.compile(r"<script|<[^>]*\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"']?\s*javascript:",
                    re.I)


def _hostile(text_format: str) -> dict[str, str]:
    return {
        "text_format": text_format,
        "text": f"Which one? {SCRIPT} {IMG} {LINK}",
        **bs.rows("choices", [
            {"text": f"Right {IMG}", "weight": "100", "feedback": f"Yes {SCRIPT}"},
            {"text": f"Wrong {SCRIPT}", "weight": "0", "feedback": f"No {IMG} {LINK}"}]),
        "general_feedback": f"See {LINK} {SCRIPT}",
    }


def _clean(html: str, where: str) -> None:
    # Our own script files are the only scripts a page may hold (CSP: script-src 'self').
    html = re.sub(r'<script src="/static/[a-z]+\.js" defer></script>', "", html)
    found = DANGER.search(html)
    assert found is None, f"{found.group(0)!r} in {where}"


@pytest.mark.parametrize("text_format", ["html", "markdown", "moodle", "plain"])
def test_a_script_written_in_the_browser_never_reaches_a_delegate(app, tmp_path, sign_in,
                                                                   text_format):
    module = bs.course(tmp_path, questions=0, quiz_text="")
    facilitator, _ = sign_in("facilitator")
    settings = f"/authoring/modules/{module.id}/settings"
    facilitator.post(settings, {"title_en": "Quiz", "pass_mark": "50", "max_attempts": "0",
                                "time_limit_minutes": "0", "questions_per_attempt": "0",
                                "review": "after_submit"}, token_from=settings)
    data = {**bs.form_data("multichoice", "x1"), **_hostile(text_format)}
    preview = facilitator.post(bs.new_url(module), {**data, "action": "preview"},
                               token_from=bs.new_url(module, "multichoice"))
    page = preview.get_data(as_text=True)
    assert "Which one?" in page
    _clean(page[page.index('id="question-preview"'):], "the editor's preview")
    assert facilitator.post(bs.new_url(module), data,
                            token_from=bs.new_url(module)).status_code == 302
    _clean(facilitator.get(f"/authoring/modules/{module.id}/preview").get_data(as_text=True),
           "the quiz preview")

    delegate, _ = sign_in()
    delegate.post("/courses/demo/enrol", token_from="/courses/demo/")
    quiz = "/courses/demo/modules/module-1/quiz"
    start = delegate.post(quiz + "/start", token_from=quiz)
    attempt_id = int(start.headers["Location"].split("/attempts/")[1].split("?")[0])
    attempt_page = delegate.get(f"/attempts/{attempt_id}?page=1").get_data(as_text=True)
    assert "Which one?" in attempt_page
    _clean(attempt_page, "the delegate's attempt page")
    for page_number, answers in factories.attempt_answers(attempt_id, right=False).items():
        delegate.post(f"/attempts/{attempt_id}", {"page": page_number, "go": "summary",
                                                  **answers},
                      token_from=f"/attempts/{attempt_id}?page={page_number}")
    delegate.post(f"/attempts/{attempt_id}/submit", token_from=f"/attempts/{attempt_id}/summary")
    result = delegate.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Not correct" in result and "See " in result  # the feedback is shown...
    _clean(result, "the delegate's review")  # ...without anything that runs


def test_the_bank_and_history_escape_what_was_typed(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    facilitator, _ = sign_in("facilitator")
    data = {**bs.form_data("multichoice", "x1"), **_hostile("html"), "title": SCRIPT}
    assert facilitator.post(bs.new_url(module), data,
                            token_from=bs.new_url(module, "multichoice")).status_code == 302
    question = bs.question(module, "x1")
    for url in (f"/authoring/modules/{module.id}", f"/authoring/questions/{question.id}/history",
                f"/authoring/questions/{question.id}/edit"):
        page = facilitator.get(url).get_data(as_text=True)
        assert "&lt;script&gt;" in page, url
        assert "<script>alert" not in page and 'onerror="alert' not in page, url
