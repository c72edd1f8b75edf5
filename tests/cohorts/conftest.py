"""Fixtures of the cohort tests: a synced course and cohorts owned by trainers."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kmi_learn.catalog.models import Course
from kmi_learn.cohorts import services
from kmi_learn.extensions import db
from tests import factories


@pytest.fixture
def course(app, tmp_path):
    factories.sync(factories.write_course(tmp_path / "courses", modules=2, lessons=2,
                                          questions=2))
    return db.session.scalar(select(Course).where(Course.slug == "demo"))


@pytest.fixture
def make_cohort(course):
    """``make_cohort(trainer, **fields)`` -> a committed cohort of the demo course."""

    def _make(trainer, name: str = "Geneva spring", **fields):
        cohort = services.create_cohort(trainer, name, course, fields.get("starts_on"),
                                        fields.get("ends_on"))
        db.session.commit()
        return cohort

    return _make
