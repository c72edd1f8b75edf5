"""The course, lesson and quiz pages run a number of statements that does not grow
with the number of lessons, questions or delegates."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kmi_learn.catalog.models import Course, Lesson
from kmi_learn.extensions import db
from kmi_learn.learning.services import complete_lesson, enrol
from tests import factories
from tests.querycount import count_queries

SIZES = {"small": dict(modules=1, lessons=1, questions=1, delegates=1),
         "big": dict(modules=6, lessons=8, questions=30, delegates=15)}


def seed(tmp_path):
    root = tmp_path / "courses"
    for slug, size in SIZES.items():
        factories.write_course(root, slug=slug, modules=size["modules"],
                               lessons=size["lessons"], questions=size["questions"])
    factories.sync(root)
    for slug, size in SIZES.items():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        lessons = db.session.scalars(select(Lesson).join(Lesson.module).where(
            Lesson.module.has(course_id=course.id))).all()
        for _ in range(size["delegates"]):  # others' progress must not leak into a page
            other = factories.make_user()
            enrol(other, course)
            for lesson in lessons:
                complete_lesson(other, lesson)
    db.session.commit()


def measure(client, slug):
    base = f"/courses/{slug}/"
    client.post(base + "enrol", token_from=base)
    client.post(base + "modules/module-1/lesson-1/complete",
                token_from=base + "modules/module-1/lesson-1")
    start = client.post(base + "modules/module-1/quiz/start",
                        token_from=base + "modules/module-1/quiz")
    attempt_url = start.headers["Location"]
    factories_pages = {"course": base, "lesson": base + "modules/module-1/lesson-1",
                       "quiz": base + "modules/module-1/quiz", "attempt": attempt_url,
                       "summary": attempt_url.split("?")[0] + "/summary",
                       "home": "/"}
    counts = {}
    for name, url in factories_pages.items():
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(statements)
    return counts


@pytest.fixture
def counts(app, tmp_path, sign_in):
    seed(tmp_path)
    client, _ = sign_in()
    return {slug: measure(client, slug) for slug in SIZES}


@pytest.mark.parametrize("page", ["home", "course", "lesson", "quiz", "attempt", "summary"])
def test_page_query_count_does_not_grow(counts, page):
    small, big = counts["small"][page], counts["big"][page]
    assert big == small, f"{page}: {small} statements for a small course, {big} for a big one"
    assert small <= 8, f"{page} runs {small} statements"
