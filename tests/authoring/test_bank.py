"""The question bank through its pages: lists, creating every type, validation, previews."""
from __future__ import annotations

import pytest

from kmi_learn.authoring import convert
from kmi_learn.authoring import views as bank_views
from kmi_learn.authoring.forms import QuestionForm
from kmi_learn.authoring.item_stats import ItemStats, QuizStats
from kmi_learn.gift import Choice, Question, parse, write_question
from kmi_learn.quizzes.models import QuestionVersion
from tests.authoring import bank_support as bs
from tests.querycount import count_queries


def test_index_lists_courses_and_modules_with_their_question_counts(app, tmp_path, sign_in):
    module = bs.course(tmp_path, modules=2, questions=3)
    client, _ = sign_in("facilitator")
    page = client.get("/authoring/").get_data(as_text=True)
    assert "Demo course demo" in page and "Module 2" in page
    assert f'href="/authoring/modules/{module.id}"' in page and "3 questions" in page


def test_bank_lists_type_id_text_version_and_statistics(app, tmp_path, sign_in, monkeypatch):
    module = bs.course(tmp_path, questions=2)
    q1 = bs.question(module, "m1-q1")
    stats = QuizStats(module_id=module.id, attempts=3, too_few=True, items={
        q1.id: ItemStats(q1.id, attempts=3, facility=95.0, discrimination=-12.5,
                         flags=["very easy", "negative discrimination"])})
    monkeypatch.setattr(bank_views, "stats_for_module", lambda module_id: stats)
    client, _ = sign_in("facilitator")
    page = client.get(f"/authoring/modules/{module.id}").get_data(as_text=True)
    row = page[page.index(f'id="q-{q1.id}"'):page.index(f'id="q-{q1.id + 1}"')]
    assert "m1-q1" in row and "Multiple choice" in row and "Question 1 of module 1?" in row
    assert "<td>1</td>" in row  # version 1
    assert "95.0%" in row and "-12.5%" in row
    assert "Very easy" in row and "Negative discrimination" in row
    assert "Too few finished attempts (3)" in page


@pytest.mark.parametrize("qtype", list(bs.VALID))
def test_a_question_of_every_type_is_created_as_valid_gift(app, tmp_path, sign_in, qtype):
    module = bs.course(tmp_path)
    client, user = sign_in("facilitator")
    assert "Matching (pairs)" in client.get(bs.new_url(module)).get_data(as_text=True)
    form = client.get(bs.new_url(module, qtype)).get_data(as_text=True)
    assert f'name="qtype" type="hidden" value="{qtype}"' in form
    response = bs.create(client, module, qtype, gift_id="new.q:1_x-2")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    question = bs.question(module, "new.q:1_x-2")
    version = question.current_version
    assert (version.number, version.source, version.created_by_id) == (1, "browser", user.id)
    assert version.qtype == qtype and list(version.content) == ["en"]
    assert question.position == 3  # after the two questions of the files
    q = version.parsed()
    assert parse(write_question(q)) == [q]  # exports and imports back unchanged
    [entry] = bs.audit("question.create")
    assert (entry.actor_id, entry.target_id, entry.after) == (user.id, question.id,
                                                              version.content)


def test_the_saved_question_holds_what_was_typed(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    client, _ = sign_in("facilitator")
    bs.create(client, module, "multichoice", title="Sources", tags="case, law",
              text_format="markdown")
    q = bs.question(module, "new-1").current_version.parsed()
    assert (q.title, q.tags, q.text_format) == ("Sources", ("case", "law"), "markdown")
    assert [(c.text, c.fraction, c.feedback) for c in q.choices] == [
        ("The 1951 Convention", 1.0, "Yes, article 1A(2)."),
        ("The 1990 Convention", 0.0, "No: migrant workers.")]
    assert q.general_feedback == "See lesson 3."
    numerical = bs.create(client, module, "numerical", gift_id="n1")
    assert numerical.status_code == 302
    n = bs.question(module, "n1").current_version.parsed()
    assert [(a.value, a.tolerance, a.fraction) for a in n.numerical] == [
        (1951.0, 0.0, 1.0), (1950.0, 2.0, 0.5)]


INVALID = [
    ("multiresponse", {"choices-1-weight": "30"},
     "Multiple response: the positive weights add up to 80%; they must add up to 100%"),
    ("multichoice", {"choices-1-text": "", "choices-1-weight": "", "choices-1-feedback": ""},
     "Give at least two choices"),
    ("multichoice", {"choices-1-weight": "100"},
     "Exactly one choice must be 100% for multiple choice (or use multiple response)"),
    ("multichoice", {"gift_id": "has space"}, "Use only letters, digits and _ . : - in the id"),
    ("multichoice", {"gift_id": "m1-q1"}, "The id &#39;m1-q1&#39; is already used in this course"),
    ("multichoice", {"gift_id": ""}, "Give the question an id"),
    ("multichoice", {"text": "  "}, "Write the question text"),
    ("multichoice", {"choices-0-weight": "lots"}, "Write a percentage such as 100, 50 or -25"),
    ("multichoice", {"choices-0-weight": "150"}, "A weight goes from -100 to 100"),
    ("multichoice", {"choices-1-text": ""}, "Write the answer, or clear this row"),
    ("missingword", {"text": "No gap here."}, "Put _____ (five underscores) in the text"),
    ("shortanswer", {"choices-0-weight": "90"}, "One answer must be worth 100%"),
    ("numerical", {"numbers-0-value": "nineteen"}, "&#39;nineteen&#39; is not a number"),
    ("numerical", {"numbers-0-tolerance": "-1"}, "The tolerance cannot be negative"),
    ("matching", {"pairs-2-answer": ""}, "Give at least two pairs and three answers"),
    ("matching", {"pairs-0-answer": ""}, "Write the answer that matches this question"),
    ("truefalse", {"correct": ""}, "Say whether the statement is true or false"),
    ("multichoice", {"tags": "a<b"}, "Tags cannot contain"),
]


@pytest.mark.parametrize(("qtype", "change", "message"), INVALID)
def test_bad_input_says_what_to_fix_and_keeps_what_was_typed(app, tmp_path, sign_in, qtype,
                                                             change, message):
    module = bs.course(tmp_path)
    client, _ = sign_in("facilitator")
    before = bs.count(QuestionVersion)
    response = bs.create(client, module, qtype, **change)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert "The question is not saved yet" in page
    assert bs.count(QuestionVersion) == before
    for name, value in {**bs.form_data(qtype), **change}.items():
        if value and name not in ("action", "qtype", "correct", "text_format"):
            assert value.replace("'", "&#39;").replace("<", "&lt;") in page, name


def test_an_id_is_unique_in_the_whole_course(app, tmp_path, sign_in):
    module = bs.course(tmp_path, modules=2)
    client, _ = sign_in("facilitator")
    response = bs.create(client, module, "truefalse", gift_id="m2-q1")
    assert response.status_code == 422
    assert "The id &#39;m2-q1&#39; is already used in this course" in response.get_data(
        as_text=True)


def test_the_gift_round_trip_is_the_last_check(app):
    # The form's rules keep texts trimmed and gaps in place; should anything slip
    # through, writing and reading the GIFT back tells, and nothing is saved.
    with app.test_request_context():
        form = QuestionForm(meta={"csrf": False})
        no_gap = Question("missingword", "No gap", choices=(Choice("a", 1.0), Choice("b", 0.0)))
        assert convert._round_trip(form, no_gap) is None
        assert "read back as a multichoice question" in form.gift_errors[0]
        padded = Question("multichoice", "padded ", choices=(Choice("a", 1.0), Choice("b", 0.0)))
        assert convert._round_trip(form, padded) is None
        assert "(text)" in form.gift_errors[1]
        fine = Question("multichoice", "fine", choices=(Choice("a", 1.0), Choice("b", 0.0)))
        assert convert._round_trip(form, fine) == fine


def test_add_more_rows_keeps_what_was_typed(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    client, _ = sign_in("facilitator")
    data = bs.form_data("multichoice", action="add_rows", **{"choices-3-text": "Fourth"})
    page = client.post(bs.new_url(module), data, token_from=bs.new_url(module, "multichoice"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "The 1951 Convention" in html and "Fourth" in html
    assert 'name="choices-6-text"' in html and 'name="choices-7-text"' not in html
    assert "The question is not saved yet" not in html
    assert bs.question(module, "new-1") is None


def test_preview_shows_the_question_as_delegates_see_it_and_saves_nothing(app, tmp_path,
                                                                          sign_in):
    module = bs.course(tmp_path)
    client, _ = sign_in("facilitator")
    before = bs.count(QuestionVersion)
    response = bs.create(client, module, "multiresponse", action="preview",
                         text="Which are **core** treaties?", text_format="markdown")
    page = response.get_data(as_text=True)
    preview = page[page.index('id="question-preview"'):]
    assert response.status_code == 200
    assert '<fieldset class="question multiresponse"' in preview
    assert "<strong>core</strong>" in preview and 'type="checkbox" name="answer"' in preview
    assert "Not a treaty." not in preview.split("On review")[0]
    assert 'class="feedback right"' in preview  # the review part, answered right
    assert bs.count(QuestionVersion) == before and bs.question(module, "new-1") is None


def test_the_script_gets_the_preview_part_alone(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    client, _ = sign_in("facilitator")
    page = client.get(bs.new_url(module, "truefalse")).get_data(as_text=True)
    assert 'src="/static/authoring.js"' in page and "<script>" not in page
    response = client.post(bs.new_url(module), bs.form_data("truefalse", action="preview"),
                           token_from=bs.new_url(module, "truefalse"),
                           headers={"X-Preview": "1"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert '<fieldset class="question truefalse"' in fragment
    incomplete = client.post(bs.new_url(module), bs.form_data("truefalse", action="preview",
                                                              correct=""),
                             token_from=bs.new_url(module, "truefalse"),
                             headers={"X-Preview": "1"}).get_data(as_text=True)
    assert "Say whether the statement is true or false" in incomplete


def test_an_unknown_type_is_refused(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    client, _ = sign_in("facilitator")
    response = client.post(bs.new_url(module), {**bs.form_data("multichoice"), "qtype": "essay"},
                           token_from=bs.new_url(module, "multichoice"))
    assert response.status_code == 400
    assert "Multiple choice" in client.get(bs.new_url(module, "essay")).get_data(as_text=True)


def _statements(client, url: str) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_bank_pages_run_a_fixed_number_of_queries(app, tmp_path, sign_in, monkeypatch):
    # Item statistics have their own budget (tests/authoring/test_stats*.py).
    monkeypatch.setattr(bank_views, "stats_for_module",
                        lambda module_id: QuizStats(module_id=module_id))
    client, _ = sign_in("facilitator")
    counts = []
    for questions in (2, 8):
        module = bs.course(tmp_path, modules=questions // 2, questions=questions)
        urls = ("/authoring/", f"/authoring/modules/{module.id}",
                f"/authoring/modules/{module.id}/preview",
                f"/authoring/questions/{bs.question(module, 'm1-q1').id}/history")
        counts.append([_statements(client, url) for url in urls])
    assert counts[0] == counts[1]
