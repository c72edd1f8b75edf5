"""``courses sync``: bring the database in line with ``courses/``, in one transaction.

Validate first; change nothing if anything is invalid. New items are created,
changed items get a new version, unchanged items are untouched, vanished items are
retired (never deleted), so a second run in a row reports 0 changes.
"""
from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, has_request_context, url_for
from sqlalchemy import select

from kmi_learn.catalog.loader import load_tree
from kmi_learn.catalog.models import Course, GlossaryTerm, Instrument, Lesson, LessonVersion, Module
from kmi_learn.catalog.rendering import render_markdown
from kmi_learn.catalog.spec import (
    CourseSpec,
    LessonText,
    ModuleSpec,
    Problem,
    content_hash,
    to_plain,
)
from kmi_learn.extensions import db
from kmi_learn.models_base import utcnow

#: Steps run for every module after its lessons: ``step(module, spec, report,
#: prefer_files)``. Quizzes register theirs, so that catalog needs no import of them.
MODULE_STEPS: list = []


def module_step(function):
    """Register ``function`` as a sync step run for each module."""
    MODULE_STEPS.append(function)
    return function


@dataclass
class SyncReport:
    problems: list[Problem] = field(default_factory=list)
    #: e.g. {"lesson created": 3, "question version": 2, "module retired": 1}
    changes: Counter = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.changes.values())

    def summary(self) -> str:
        if not self.total:
            return "0 changes"
        details = ", ".join(f"{n} {what}" for what, n in sorted(self.changes.items()))
        return f"{self.total} changes ({details})"


def sync_path(root: str | Path, prefer_files: bool = False) -> SyncReport:
    """Validate the tree at ``root`` and apply it; the caller commits."""
    specs, problems = load_tree(Path(root))
    report = SyncReport(problems=list(problems))
    if problems:
        return report
    if has_request_context():
        _apply(specs, report, prefer_files)
    else:
        # url_for needs a request; links in stored HTML are site-relative paths.
        with current_app.test_request_context("/"):
            _apply(specs, report, prefer_files)
    db.session.flush()
    return report


def _apply(specs: list[CourseSpec], report: SyncReport, prefer_files: bool) -> None:
    existing = {c.slug: c for c in db.session.scalars(select(Course))}
    for spec in specs:
        before = report.total
        course = _sync_course(existing.get(spec.slug), spec, report)
        _sync_cards(course, spec, report)
        _sync_modules(course, spec, report, prefer_files)
        if report.total != before or not course.revision:
            course.revision = uuid.uuid4().hex  # pages drop their cached structure
    seen = {s.slug for s in specs}
    for slug, course in existing.items():
        if slug not in seen and _retire(course):
            report.changes["course retired"] += 1


def _retire(item) -> bool:
    if item.retired_at is None:
        item.retired_at = utcnow()
        return True
    return False


def _revive(item, report: SyncReport, kind: str) -> None:
    if item.retired_at is not None:
        item.retired_at = None
        report.changes[f"{kind} restored"] += 1


def _sync_course(course: Course | None, spec: CourseSpec, report: SyncReport) -> Course:
    fields = {"title": spec.title, "summary": spec.summary, "languages": spec.languages,
              "certificate": to_plain(spec.certificate)}
    digest = content_hash(fields)
    if course is None:
        course = Course(slug=spec.slug, content_hash=digest, **fields)
        db.session.add(course)
        db.session.flush()
        report.changes["course created"] += 1
        return course
    _revive(course, report, "course")
    if course.content_hash != digest:
        for name, value in fields.items():
            setattr(course, name, value)
        course.content_hash = digest
        report.changes["course updated"] += 1
    return course


def _sync_cards(course: Course, spec: CourseSpec, report: SyncReport) -> None:
    """Instruments and glossary terms: plain upserts, keyed by key and slug."""
    instruments = {i.key: i for i in db.session.scalars(
        select(Instrument).where(Instrument.course_id == course.id))}
    for key, entry in spec.instruments.items():
        data = to_plain(entry)
        _upsert_card(instruments.get(key), Instrument, report, "instrument",
                     course_id=course.id, key=key, data=data)
    for key, row in instruments.items():
        if key not in spec.instruments and _retire(row):
            report.changes["instrument retired"] += 1

    terms = {t.slug: t for t in db.session.scalars(
        select(GlossaryTerm).where(GlossaryTerm.course_id == course.id))}
    for slug, entry in spec.glossary.items():
        definition = {lang: _render(text, spec, lang) for lang, text in entry.definition.items()}
        _upsert_card(terms.get(slug), GlossaryTerm, report, "glossary term",
                     course_id=course.id, slug=slug, term=entry.term,
                     definition=definition, see=list(entry.see))
    for slug, row in terms.items():
        if slug not in spec.glossary and _retire(row):
            report.changes["glossary term retired"] += 1


def _upsert_card(row, model, report: SyncReport, kind: str, **values) -> None:
    digest = content_hash({k: v for k, v in values.items() if k != "course_id"})
    if row is None:
        db.session.add(model(content_hash=digest, **values))
        report.changes[f"{kind} created"] += 1
        return
    _revive(row, report, kind)
    if row.content_hash != digest:
        for name, value in values.items():
            setattr(row, name, value)
        row.content_hash = digest
        report.changes[f"{kind} updated"] += 1


def _sync_modules(course: Course, spec: CourseSpec, report: SyncReport,
                  prefer_files: bool) -> None:
    modules = {m.slug: m for m in db.session.scalars(
        select(Module).where(Module.course_id == course.id))}
    for mspec in spec.modules:
        module = _sync_module(course, modules.get(mspec.slug), mspec, report)
        _sync_lessons(module, mspec, spec, report)
        for step in MODULE_STEPS:
            step(module, mspec, report, prefer_files)
    seen = {m.slug for m in spec.modules}
    for slug, module in modules.items():
        if slug not in seen and _retire(module):
            report.changes["module retired"] += 1


def _sync_module(course: Course, module: Module | None, mspec: ModuleSpec,
                 report: SyncReport) -> Module:
    fields = {"title": mspec.title, "summary": mspec.summary, "objectives": mspec.objectives,
              "estimated_minutes": mspec.estimated_minutes,
              "quiz": to_plain(mspec.quiz) if mspec.quiz else None}
    digest = content_hash(fields)
    if module is None:
        module = Module(course_id=course.id, slug=mspec.slug, position=mspec.position,
                        content_hash=digest, **fields)
        db.session.add(module)
        db.session.flush()
        report.changes["module created"] += 1
        return module
    _revive(module, report, "module")
    if module.position != mspec.position:
        module.position = mspec.position
        report.changes["module reordered"] += 1
    if module.content_hash != digest:
        for name, value in fields.items():
            setattr(module, name, value)
        module.content_hash = digest
        report.changes["module updated"] += 1
    return module


def _sync_lessons(module: Module, mspec: ModuleSpec, spec: CourseSpec,
                  report: SyncReport) -> None:
    lessons = {lesson.slug: lesson for lesson in db.session.scalars(
        select(Lesson).where(Lesson.module_id == module.id))}
    current = {}
    if lessons:
        rows = db.session.scalars(select(LessonVersion).where(
            LessonVersion.lesson_id.in_([lesson.id for lesson in lessons.values()]),
            LessonVersion.is_current.is_(True)))
        current = {(v.lesson_id, v.lang): v for v in rows}
    for lspec in mspec.lessons:
        lesson = lessons.get(lspec.slug)
        if lesson is None:
            lesson = Lesson(module_id=module.id, slug=lspec.slug, position=lspec.position)
            db.session.add(lesson)
            db.session.flush()
            report.changes["lesson created"] += 1
        else:
            _revive(lesson, report, "lesson")
            if lesson.position != lspec.position:
                lesson.position = lspec.position
                report.changes["lesson reordered"] += 1
        for lang, text in lspec.versions.items():
            _sync_lesson_text(lesson, lang, text, spec, current.get((lesson.id, lang)), report)
    seen = {lesson.slug for lesson in mspec.lessons}
    for slug, lesson in lessons.items():
        if slug not in seen and _retire(lesson):
            report.changes["lesson retired"] += 1


def _sync_lesson_text(lesson: Lesson, lang: str, text: LessonText, spec: CourseSpec,
                      current: LessonVersion | None, report: SyncReport) -> None:
    html = _render(text.body, spec, lang)
    # The hash covers the rendered HTML, so a renamed instrument (its short name is
    # the link text) gives the lessons that cite it a new version too.
    digest = content_hash({"title": text.title, "minutes": text.minutes,
                           "objectives": text.objectives, "html": html})
    if current is not None and current.source_hash == digest:
        return
    number = 1
    if current is not None:
        current.is_current = False
        number = current.number + 1
        db.session.flush()  # one current version at a time, even mid-transaction
    db.session.add(LessonVersion(
        lesson_id=lesson.id, lang=lang, number=number, is_current=True, title=text.title,
        minutes=text.minutes, objectives=list(text.objectives), html=html, source_hash=digest,
    ))
    report.changes["lesson version"] += 1


def _render(markdown_text: str, spec: CourseSpec, lang: str) -> str:
    course = spec.slug
    terms = {slug: t.term.get(lang) or t.term[spec.default_lang]
             for slug, t in spec.glossary.items()}
    return render_markdown(
        markdown_text,
        cite_href=lambda key: url_for("catalog.show_instrument", course_slug=course, key=key),
        term_href=lambda slug: url_for("catalog.show_term", course_slug=course, slug=slug),
        media_href=lambda name: url_for("catalog.media", course_slug=course, filename=name),
        instruments=spec.instruments,
        terms=terms,
    )
