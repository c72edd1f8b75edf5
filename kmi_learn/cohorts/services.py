"""Cohort state changes: create a cohort, join one by its code. Services flush, never commit.

Roster imports live in :mod:`kmi_learn.cohorts.roster_services`.
"""
from __future__ import annotations

import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kmi_learn.accounts.models import User
from kmi_learn.audit.services import record
from kmi_learn.catalog.models import Course
from kmi_learn.cohorts.models import Cohort, CohortMember
from kmi_learn.extensions import db
from kmi_learn.learning import services as learning
from kmi_learn.models_base import utcnow

#: Crockford's base32: no I, L, O or U, so a code read aloud or typed is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 13 symbols of 5 bits: 65 bits of randomness, far beyond guessing
CODE_LENGTH = 13
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class JoinError(Exception):
    """A refused join; the message is shown to the person."""


def new_join_code() -> str:
    """A random join code of :data:`CODE_LENGTH` symbols from ``secrets``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes, O/I/L read as 0/1."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    return cleaned.translate(_READ_AS)[:32]


def display_code(code: str) -> str:
    """The code in groups of four (the last one takes a lone leftover): easier to read."""
    groups = [code[i:i + 4] for i in range(0, len(code), 4)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2:] = [groups[-2] + groups[-1]]
    return "-".join(groups)


def create_cohort(trainer: User, name: str, course: Course, starts_on: date | None,
                  ends_on: date | None) -> Cohort:
    """A new cohort owned by ``trainer``, with a fresh unguessable join code."""
    if starts_on and ends_on and ends_on < starts_on:
        raise ValueError("ends_on before starts_on")
    taken = True
    while taken:  # 65 bits: a collision is astronomically rare, but cheap to rule out
        code = new_join_code()
        taken = db.session.scalar(select(Cohort.id).where(Cohort.join_code == code)) is not None
    cohort = Cohort(name=name.strip(), course_id=course.id, trainer_id=trainer.id,
                    starts_on=starts_on, ends_on=ends_on, join_code=code)
    db.session.add(cohort)
    db.session.flush()
    record(trainer, "cohort.create", "cohort", cohort.id, f"Cohort {cohort.name!r} created",
           after={"name": cohort.name, "course": course.slug,
                  "starts_on": starts_on.isoformat() if starts_on else None,
                  "ends_on": ends_on.isoformat() if ends_on else None})
    return cohort


def find_by_code(typed: str) -> Cohort | None:
    code = normalise_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Cohort).where(Cohort.join_code == code))


def is_member(user: User, cohort: Cohort) -> bool:
    return db.session.scalar(select(CohortMember.id).where(
        CohortMember.cohort_id == cohort.id, CohortMember.user_id == user.id)) is not None


def join(user: User, cohort: Cohort) -> bool:
    """Enrol ``user`` in the cohort's course and add them to the cohort.

    Idempotent: joining again changes nothing and returns False; True when the user
    was added now. Refused (:class:`JoinError`) once the cohort has ended or when
    its course is no longer offered.
    """
    course = cohort.course
    if course.retired_at is not None:
        raise JoinError(_l("The course of this cohort is no longer offered."))
    if is_member(user, cohort):
        learning.enrol(user, course)  # an enrolment lost somehow is restored
        return False
    if cohort.ends_on is not None and cohort.ends_on < utcnow().date():
        raise JoinError(_l("This cohort ended on %(date)s; ask your trainer for a new code.",
                           date=cohort.ends_on.isoformat()))
    learning.enrol(user, course)
    try:
        with db.session.begin_nested():  # the same form sent twice at once: one row
            db.session.add(CohortMember(cohort_id=cohort.id, user_id=user.id))
    except IntegrityError:
        return False
    return True
