"""``courses sync``: idempotent, versioned, retiring instead of deleting."""
from __future__ import annotations

from sqlalchemy import func, select

from kmi_learn.catalog.models import Lesson, LessonVersion, Module
from kmi_learn.catalog.sync import sync_path
from kmi_learn.extensions import db
from kmi_learn.learning.models import LessonProgress
from kmi_learn.quizzes.models import Attempt, Question, QuestionVersion
from tests import factories


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_second_sync_changes_nothing(app, tmp_path):
    root = factories.write_course(tmp_path / "courses", modules=2, lessons=2, questions=3)
    first = factories.sync(root)
    assert first.changes["lesson created"] == 4 and first.changes["question version"] == 6
    assert factories.sync(root).total == 0


def test_the_cli_syncs_validates_and_reports(app, tmp_path, runner):
    root = factories.write_course(tmp_path / "courses")
    result = runner.invoke(args=["courses", "sync", str(root)])
    assert result.exit_code == 0 and "Synced:" in result.output
    result = runner.invoke(args=["courses", "sync", str(root)])
    assert "Synced: 0 changes." in result.output


def test_an_invalid_tree_changes_nothing(app, tmp_path, runner):
    root = factories.write_course(tmp_path / "courses")
    factories.sync(root)
    lesson = root / "demo" / "01-module-1" / "01-lesson-1.md"
    lesson.write_text(lesson.read_text().replace("Body of", "Changed body of") + "\n[@nope]\n")
    before = count(LessonVersion)
    result = runner.invoke(args=["courses", "sync", str(root)])
    assert result.exit_code == 1
    assert "01-lesson-1.md" in result.output and "nope" in result.output
    assert "nothing was changed" in result.output
    assert count(LessonVersion) == before


def test_an_edited_lesson_gets_a_new_version_and_keeps_its_progress(app, tmp_path, sign_in):
    root = factories.write_course(tmp_path / "courses", questions=0)
    factories.sync(root)
    client, user = sign_in()
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    client.post("/courses/demo/modules/module-1/lesson-1/complete",
                token_from="/courses/demo/modules/module-1/lesson-1")
    lesson = root / "demo" / "01-module-1" / "01-lesson-1.md"
    lesson.write_text(lesson.read_text().replace("Body of", "Revised body of"))
    report = factories.sync(root)
    assert report.changes == {"lesson version": 1}
    versions = db.session.scalars(select(LessonVersion).join(Lesson).where(
        Lesson.slug == "lesson-1", LessonVersion.lang == "en").order_by(LessonVersion.number)).all()
    assert [(v.number, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert "Revised body" in versions[1].html
    assert count(LessonProgress) == 1
    page = client.get("/courses/demo/modules/module-1/lesson-1").get_data(as_text=True)
    assert "Revised body" in page and "You have completed this lesson." in page


def test_a_vanished_lesson_is_retired_hidden_and_kept(app, tmp_path, sign_in):
    root = factories.write_course(tmp_path / "courses", lessons=3, questions=0)
    factories.sync(root)
    client, _ = sign_in()
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    client.post("/courses/demo/modules/module-1/lesson-3/complete",
                token_from="/courses/demo/modules/module-1/lesson-3")
    (root / "demo" / "01-module-1" / "03-lesson-3.md").unlink()
    assert factories.sync(root).changes == {"lesson retired": 1}
    assert count(Lesson) == 3 and count(LessonProgress) == 1
    assert "Lesson 1.3" not in client.get("/courses/demo/").get_data(as_text=True)
    assert client.get("/courses/demo/modules/module-1/lesson-3").status_code == 404


def test_renumbering_changes_the_order_not_the_identity(app, tmp_path):
    root = factories.write_course(tmp_path / "courses", lessons=2, questions=0)
    factories.sync(root)
    folder = root / "demo" / "01-module-1"
    (folder / "01-lesson-1.md").rename(folder / "03-lesson-1.md")
    report = factories.sync(root)
    assert set(report.changes) == {"lesson reordered"}
    assert count(LessonVersion) == 2
    order = db.session.scalars(select(Lesson.slug).order_by(Lesson.position)).all()
    assert order == ["lesson-2", "lesson-1"]


def test_an_attempt_finished_before_an_edit_keeps_its_version_and_score(app, tmp_path, sign_in):
    root = factories.write_course(tmp_path / "courses", questions=1)
    factories.sync(root)
    client, _ = sign_in()
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    attempt_id = factories.take_quiz(client, "demo", "module-1", right=True)
    # The facilitator corrects the answer key: "Wrong 1" becomes the right answer.
    quiz = root / "demo" / "01-module-1" / "quiz.gift"
    quiz.write_text(quiz.read_text().replace("=Right 1", "~Right 1").replace(
        "~Wrong 1", "=Wrong 1").replace("Question 1 of", "Question one of"))
    assert factories.sync(root).changes == {"question version": 1}
    question = db.session.scalar(select(Question))
    assert db.session.get(QuestionVersion, question.current_version_id).number == 2
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.score == 1 and attempt.passed
    result = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Question 1 of module 1" in result and "Question one" not in result
    assert "Score: 100.0%" in result
    new_attempt = factories.take_quiz(client, "demo", "module-1", right=True)
    html = client.get(f"/attempts/{new_attempt}/result").get_data(as_text=True)
    assert "Question one of module 1" in html


def test_a_vanished_question_is_retired_and_left_out_of_new_attempts(app, tmp_path, sign_in):
    root = factories.write_course(tmp_path / "courses", questions=2)
    factories.sync(root)
    quiz = root / "demo" / "01-module-1" / "quiz.gift"
    quiz.write_text(factories.gift_question(1))
    assert factories.sync(root).changes == {"question retired": 1}
    client, _ = sign_in()
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    attempt_id = factories.take_quiz(client, "demo", "module-1", right=True)
    assert db.session.get(Attempt, attempt_id).max_score == 1
    assert count(Question) == 2


def test_a_retired_module_comes_back_when_its_folder_does(app, tmp_path):
    root = factories.write_course(tmp_path / "courses", modules=2, questions=0)
    factories.sync(root)
    folder = root / "demo" / "02-module-2"
    folder.rename(tmp_path / "parked")
    assert factories.sync(root).changes == {"module retired": 1}
    (tmp_path / "parked").rename(folder)
    assert factories.sync(root).changes == {"module restored": 1}
    assert db.session.scalar(select(Module).where(Module.slug == "module-2")).retired_at is None


def test_lesson_html_is_sanitized_at_sync_time(app, tmp_path):
    root = factories.write_course(tmp_path / "courses", questions=0)
    lesson = root / "demo" / "01-module-1" / "01-lesson-1.md"
    lesson.write_text(lesson.read_text() + '\n<script>alert(1)</script>\n'
                      '<img src="x" onerror="alert(2)">\n[click](javascript:alert(3))\n')
    report = sync_path(root)
    assert not report.problems
    html = db.session.scalar(select(LessonVersion.html).join(Lesson).where(
        Lesson.slug == "lesson-1"))
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_a_renamed_lesson_shows_at_once_on_pages_that_keep_the_structure(app, tmp_path,
                                                                       sign_in):
    from kmi_learn.catalog.models import Course

    root = factories.write_course(tmp_path / "courses", questions=0)
    factories.sync(root)
    client, _ = sign_in()
    assert "Lesson 1.1" in client.get("/courses/demo/").get_data(as_text=True)
    revision = db.session.scalar(select(Course.revision))
    assert factories.sync(root).total == 0
    assert db.session.scalar(select(Course.revision)) == revision  # nothing changed
    lesson = root / "demo" / "01-module-1" / "01-lesson-1.md"
    lesson.write_text(lesson.read_text().replace("title: Lesson 1.1", "title: Renamed lesson"))
    factories.sync(root)
    assert db.session.scalar(select(Course.revision)) != revision
    page = client.get("/courses/demo/").get_data(as_text=True)
    assert "Renamed lesson" in page and "Lesson 1.1" not in page
