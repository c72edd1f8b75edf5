"""Fixtures of the report tests: the demo course, a trainer and a seeded cohort."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kmi_learn.catalog.models import Course
from kmi_learn.cohorts import services
from kmi_learn.extensions import db
from tests import factories
from tests.reports import seeding


@pytest.fixture
def course(app, tmp_path):
    factories.sync(factories.write_course(tmp_path / "courses", modules=2, lessons=2,
                                          questions=2))
    return db.session.scalar(select(Course).where(Course.slug == "demo"))


@pytest.fixture
def trainer(sign_in, course):
    """(client, user) of a signed-in trainer."""
    return sign_in("trainer")


@pytest.fixture
def make_cohort(course):
    def _make(owner, n: int = 0, name: str = "Geneva spring"):
        cohort = services.create_cohort(owner, name, course, None, None)
        db.session.commit()
        if n:
            seeding.seed(cohort, n)
        return cohort

    return _make
