"""Previewing a quiz as a delegate takes it: drawn like an attempt, graded in memory,
written nowhere."""
from __future__ import annotations

import json
import re

from kmi_learn.audit.models import AuditEntry
from kmi_learn.authoring.item_stats import stats_for_module
from kmi_learn.learning.models import ModuleProgress
from kmi_learn.quizzes.models import Attempt, AttemptSlot
from tests.authoring import bank_support as bs

QUIZ = """// [id:c1]
A boat arrives with 40 people.

// [id:c1-a] [tag:case]
::A:: Who must be screened? {
  =Everyone on board #Yes.
  ~Nobody #No.
}

// [id:n1]
::N:: In which year was the Convention adopted? {#
  =1951:0 #Right.
}

// [id:m1]
::M:: Match. {
  =Refugee Convention -> 1951
  =Protocol -> 1967
  = -> 1990
}
"""


def _draw(page: str) -> list:
    raw = re.search(r'name="draw" value="([^"]+)"', page).group(1)
    return json.loads(raw.replace("&#34;", '"').replace("&quot;", '"'))


def _counts() -> tuple[int, ...]:
    return (bs.count(Attempt), bs.count(AttemptSlot), bs.count(ModuleProgress),
            bs.count(AuditEntry))


def test_the_preview_shows_every_drawn_question_with_its_answer_form(app, tmp_path, sign_in):
    module = bs.course(tmp_path, quiz_text=QUIZ, shuffle=True)
    client, _ = sign_in("facilitator")
    page = client.get(f"/authoring/modules/{module.id}/preview").get_data(as_text=True)
    assert "nothing is recorded" in page
    for text in ("A boat arrives", "Who must be screened?", "In which year", "Match."):
        assert text in page
    # A case stays just before its questions, however the quiz is shuffled.
    assert page.index("A boat arrives") < page.index("Who must be screened?")
    draw = _draw(page)
    assert len(draw) == 4
    named = set(re.findall(r'name="q(\d)-answer', page))
    assert len(named) == 3  # the three graded questions; the case has no answer
    assert 'name="answer"' not in page and 'name="answer_0"' not in page


def test_submitting_grades_in_memory_and_writes_nothing(app, tmp_path, sign_in):
    module = bs.course(tmp_path, quiz_text=QUIZ)
    client, _ = sign_in("facilitator")
    url = f"/authoring/modules/{module.id}/preview"
    page = client.get(url).get_data(as_text=True)
    draw = _draw(page)
    before = _counts()
    matching = next(pos for pos, (_, order) in enumerate(draw, start=1) if len(order) == 3)
    answers = {"draw": json.dumps(draw), "q2-answer": "0", "q3-answer": "1951,0",
               f"q{matching}-answer_0": "0", f"q{matching}-answer_1": "2"}
    response = client.post(url, answers, token_from=url)
    result = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Score: 83.3%" in result  # 1 + 1 + 1/2 out of 3
    assert "Passed." in result and "Partly correct" in result and "Right." in result
    assert _counts() == before  # no attempt, no progress, nothing audited


def test_statistics_and_the_quiz_page_see_no_preview(app, tmp_path, sign_in):
    module = bs.course(tmp_path, quiz_text=QUIZ)
    client, _ = sign_in("facilitator")
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    url = f"/authoring/modules/{module.id}/preview"
    draw = _draw(client.get(url).get_data(as_text=True))
    client.post(url, {"draw": json.dumps(draw), "q2-answer": "0"}, token_from=url)
    quiz = client.get("/courses/demo/modules/module-1/quiz").get_data(as_text=True)
    assert "Attempt 1" not in quiz
    # Trainer reports and item statistics read attempts: there are none.
    assert bs.count(Attempt) == 0 and stats_for_module(module.id).attempts == 0


def test_a_bad_answer_is_shown_again_with_what_was_typed(app, tmp_path, sign_in):
    module = bs.course(tmp_path, quiz_text=QUIZ)
    client, _ = sign_in("facilitator")
    url = f"/authoring/modules/{module.id}/preview"
    draw = _draw(client.get(url).get_data(as_text=True))
    response = client.post(url, {"draw": json.dumps(draw), "q2-answer": "0",
                                 "q3-answer": "nineteen"}, token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a number" in page and 'value="nineteen"' in page
    assert re.search(r'name="q2-answer" value="0"\s+checked', page)


def test_a_draw_from_elsewhere_is_refused(app, tmp_path, sign_in):
    module = bs.course(tmp_path, modules=2)
    client, _ = sign_in("facilitator")
    other = f"/authoring/modules/{module.id + 1}/preview"
    foreign = _draw(client.get(other).get_data(as_text=True))
    url = f"/authoring/modules/{module.id}/preview"
    own = _draw(client.get(url).get_data(as_text=True))
    for draw in (json.dumps(foreign), "not json", json.dumps([[own[0][0], [5, 6]]]),
                 json.dumps({"a": 1}), ""):
        assert client.post(url, {"draw": draw}, token_from=url).status_code == 400


def test_the_preview_draws_as_many_questions_as_an_attempt(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=5, per_attempt=2, shuffle=True)
    client, _ = sign_in("facilitator")
    page = client.get(f"/authoring/modules/{module.id}/preview").get_data(as_text=True)
    assert len(_draw(page)) == 2 and "2 questions drawn per attempt" in page
