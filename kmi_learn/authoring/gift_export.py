"""A module's quiz, or a course's whole bank, as GIFT (read-only).

The GIFT is what the parser reads back equal (:func:`kmi_learn.gift.write`), in UTF-8
(Moodle's rule), named ``*.gift.txt`` (see :func:`filename`), so it imports here
unchanged and into Moodle: each module under a ``$CATEGORY:
<course>/<module>`` line (Moodle makes the category; kmi_learn ignores categories on
import, a module being the only place a question has here), ``::title::`` names, and
``// [id:...]`` comments (Moodle 3.6+ reads them as the question's ID number; older
versions skip them as comments).
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from kmi_learn.catalog.models import Course, Module
from kmi_learn.extensions import db
from kmi_learn.gift import write
from kmi_learn.gift.model import Question as GiftQuestion
from kmi_learn.quizzes.models import Question, QuestionVersion


@dataclass
class BankEntry:
    """A question of a bank with its current version."""

    question: Question
    version: QuestionVersion


def current_bank(module_ids: list[int]) -> dict[int, list[BankEntry]]:
    """The non-retired questions of ``module_ids`` with their current versions, in
    position order, by module id: one query whatever the size of the bank."""
    if not module_ids:
        return {}
    rows = db.session.execute(
        select(Question, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.module_id.in_(module_ids), Question.retired_at.is_(None))
        .order_by(Question.module_id, Question.position, Question.id)
    ).all()
    bank: dict[int, list[BankEntry]] = defaultdict(list)
    for question, version in rows:
        bank[question.module_id].append(BankEntry(question, version))
    return bank


def questions_in(entries: list[BankEntry], lang: str) -> list[GiftQuestion]:
    """The questions written in ``lang`` (those without a version in it are left out)."""
    return [GiftQuestion.from_dict(e.version.content[lang]) for e in entries
            if lang in e.version.content]


def category_of(course: Course, module: Module) -> str:
    return f"{course.slug}/{module.slug}"


def _in_category(questions: list[GiftQuestion], category: str) -> list[GiftQuestion]:
    return [dataclasses.replace(q, category=category) for q in questions]


def module_gift(module: Module, lang: str | None = None) -> str:
    """The module's quiz in ``lang`` (default: the course's default language) as GIFT."""
    course = module.course
    lang = lang or course.default_lang
    entries = current_bank([module.id]).get(module.id, [])
    return write(_in_category(questions_in(entries, lang), category_of(course, module)))


def course_gift(course: Course, lang: str | None = None) -> str:
    """Every non-retired module's quiz of ``course``, each under its own category."""
    lang = lang or course.default_lang
    modules = [m for m in course.modules if m.retired_at is None]
    bank = current_bank([m.id for m in modules])
    questions: list[GiftQuestion] = []
    for module in modules:
        questions += _in_category(questions_in(bank.get(module.id, []), lang),
                                  category_of(course, module))
    return write(questions)


def filename(course: Course, module: Module | None, lang: str) -> str:
    """E.g. ``iml-foundations.gift.txt``, ``iml.fr.gift.txt`` (ASCII slugs only).

    ``.txt`` because Moodle's GIFT importer takes only files whose type is text/plain,
    which it decides by the extension (it knows no ``.gift``; its own GIFT export
    writes ``.txt`` too).
    """
    base = course.slug if module is None else f"{course.slug}-{module.slug}"
    suffix = "" if lang == course.default_lang else f".{lang}"
    return f"{base}{suffix}.gift.txt"
