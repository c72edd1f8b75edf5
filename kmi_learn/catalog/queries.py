"""Read-only look-ups of the course catalogue shared by every feature's pages."""
from __future__ import annotations

from sqlalchemy import select

from kmi_learn.catalog.models import Course
from kmi_learn.extensions import db


def active_course(slug: str) -> Course | None:
    """The course with this slug, unless it is retired."""
    return db.session.scalar(select(Course).where(Course.slug == slug,
                                                  Course.retired_at.is_(None)))


def active_courses() -> list[Course]:
    """Every course that is not retired, by slug."""
    return list(db.session.scalars(select(Course).where(Course.retired_at.is_(None))
                                   .order_by(Course.slug)))
