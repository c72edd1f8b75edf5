"""Helpers of the GIFT import/export, export CLI and conflict tests."""
from __future__ import annotations

import html
import re

from sqlalchemy import select

from kmi_learn.catalog.models import Course, Module
from kmi_learn.catalog.spec import content_hash
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import Question, QuestionVersion
from kmi_learn.quizzes.sync import add_version

_HIDDEN = re.compile(r'<input[^>]*name="(gift|lang|bank_hash)"[^>]*value="([^"]*)"')


def module_id(slug: str = "module-1", course: str = "demo") -> int:
    return db.session.scalar(select(Module.id).join(Course).where(
        Course.slug == course, Module.slug == slug))


def bank(course: str = "demo", module: str | None = None) -> dict[str, dict]:
    """{gift_id: current content} of the non-retired questions."""
    query = (select(Question.gift_id, QuestionVersion.content)
             .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
             .join(Module, Module.id == Question.module_id).join(Course)
             .where(Course.slug == course, Question.retired_at.is_(None)))
    if module:
        query = query.where(Module.slug == module)
    return dict(db.session.execute(query).all())


def question(gift_id: str) -> Question:
    return db.session.scalar(select(Question).where(Question.gift_id == gift_id))


def versions(gift_id: str) -> list[QuestionVersion]:
    return db.session.scalars(select(QuestionVersion).join(
        Question, Question.id == QuestionVersion.question_id).where(
        Question.gift_id == gift_id).order_by(QuestionVersion.number)).all()


def browser_edit(gift_id: str, text: str, user_id: int | None = None) -> QuestionVersion:
    """A facilitator's edit of the question text (every language), as the bank saves it."""
    q = question(gift_id)
    current = db.session.get(QuestionVersion, q.current_version_id)
    content = {lang: {**data, "text": text} for lang, data in current.content.items()}
    version = add_version(q, content, content_hash(content), source="browser",
                          number=current.number + 1, user_id=user_id)
    db.session.commit()
    return version


def preview(client, module: int, text: str, lang: str = "en"):
    url = f"/authoring/modules/{module}/import"
    return client.post(url, {"text": text, "lang": lang}, token_from=url)


def confirm(client, module: int, preview_response):
    """Post the confirmation form of a preview page, as the browser would."""
    page = preview_response.get_data(as_text=True)
    fields = {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}
    assert set(fields) == {"gift", "lang", "bank_hash"}, "no confirmation form"
    return client.post(f"/authoring/modules/{module}/import/confirm", fields,
                       token_from=f"/authoring/modules/{module}/import")


def import_gift(client, module: int, text: str, lang: str = "en"):
    response = preview(client, module, text, lang)
    assert response.status_code == 200, response.get_data(as_text=True)[-3000:]
    return confirm(client, module, response)
