"""Helpers for the certificate tests: a small course without quizzes (completing its
lessons completes it), delegates who complete it, and cohorts made directly."""
from __future__ import annotations

import itertools
import secrets

import pytest
from sqlalchemy import select

from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Course, Lesson, Module
from kmi_learn.certificates.models import Certificate
from kmi_learn.cohorts.models import Cohort, CohortMember
from kmi_learn.extensions import db
from kmi_learn.learning import services as learning
from tests import factories

_cohorts = itertools.count(1)


_HASH: list[str] = []


def quick_users(n: int) -> list[User]:
    """``n`` delegates sharing one password hash (hashing each would take seconds)."""
    if not _HASH:
        _HASH.append(factories.make_user().password_hash)
    start = next(_cohorts)
    users = [User(email=f"quick{start}-{i}@example.org", name=f"Quick {start}-{i}",
                  password_hash=_HASH[0], role="delegate") for i in range(n)]
    db.session.add_all(users)
    db.session.commit()
    return users


def load_course(slug: str = "demo") -> Course:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def lessons_of(course: Course) -> list[Lesson]:
    return list(db.session.scalars(
        select(Lesson).join(Module).where(Module.course_id == course.id)
        .order_by(Module.position, Lesson.position)))


def complete_course(user: User, course: Course) -> Certificate | None:
    """Enrol ``user`` and complete every lesson through the learning services."""
    learning.enrol(user, course)
    for lesson in lessons_of(course):
        learning.complete_lesson(user, lesson)
    db.session.commit()
    return certificate_of(user, course)


def certificate_of(user: User, course: Course) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(
        Certificate.user_id == user.id, Certificate.course_id == course.id))


def make_cohort(trainer: User, course: Course, members: list[User]) -> Cohort:
    cohort = Cohort(name=f"Cohort {next(_cohorts)}", course_id=course.id, trainer_id=trainer.id,
                    join_code=secrets.token_hex(8))
    db.session.add(cohort)
    db.session.flush()
    for member in members:
        db.session.add(CohortMember(cohort_id=cohort.id, user_id=member.id))
    db.session.commit()
    return cohort


@pytest.fixture
def make_course(app, tmp_path):
    """``make_course(slug="demo", **write_course options)`` -> the synced Course."""
    root = tmp_path / "courses"

    def _make(slug: str = "demo", **options) -> Course:
        options.setdefault("questions", 0)
        factories.write_course(root, slug=slug, **options)
        factories.sync(root)
        return load_course(slug)

    return _make


@pytest.fixture
def course(make_course) -> Course:
    return make_course()


@pytest.fixture
def issued(course):
    """A delegate who completed the course, and their certificate."""
    delegate = factories.make_user(name="Zoë Saldaña-Müller", organisation="Mission of X",
                                   country="Atlantis")
    db.session.commit()
    certificate = complete_course(delegate, course)
    assert certificate is not None
    return delegate, certificate
