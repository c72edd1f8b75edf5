"""Glossary, instrument cards and lesson media: public reference pages of a course."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory
from sqlalchemy import select

from kmi_learn.catalog.models import Course, GlossaryTerm, Instrument
from kmi_learn.catalog.queries import active_course
from kmi_learn.extensions import db
from kmi_learn.i18n import content_lang, pick

bp = Blueprint("catalog", __name__)

MEDIA_NAME = re.compile(r"^[A-Za-z0-9._-]+\.(png|jpe?g|webp)$")


def _course(course_slug: str) -> Course:
    course = active_course(course_slug)
    if course is None:
        abort(404)
    return course


def _terms(course: Course):
    return db.session.scalars(select(GlossaryTerm).where(
        GlossaryTerm.course_id == course.id, GlossaryTerm.retired_at.is_(None))).all()


@bp.route("/courses/<course_slug>/glossary/")
def list_terms(course_slug: str):
    course = _course(course_slug)
    lang = content_lang(course.languages)
    terms = sorted(_terms(course), key=lambda t: pick(t.term, lang).casefold())
    return render_template("catalog/glossary.html", course=course, terms=terms, lang=lang)


@bp.route("/courses/<course_slug>/glossary/<slug>")
def show_term(course_slug: str, slug: str):
    course = _course(course_slug)
    lang = content_lang(course.languages)
    terms = {t.slug: t for t in _terms(course)}
    term = terms.get(slug)
    if term is None:
        abort(404)
    related = [terms[s] for s in term.see if s in terms]
    return render_template("catalog/term.html", course=course, term=term, related=related,
                           lang=lang)


def _instruments(course: Course):
    return db.session.scalars(select(Instrument).where(
        Instrument.course_id == course.id, Instrument.retired_at.is_(None))).all()


@bp.route("/courses/<course_slug>/instruments/")
def list_instruments(course_slug: str):
    course = _course(course_slug)
    instruments = sorted(_instruments(course), key=lambda i: (i.data.get("adopted", ""), i.key))
    return render_template("catalog/instruments.html", course=course, instruments=instruments)


@bp.route("/courses/<course_slug>/instruments/<key>")
def show_instrument(course_slug: str, key: str):
    course = _course(course_slug)
    instrument = db.session.scalar(select(Instrument).where(
        Instrument.course_id == course.id, Instrument.key == key,
        Instrument.retired_at.is_(None)))
    if instrument is None:
        abort(404)
    return render_template("catalog/instrument.html", course=course, instrument=instrument)


@bp.route("/courses/<course_slug>/media/<filename>")
def media(course_slug: str, filename: str):
    # Only plain raster file names: no paths, no svg (it can carry script).
    if not MEDIA_NAME.match(filename):
        abort(404)
    course_slug = _course(course_slug).slug  # only a synced course's folder
    folder = Path(current_app.config["KMI_COURSES_PATH"]) / course_slug / "media"
    return send_from_directory(folder, filename, max_age=3600)
