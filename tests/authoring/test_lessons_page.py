"""The course tree with the check of the files, and the lesson preview."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kmi_learn.catalog.models import Lesson
from kmi_learn.extensions import db
from tests import factories
from tests.querycount import count_queries


def write_tree(root, modules: int = 1):
    factories.write_course(root, modules=modules)
    folder = root / "demo" / "01-module-1"
    english = (folder / "01-lesson-1.md").read_text()
    (folder / "01-lesson-1.fr.md").write_text(
        english.replace("title: Lesson 1.1", "title: Leçon 1.1").replace(
            "Body of lesson", "Corps de la leçon") + "\n<script>alert(1)</script>\n")
    factories.sync(root)
    return root


def lesson_id(slug: str, module: str = "module-1") -> int:
    return db.session.scalar(select(Lesson.id).where(Lesson.slug == slug))


@pytest.fixture
def root(app, tmp_path):
    return write_tree(tmp_path / "courses")


def test_the_tree_shows_lessons_with_their_versions_and_languages(root, sign_in):
    lesson = root / "demo" / "01-module-1" / "02-lesson-2.md"
    lesson.write_text(lesson.read_text().replace("Body of", "Revised body of"))
    factories.sync(root)
    client, _ = sign_in("facilitator")
    page = client.get("/authoring/lessons").get_data(as_text=True)
    assert "Demo course demo" in page and "Module 1" in page
    assert "Lesson 1.1" in page and "Lesson 1.2" in page
    one, two = lesson_id("lesson-1"), lesson_id("lesson-2")
    assert f'/authoring/lessons/{one}?lang=en" hreflang="en">en v1</a>' in page
    assert f'/authoring/lessons/{one}?lang=fr" hreflang="fr">fr v1</a>' in page
    assert f'/authoring/lessons/{two}?lang=en" hreflang="en">en v2</a>' in page
    assert "Quiz: 2 questions" in page and "/authoring/modules/1/import" in page
    assert "No problem found: 1 course, 1 module, 2 lessons, 2 questions (en, fr)." in page


def test_problems_of_the_files_are_listed_with_path_and_line(root, sign_in):
    lesson = root / "demo" / "01-module-1" / "01-lesson-1.md"
    lesson.write_text(lesson.read_text() + "\nSee [@no-such-instrument].\n")
    (root / "demo" / "01-module-1" / "quiz.gift").write_text("// [id:x]\nBroken {\n")
    client, _ = sign_in("facilitator")
    page = client.get("/authoring/lessons").get_data(as_text=True)
    assert "3 problems" in page
    assert f"<code>{lesson}:13</code>: " in page and "no-such-instrument" in page
    assert f"<code>{root / 'demo' / '01-module-1' / 'quiz.gift'}:2</code>: " in page
    assert "Lesson 1.1" in page  # the stored tree is still listed


def test_the_preview_is_the_stored_html_as_delegates_see_it(root, sign_in):
    client, _ = sign_in("facilitator")
    url = f"/authoring/lessons/{lesson_id('lesson-1')}"
    page = client.get(url + "?lang=fr").get_data(as_text=True)
    assert '<article class="lesson" lang="fr">' in page and "<h1>Leçon 1.1</h1>" in page
    assert '<div class="lesson-body"><p>Corps de la leçon 1.1' in page
    assert '<a class="cite" href="/courses/demo/instruments/refugee-convention-1951"' in page
    assert "<script>alert(1)" not in page
    assert "Mark as complete" not in page and "Nothing is recorded." in page
    english = client.get(url + "?lang=en").get_data(as_text=True)
    assert "<h1>Lesson 1.1</h1>" in english
    fallback = client.get(f"/authoring/lessons/{lesson_id('lesson-2')}?lang=fr")
    assert "This lesson has no Français version" in fallback.get_data(as_text=True)
    assert client.get(url + "?lang=de").status_code == 404
    assert client.get("/authoring/lessons/9999").status_code == 404


@pytest.mark.parametrize("role", ["delegate", "trainer"])
def test_delegates_and_trainers_cannot_see_the_authoring_pages(root, sign_in, role):
    client, _ = sign_in(role)
    assert client.get("/authoring/lessons").status_code == 403
    assert client.get(f"/authoring/lessons/{lesson_id('lesson-1')}").status_code == 403


def test_the_tree_costs_the_same_number_of_queries_for_any_size(app, tmp_path, sign_in):
    client, _ = sign_in("facilitator")

    def statements() -> int:
        with count_queries() as queries:
            assert client.get("/authoring/lessons").status_code == 200
        return len(queries)

    write_tree(tmp_path / "courses", modules=1)
    small = statements()
    write_tree(tmp_path / "courses", modules=4)
    assert statements() == small
