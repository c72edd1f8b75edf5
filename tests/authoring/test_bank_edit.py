"""Editing, retiring, reordering questions and the quiz settings, through the pages."""
from __future__ import annotations

from sqlalchemy import select

from kmi_learn.catalog.models import Module
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import Question, QuestionVersion
from tests import factories
from tests.authoring import bank_support as bs

TRANSLATED = """// [id:t1]
::T1:: Which convention? {
  =The 1951 Convention #Yes.
  ~The 1990 Convention #No.
}
"""
TRANSLATED_FR = """// [id:t1]
::T1:: Quelle convention ? {
  =La Convention de 1951 #Oui.
  ~La Convention de 1990 #Non.
}
"""


def test_the_edit_page_shows_the_question_and_saving_makes_a_new_version(app, tmp_path,
                                                                          sign_in):
    module = bs.course(tmp_path)
    question = bs.question(module, "m1-q1")
    client, user = sign_in("facilitator")
    page = client.get(bs.edit_url(question.id)).get_data(as_text=True)
    assert "Question 1 of module 1?" in page and "Right because." in page
    assert '<fieldset class="question multichoice"' in page  # its preview
    data = bs.edit_data(client, question.id)
    assert data["choices-0-text"].strip() == "Right 1" and data["choices-0-weight"] == "100"
    data["choices-0-text"] = "Right 1, corrected"
    response = bs.edit(client, question.id, data)
    assert response.status_code == 302
    db.session.refresh(question)
    version = question.current_version
    assert (version.number, version.source, version.created_by_id) == (2, "browser", user.id)
    assert version.parsed().choices[0].text == "Right 1, corrected"
    assert version.parsed().general_feedback == "See the lesson."
    [entry] = bs.audit("question.edit")
    assert entry.before["en"]["choices"][0]["text"] == "Right 1"
    assert entry.after == version.content
    again = bs.edit(client, question.id, data)  # the same content again: no new version
    assert again.status_code == 302
    assert "Nothing changed" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert bs.count(QuestionVersion) == 3  # two from the files, one edit


def test_the_gift_id_cannot_change_on_edit(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    question = bs.question(module, "m1-q1")
    client, _ = sign_in("facilitator")
    data = bs.edit_data(client, question.id)
    data.update(gift_id="renamed", text="A new text")
    assert bs.edit(client, question.id, data).status_code == 302
    db.session.refresh(question)
    assert question.gift_id == "m1-q1" and question.current_version.parsed().id == "m1-q1"


def test_a_choice_question_may_change_to_multiple_response_only(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    question = bs.question(module, "m1-q1")
    client, _ = sign_in("facilitator")
    data = bs.edit_data(client, question.id)
    data.update({"qtype": "multiresponse", "choices-0-weight": "100"})
    assert bs.edit(client, question.id, data).status_code == 302
    db.session.refresh(question)
    assert question.current_version.qtype == "multiresponse"
    data["qtype"] = "numerical"
    assert bs.edit(client, question.id, data).status_code == 400


def test_translations_are_kept_while_they_grade_alike_and_dropped_with_a_message(
        app, tmp_path, sign_in):
    root = factories.write_course(tmp_path / "courses", quiz_text=TRANSLATED)
    (root / "demo" / "01-module-1" / "quiz.fr.gift").write_text(TRANSLATED_FR)
    factories.sync(root)
    module = db.session.scalar(select(Module))
    question = bs.question(module, "t1")
    assert list(question.current_version.content) == ["en", "fr"]
    client, _ = sign_in("facilitator")
    assert "Translations (fr) are kept" in client.get(
        bs.edit_url(question.id)).get_data(as_text=True)
    data = bs.edit_data(client, question.id)
    data["text"] = "Which convention defines a refugee?"
    bs.edit(client, question.id, data)
    db.session.refresh(question)
    content = question.current_version.content
    assert list(content) == ["en", "fr"] and content["fr"]["text"] == "Quelle convention ?"
    data.update({"choices-2-text": "The 1967 Protocol", "choices-2-weight": "0"})
    response = bs.edit(client, question.id, data)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The fr translation was dropped: it has 2 answers here but 3" in page
    db.session.refresh(question)
    assert list(question.current_version.content) == ["en"]


def test_retire_and_put_back(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=3)
    question = bs.question(module, "m1-q1")
    client, user = sign_in("facilitator")
    bank = f"/authoring/modules/{module.id}"
    response = client.post(f"/authoring/questions/{question.id}/retire", token_from=bank)
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.retired_at is not None
    page = client.get(bank).get_data(as_text=True)
    in_use, retired = page.split("<h2>Retired</h2>")
    assert "is retired" in in_use and "<code>m1-q1</code>" not in in_use
    assert "<code>m1-q1</code>" in retired and "Put back in use" in retired
    [entry] = bs.audit("question.retire")
    assert (entry.actor_id, entry.target_id) == (user.id, question.id)
    client.post(f"/authoring/questions/{question.id}/unretire", token_from=bank)
    db.session.refresh(question)
    assert question.retired_at is None and question.position == 4  # at the end
    assert len(bs.audit("question.unretire")) == 1


def test_a_retired_question_is_not_drawn_in_new_attempts(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=2)
    question = bs.question(module, "m1-q1")
    facilitator, _ = sign_in("facilitator")
    facilitator.post(f"/authoring/questions/{question.id}/retire",
                     token_from=f"/authoring/modules/{module.id}")
    delegate, _ = sign_in()
    delegate.post("/courses/demo/enrol", token_from="/courses/demo/")
    attempt_id = factories.take_quiz(delegate, "demo", "module-1", right=True)
    result = delegate.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Question 2 of module 1?" in result and "Question 1 of module 1?" not in result


def test_reorder_moves_questions_up_and_down(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=3)
    ids = {gid: bs.question(module, gid).id for gid in ("m1-q1", "m1-q2", "m1-q3")}
    client, _ = sign_in("facilitator")
    bank = f"/authoring/modules/{module.id}"
    client.post(f"/authoring/questions/{ids['m1-q3']}/move", {"direction": "up"}, token_from=bank)
    client.post(f"/authoring/questions/{ids['m1-q1']}/move", {"direction": "down"},
                token_from=bank)
    order = db.session.scalars(select(Question.gift_id).where(Question.module_id == module.id)
                               .order_by(Question.position)).all()
    assert order == ["m1-q3", "m1-q1", "m1-q2"]
    page = client.get(bank).get_data(as_text=True)
    assert page.index("m1-q3") < page.index("m1-q1") < page.index("m1-q2")
    first, second = bs.audit("question.reorder")
    assert first.before == ["m1-q1", "m1-q2", "m1-q3"]
    assert first.after == ["m1-q1", "m1-q3", "m1-q2"] and second.after == order
    # The first question cannot move up: nothing changes.
    client.post(f"/authoring/questions/{ids['m1-q3']}/move", {"direction": "up"}, token_from=bank)
    assert len(bs.audit("question.reorder")) == 2
    bad = client.post(f"/authoring/questions/{ids['m1-q3']}/move", {"direction": "sideways"},
                      token_from=bank)
    assert bad.status_code == 400


def test_the_order_is_the_order_of_new_attempts(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=2)
    facilitator, _ = sign_in("facilitator")
    second = bs.question(module, "m1-q2")
    facilitator.post(f"/authoring/questions/{second.id}/move", {"direction": "up"},
                     token_from=f"/authoring/modules/{module.id}")
    delegate, _ = sign_in()
    delegate.post("/courses/demo/enrol", token_from="/courses/demo/")
    attempt_id = factories.take_quiz(delegate, "demo", "module-1", right=True)
    result = delegate.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert result.index("Question 2 of module 1?") < result.index("Question 1 of module 1?")


SETTINGS = {"title_en": "Final check", "title_fr": "Vérification", "pass_mark": "80",
            "max_attempts": "3", "time_limit_minutes": "20", "shuffle_questions": "y",
            "questions_per_attempt": "2", "review": "after_pass"}


def test_quiz_settings_are_saved_as_a_new_dict_and_audited(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=3)
    before = dict(module.quiz)
    client, user = sign_in("facilitator")
    url = f"/authoring/modules/{module.id}/settings"
    page = client.get(url).get_data(as_text=True)
    assert "courses sync" in page and 'value="Check your understanding"' in page
    response = client.post(url, SETTINGS, token_from=url)
    assert response.status_code == 302
    db.session.refresh(module)
    assert module.quiz == {
        "title": {"en": "Final check", "fr": "Vérification"}, "pass_mark": 80,
        "max_attempts": 3, "time_limit_minutes": 20, "shuffle_questions": True,
        "shuffle_answers": False, "questions_per_attempt": 2, "review": "after_pass"}
    [entry] = bs.audit("quiz.settings")
    assert (entry.actor_id, entry.before, entry.after) == (user.id, before, module.quiz)
    client.post(url, SETTINGS, token_from=url)
    assert len(bs.audit("quiz.settings")) == 1  # unchanged: nothing recorded


def test_quiz_settings_are_checked(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=3)
    client, _ = sign_in("facilitator")
    url = f"/authoring/modules/{module.id}/settings"
    bad = {**SETTINGS, "pass_mark": "150", "max_attempts": "-1", "questions_per_attempt": "4",
           "title_en": ""}
    response = client.post(url, bad, token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Give a pass mark from 0 to 100.", "Give 0 (unlimited) or a number",
                    "The module has 3 graded questions: draw from 0 (all) to 3.",
                    "Give the quiz a title."):
        assert message in page
    assert 'value="150"' in page
    db.session.refresh(module)
    assert module.quiz["pass_mark"] == 50


def test_new_settings_apply_to_the_next_attempt(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=3)
    client, _ = sign_in("facilitator")
    url = f"/authoring/modules/{module.id}/settings"
    client.post(url, {**SETTINGS, "questions_per_attempt": "1", "time_limit_minutes": "0"},
                token_from=url)
    delegate, _ = sign_in()
    delegate.post("/courses/demo/enrol", token_from="/courses/demo/")
    attempt_id = factories.take_quiz(delegate, "demo", "module-1", right=True)
    from kmi_learn.quizzes.models import Attempt

    attempt = db.session.get(Attempt, attempt_id)
    assert len(attempt.slots) == 1 and attempt.pass_mark == 80
