"""Versions of a question: the history page, its diffs, restoring, and finished attempts
that keep the version they were taken on."""
from __future__ import annotations

from kmi_learn.authoring.diff import diff_lines, gift_text
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import Attempt, QuestionVersion
from tests import factories
from tests.authoring import bank_support as bs


def _edit_text(client, question_id: int, **changes: str) -> None:
    data = bs.edit_data(client, question_id)
    data.update(changes)
    response = bs.edit(client, question_id, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_history_shows_who_when_and_a_readable_diff(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    question = bs.question(module, "m1-q1")
    client, user = sign_in("facilitator", name="Ana Facilitator")
    _edit_text(client, question.id, text="Question 1 of <b>module</b> 1, revised?",
               **{"choices-1-feedback": "Wrong, see article 33."})
    page = client.get(f"/authoring/questions/{question.id}/history").get_data(as_text=True)
    v2 = page[page.index('id="v2"'):page.index('id="v1"')]
    v1 = page[page.index('id="v1"'):]
    assert "Ana Facilitator" in v2 and "current" in v2 and "<time datetime=" in v2
    assert "sync from files" in v1 and "Ana Facilitator" not in v1
    removed = [line for line in v2.split("<tr") if 'class="removed"' in line]
    added = [line for line in v2.split("<tr") if 'class="added"' in line]
    assert any("Question 1 of module 1?" in line for line in removed)
    assert any("Question 1 of &lt;b&gt;module&lt;/b&gt; 1, revised?" in line for line in added)
    assert any("Wrong because." in line for line in removed)
    assert any("Wrong, see article 33." in line for line in added)
    assert "<b>module</b>" not in page  # every line is escaped
    assert "Restore version 1 as a new version" in v1 and "Restore version 2" not in v2


def test_the_diff_lists_changed_lines_with_context():
    old = "a\nb\nc\nd\ne\nf\ng\nh\ni\n"
    lines = diff_lines(old, old.replace("h", "H"), context=1)
    assert [(d.kind, d.old, d.new, d.text) for d in lines] == [
        ("skip", None, None, ""), ("same", 7, 7, "g"), ("removed", 8, None, "h"),
        ("added", None, 8, "H"), ("same", 9, 9, "i")]
    content = {"en": {"qtype": "description", "text": "Hello"},
               "fr": {"qtype": "description", "text": "Bonjour"}}
    assert gift_text(content) == "// en\nHello\n\n// fr\nBonjour\n"


def test_restore_makes_a_new_version_equal_to_the_old_one(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    question = bs.question(module, "m1-q1")
    original = question.current_version
    client, user = sign_in("facilitator")
    _edit_text(client, question.id, text="Changed once")
    _edit_text(client, question.id, text="Changed twice")
    history = f"/authoring/questions/{question.id}/history"
    response = client.post(f"/authoring/questions/{question.id}/versions/1/restore",
                           token_from=history)
    assert response.status_code == 302
    db.session.refresh(question)
    current = question.current_version
    assert current.number == 4 and current.id != original.id
    assert current.content == original.content and current.content_hash == original.content_hash
    assert (current.source, current.created_by_id) == ("browser", user.id)
    [entry] = bs.audit("question.restore")
    assert entry.before["en"]["text"] == "Changed twice" and entry.after == original.content
    page = client.get(history).get_data(as_text=True)
    assert "Version 1 is restored as version 4" in page
    # Restoring what is already current adds nothing.
    client.post(f"/authoring/questions/{question.id}/versions/4/restore", token_from=history)
    client.post(f"/authoring/questions/{question.id}/versions/1/restore", token_from=history)
    assert bs.count(QuestionVersion) == 2 + 3
    missing = client.post(f"/authoring/questions/{question.id}/versions/9/restore",
                          token_from=history)
    assert missing.status_code == 404


def _delegate(sign_in):
    client, user = sign_in()
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    return client, user


def test_finished_attempts_keep_the_version_they_were_taken_on(app, tmp_path, sign_in):
    module = bs.course(tmp_path, questions=1)
    question = bs.question(module, "m1-q1")
    delegate, _ = _delegate(sign_in)
    attempt_id = factories.take_quiz(delegate, "demo", "module-1", right=True)
    facilitator, _ = sign_in("facilitator")
    _edit_text(facilitator, question.id, text="A corrected question text?",
               **{"choices-0-text": "Corrected right answer"})
    result = delegate.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Question 1 of module 1?" in result and "Right 1" in result
    assert "A corrected question text?" not in result
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.slots[0].question_version.number == 1 and attempt.score == 1
    second = factories.take_quiz(delegate, "demo", "module-1", right=True)
    result = delegate.get(f"/attempts/{second}/result").get_data(as_text=True)
    assert "A corrected question text?" in result and "Corrected right answer" in result


def test_facilitator_journey_multiple_response_with_partial_credit(app, tmp_path, sign_in):
    """Create a multiple-response question with partial credit, preview it, save it,
    edit it; a delegate's attempt taken before the edit still shows the old version."""
    module = bs.course(tmp_path, questions=0, quiz_text="")
    facilitator, _ = sign_in("facilitator")
    settings = f"/authoring/modules/{module.id}/settings"
    facilitator.post(settings, {"title_en": "Quiz", "pass_mark": "50", "max_attempts": "0",
                                "time_limit_minutes": "0", "questions_per_attempt": "0",
                                "review": "after_submit"}, token_from=settings)
    data = bs.form_data("multiresponse", gift_id="mr-1", action="preview")
    preview = facilitator.post(bs.new_url(module), data,
                               token_from=bs.new_url(module, "multiresponse"))
    assert 'type="checkbox" name="answer"' in preview.get_data(as_text=True)
    data["action"] = "save"
    assert facilitator.post(bs.new_url(module), data,
                            token_from=bs.new_url(module)).status_code == 302
    delegate, _ = _delegate(sign_in)
    quiz = "/courses/demo/modules/module-1/quiz"
    start = delegate.post(quiz + "/start", token_from=quiz)
    attempt_id = int(start.headers["Location"].split("/attempts/")[1].split("?")[0])
    delegate.post(f"/attempts/{attempt_id}", {"page": 1, "go": "summary", "answer": ["0"]},
                  token_from=f"/attempts/{attempt_id}?page=1")
    delegate.post(f"/attempts/{attempt_id}/submit", token_from=f"/attempts/{attempt_id}/summary")
    assert db.session.get(Attempt, attempt_id).score == 0.5  # partial credit
    question = bs.question(module, "mr-1")
    _edit_text(facilitator, question.id, text="Which are core UN human rights treaties?")
    db.session.refresh(question)
    assert question.current_version.number == 2
    result = delegate.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Which are core human rights treaties?" in result
    assert "core UN human rights" not in result and "Partly correct" in result
