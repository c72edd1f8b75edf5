"""Taking a quiz through the pages: saving, submitting, limits, deadlines, review."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from kmi_learn.extensions import db
from kmi_learn.learning.models import ModuleProgress
from kmi_learn.models_base import utcnow
from kmi_learn.quizzes import services
from kmi_learn.quizzes.models import Attempt, AttemptSlot
from tests import factories

QUIZ = "/courses/demo/modules/module-1/quiz"


def setup(app, tmp_path, sign_in, **course):
    factories.sync(factories.write_course(tmp_path / "courses", **course))
    client, user = sign_in()
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    return client, user


def start(client) -> int:
    response = client.post(QUIZ + "/start", token_from=QUIZ)
    assert response.status_code == 302
    return int(response.headers["Location"].split("/attempts/")[1].split("?")[0])


def test_answers_are_saved_page_by_page_and_survive_a_new_session(app, tmp_path, sign_in):
    client, user = setup(app, tmp_path, sign_in, questions=3)
    attempt_id = start(client)
    pages = factories.attempt_answers(attempt_id, right=True)
    client.post(f"/attempts/{attempt_id}", {"page": 1, "go": "next", **pages[1]},
                token_from=f"/attempts/{attempt_id}?page=1")
    # A closed tab or expired session: sign in again from another browser.
    other = factories_client(app, user)
    assert start(other) == attempt_id  # resumes the same attempt
    page = other.get(f"/attempts/{attempt_id}?page=1").get_data(as_text=True)
    assert f'value="{pages[1]["answer"]}" checked' in page
    slot = db.session.scalar(select(AttemptSlot).where(AttemptSlot.attempt_id == attempt_id,
                                                       AttemptSlot.position == 1))
    assert slot.response == int(pages[1]["answer"]) and slot.saved_at is not None


def factories_client(app, user):
    from tests.conftest import Client

    client = Client(app.test_client())
    client.post("/signin", {"email": user.email, "password": factories.PASSWORD},
                token_from="/signin")
    return client


def test_submit_grades_once_even_when_posted_twice(app, tmp_path, sign_in):
    client, user = setup(app, tmp_path, sign_in, questions=2)
    attempt_id = factories.take_quiz(client, "demo", "module-1", right=True)
    attempt = db.session.get(Attempt, attempt_id)
    finished_at, score = attempt.finished_at, attempt.score
    assert attempt.state == "finished" and attempt.passed and score == 2
    again = client.post(f"/attempts/{attempt_id}/submit", token_from=QUIZ)
    assert again.status_code == 302
    db.session.refresh(attempt)
    assert (attempt.finished_at, attempt.score) == (finished_at, score)
    assert services.submit_attempt(user, attempt) is False


def test_a_second_submit_after_a_change_of_answers_changes_nothing(app, tmp_path, sign_in):
    client, _user = setup(app, tmp_path, sign_in, questions=2)
    attempt_id = factories.take_quiz(client, "demo", "module-1", right=False)
    response = client.post(f"/attempts/{attempt_id}", {"page": 1, "go": "next", "answer": "0"},
                           token_from=QUIZ)
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/result")
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.score == 0 and not attempt.passed


def test_failing_then_passing_completes_the_module(app, tmp_path, sign_in):
    client, user = setup(app, tmp_path, sign_in, questions=2, lessons=1, pass_mark=60)
    client.post("/courses/demo/modules/module-1/lesson-1/complete",
                token_from="/courses/demo/modules/module-1/lesson-1")
    failed = factories.take_quiz(client, "demo", "module-1", right=False)
    result = client.get(f"/attempts/{failed}/result").get_data(as_text=True)
    assert "Not passed." in result and "Try again" in result
    assert "Wrong because." in result  # per-answer feedback on review
    assert "See the lesson." in result  # general feedback
    passed = factories.take_quiz(client, "demo", "module-1", right=True)
    result = client.get(f"/attempts/{passed}/result").get_data(as_text=True)
    assert "Passed." in result and "Module complete" in result
    progress = db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == user.id))
    assert progress.best_percent == 100 and progress.completed_at is not None


def test_the_attempt_limit_is_enforced_on_the_server(app, tmp_path, sign_in):
    client, user = setup(app, tmp_path, sign_in, questions=1, max_attempts=1)
    factories.take_quiz(client, "demo", "module-1", right=False)
    response = client.post(QUIZ + "/start", token_from=QUIZ, follow_redirects=True)
    assert "You have used all the attempts this quiz allows." in response.get_data(as_text=True)
    count = db.session.scalar(select(func.count(Attempt.id)).where(Attempt.user_id == user.id))
    assert count == 1


def test_the_time_limit_is_enforced_on_the_server(app, tmp_path, sign_in):
    client, _user = setup(app, tmp_path, sign_in, questions=2, time_limit=5)
    attempt_id = start(client)
    pages = factories.attempt_answers(attempt_id, right=True)
    client.post(f"/attempts/{attempt_id}", {"page": 1, "go": "next", **pages[1]},
                token_from=f"/attempts/{attempt_id}?page=1")
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.deadline_at is not None
    attempt.deadline_at = utcnow() - timedelta(minutes=1)  # the delegate went to lunch
    db.session.commit()
    # Reading never writes: the attempt page sends to the summary, still open.
    page = client.get(f"/attempts/{attempt_id}?page=2")
    assert page.headers["Location"].endswith(f"/attempts/{attempt_id}/summary")
    assert "The time limit has passed" in client.get(page.headers["Location"]).get_data(
        as_text=True)
    # A late answer is refused and the attempt is submitted with what was saved.
    late = client.post(f"/attempts/{attempt_id}", {"page": 2, "go": "next", **pages[2]},
                       token_from=QUIZ)
    assert late.headers["Location"].endswith(f"/attempts/{attempt_id}/result")
    db.session.refresh(attempt)
    assert attempt.state == "finished" and attempt.score == 1
    assert attempt.finished_at <= attempt.deadline_at + services.GRACE


def test_a_random_draw_is_fixed_for_the_attempt(app, tmp_path, sign_in):
    client, _user = setup(app, tmp_path, sign_in, questions=6, per_attempt=2, shuffle=True)
    attempt_id = start(client)
    slots = db.session.scalars(select(AttemptSlot.question_version_id).where(
        AttemptSlot.attempt_id == attempt_id).order_by(AttemptSlot.position)).all()
    assert len(slots) == 2
    assert start(client) == attempt_id
    again = db.session.scalars(select(AttemptSlot.question_version_id).where(
        AttemptSlot.attempt_id == attempt_id).order_by(AttemptSlot.position)).all()
    assert again == slots


def test_someone_elses_attempt_does_not_exist_for_you(app, tmp_path, sign_in):
    client, _user = setup(app, tmp_path, sign_in, questions=1)
    attempt_id = start(client)
    other, _ = sign_in()
    assert other.get(f"/attempts/{attempt_id}?page=1").status_code == 404
    assert other.get(f"/attempts/{attempt_id}/result").status_code == 404
    response = other.post(f"/attempts/{attempt_id}", {"page": 1, "answer": "0"})
    assert response.status_code == 404
    assert other.post(f"/attempts/{attempt_id}/submit").status_code == 404


def test_a_number_that_is_not_a_number_is_refused_and_loses_nothing(app, tmp_path, sign_in):
    quiz = "// [id:n1]\n::Year:: In which year? {#1951}\n"
    client, _user = setup(app, tmp_path, sign_in, quiz_text=quiz)
    attempt_id = start(client)
    client.post(f"/attempts/{attempt_id}", {"page": 1, "go": "save", "answer": "1951"},
                token_from=f"/attempts/{attempt_id}?page=1")
    response = client.post(f"/attempts/{attempt_id}", {"page": 1, "go": "save",
                                                       "answer": "nineteen"},
                           token_from=f"/attempts/{attempt_id}?page=1")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a number, for example 1951 or 2.5." in html and 'value="nineteen"' in html
    slot = db.session.scalar(select(AttemptSlot).where(AttemptSlot.attempt_id == attempt_id))
    assert slot.response == "1951"


def test_autosave_answers_without_a_page_change(app, tmp_path, sign_in):
    client, _user = setup(app, tmp_path, sign_in, questions=1)
    attempt_id = start(client)
    response = client.post(f"/attempts/{attempt_id}", {"page": 1, "go": "save", "answer": "1"},
                           token_from=f"/attempts/{attempt_id}?page=1",
                           headers={"X-Autosave": "1"})
    assert response.status_code == 204
    slot = db.session.scalar(select(AttemptSlot).where(AttemptSlot.attempt_id == attempt_id))
    assert slot.response == 1


def test_review_never_shows_only_the_score(app, tmp_path, sign_in):
    client, _user = setup(app, tmp_path, sign_in, questions=1, review="never")
    attempt_id = factories.take_quiz(client, "demo", "module-1", right=False)
    html = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Score: 0.0%" in html and "Wrong because." not in html
    assert "The answers of this quiz are not shown for review." in html


def test_review_after_pass_waits_for_a_pass(app, tmp_path, sign_in):
    client, _user = setup(app, tmp_path, sign_in, questions=1, review="after_pass")
    failed = factories.take_quiz(client, "demo", "module-1", right=False)
    assert "Wrong because." not in client.get(f"/attempts/{failed}/result").get_data(
        as_text=True)
    factories.take_quiz(client, "demo", "module-1", right=True)
    assert "Wrong because." in client.get(f"/attempts/{failed}/result").get_data(as_text=True)


def test_a_delegate_must_enrol_before_taking_a_quiz(app, tmp_path, sign_in):
    factories.sync(factories.write_course(tmp_path / "courses"))
    client, _user = sign_in()
    response = client.post(QUIZ + "/start", token_from=QUIZ)
    assert response.headers["Location"].endswith("/courses/demo/")
    assert db.session.scalar(select(func.count(Attempt.id))) == 0


def test_questions_and_choices_are_shuffled_when_the_module_says_so(app, tmp_path, sign_in):
    client, _user = setup(app, tmp_path, sign_in, questions=8, shuffle=True)
    orders = set()
    for _ in range(3):
        attempt_id = factories.take_quiz(client, "demo", "module-1", right=True)
        rows = db.session.execute(select(AttemptSlot.question_version_id, AttemptSlot.order)
                                  .where(AttemptSlot.attempt_id == attempt_id)
                                  .order_by(AttemptSlot.position)).all()
        orders.add(tuple(r[0] for r in rows))
        assert all(sorted(r[1]) == [0, 1] for r in rows)
    assert len(orders) > 1  # 8! orders: three identical draws would be a bug
