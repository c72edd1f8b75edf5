"""The delegate's pages: catalogue, enrolment, course, lessons, continue, completion."""
from __future__ import annotations

from sqlalchemy import select

from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment, LessonProgress, ModuleProgress
from tests import factories

COURSE = "/courses/demo/"
LESSON = "/courses/demo/modules/module-{m}/lesson-{n}"


def course(tmp_path, **kw):
    factories.sync(factories.write_course(tmp_path / "courses", **kw))


def test_visitors_see_the_catalogue_and_the_course_outline_but_not_lessons(app, tmp_path, client):
    course(tmp_path)
    home = client.get("/").get_data(as_text=True)
    assert "Demo course demo" in home and "Sign up to take this course" in home
    outline = client.get(COURSE).get_data(as_text=True)
    assert "Module 1" in outline and "Lesson 1.1" in outline
    response = client.get(LESSON.format(m=1, n=1))
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_enrol_read_complete_and_continue(app, tmp_path, sign_in):
    course(tmp_path, modules=2, lessons=2, questions=0)
    client, user = sign_in()
    assert "Enrol in this course" in client.get(COURSE).get_data(as_text=True)
    assert client.get(LESSON.format(m=1, n=1)).headers["Location"].endswith(COURSE)
    client.post(COURSE + "enrol", token_from=COURSE)
    client.post(COURSE + "enrol", token_from=COURSE)  # twice: still one enrolment
    assert len(db.session.scalars(select(Enrolment)).all()) == 1
    page = client.get(LESSON.format(m=1, n=1)).get_data(as_text=True)
    assert "Body of lesson 1.1" in page
    assert 'href="/courses/demo/instruments/refugee-convention-1951"' in page
    assert 'href="/courses/demo/glossary/refugee"' in page
    assert 'rel="next" href="/courses/demo/modules/module-1/lesson-2"' in page
    assert client.get("/courses/demo/continue").headers["Location"].endswith(
        LESSON.format(m=1, n=1))
    done = client.post(LESSON.format(m=1, n=1) + "/complete", token_from=LESSON.format(m=1, n=1))
    assert done.headers["Location"].endswith(LESSON.format(m=1, n=2))
    assert client.get("/courses/demo/continue").headers["Location"].endswith(
        LESSON.format(m=1, n=2))
    client.post(LESSON.format(m=1, n=1) + "/complete", token_from=LESSON.format(m=1, n=1))
    assert len(db.session.scalars(select(LessonProgress)).all()) == 1
    assert "You have completed this lesson." in client.get(LESSON.format(m=1, n=1)).get_data(
        as_text=True)
    outline = client.get(COURSE).get_data(as_text=True)
    assert 'value="25"' in outline  # 1 of 4 lessons


def test_module_then_course_completion(app, tmp_path, sign_in):
    course(tmp_path, modules=2, lessons=1, questions=1, pass_mark=100)
    client, user = sign_in()
    client.post(COURSE + "enrol", token_from=COURSE)
    client.post(LESSON.format(m=1, n=1) + "/complete", token_from=LESSON.format(m=1, n=1))
    progress = db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == user.id))
    assert progress is None or progress.completed_at is None  # quiz not passed yet
    assert client.get("/courses/demo/continue").headers["Location"].endswith(
        "/courses/demo/modules/module-1/quiz")
    factories.take_quiz(client, "demo", "module-1", right=True)
    modules = db.session.scalars(select(ModuleProgress).where(
        ModuleProgress.completed_at.is_not(None))).all()
    assert len(modules) == 1
    enrolment = db.session.scalar(select(Enrolment))
    assert enrolment.completed_at is None
    client.post(LESSON.format(m=2, n=1) + "/complete", token_from=LESSON.format(m=2, n=1))
    factories.take_quiz(client, "demo", "module-2", right=True)
    db.session.refresh(enrolment)
    assert enrolment.completed_at is not None
    page = client.get(COURSE).get_data(as_text=True)
    assert "Course completed on" in page


def test_completing_a_lesson_of_a_course_you_are_not_in_is_refused(app, tmp_path, sign_in):
    course(tmp_path)
    client, _ = sign_in()
    response = client.post(LESSON.format(m=1, n=1) + "/complete", token_from=COURSE)
    assert response.status_code == 403
    assert db.session.scalars(select(LessonProgress)).all() == []


def test_unknown_pages_are_404(app, tmp_path, sign_in):
    course(tmp_path)
    client, _ = sign_in()
    client.post(COURSE + "enrol", token_from=COURSE)
    for url in ("/courses/nope/", "/courses/demo/modules/module-1/nope",
                "/courses/demo/modules/module-9/quiz", "/courses/demo/instruments/nope",
                "/courses/demo/glossary/nope", "/courses/demo/media/../../etc/passwd",
                "/courses/demo/media/x.svg", "/attempts/999"):
        assert client.get(url).status_code == 404, url


def test_glossary_and_instrument_cards(app, tmp_path, client):
    course(tmp_path)
    glossary = client.get("/courses/demo/glossary/").get_data(as_text=True)
    assert "Refugee" in glossary and "A person outside their country" in glossary
    card = client.get("/courses/demo/instruments/refugee-convention-1951").get_data(as_text=True)
    assert "Convention relating to the Status of Refugees" in card and "1954-04-22" in card


def test_french_delegates_read_the_french_text_and_the_rest_falls_back(app, tmp_path, sign_in):
    root = factories.write_course(tmp_path / "courses")
    (root / "demo" / "01-module-1" / "01-lesson-1.fr.md").write_text(
        "---\ntitle: Leçon 1.1\nminutes: 10\n---\nCorps de la leçon sur le {term:refugee}.\n")
    factories.sync(root)
    client, user = sign_in()
    client.post("/language", {"lang": "fr", "next": COURSE}, token_from=COURSE)
    client.post(COURSE + "enrol", token_from=COURSE)
    page = client.get(LESSON.format(m=1, n=1)).get_data(as_text=True)
    assert "Corps de la leçon" in page and '<html lang="fr">' in page
    assert ">Réfugié</a>" in page  # the term in French
    assert "Body of lesson 1.2" in client.get(LESSON.format(m=1, n=2)).get_data(as_text=True)
    db.session.refresh(user)
    assert user.locale == "fr"
