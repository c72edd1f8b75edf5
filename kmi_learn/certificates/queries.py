"""Read-only look-ups for the certificate pages: a fixed number of queries each.

Trainers reach a certificate only through a cohort they own whose course is the
certificate's course and whose roster holds its delegate; admins reach all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from kmi_learn.accounts.models import User
from kmi_learn.certificates import codes
from kmi_learn.certificates.models import Certificate
from kmi_learn.cohorts.models import Cohort, CohortMember
from kmi_learn.extensions import db


@dataclass(frozen=True)
class Verification:
    """What the public verification page may show, and nothing more."""

    code: str
    holder_name: str
    course_title: dict[str, str]
    issued_at: datetime
    revoked_at: datetime | None

    @property
    def display_code(self) -> str:
        return codes.display(self.code)


@dataclass(frozen=True)
class RosterRow:
    user_id: int
    name: str
    email: str
    certificate_id: int | None
    code: str | None
    issued_at: datetime | None
    revoked_at: datetime | None

    @property
    def display_code(self) -> str:
        return codes.display(self.code) if self.code else ""


def verification(code: str) -> Verification | None:
    """The public facts of the certificate with this (normalised) code, or None."""
    row = db.session.execute(
        select(Certificate.code, Certificate.holder_name, Certificate.course_title,
               Certificate.issued_at, Certificate.revoked_at)
        .where(Certificate.code == code)
    ).first()
    return Verification(*row) if row is not None else None


def own_certificate(user_id: int, course_id: int) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(
        Certificate.user_id == user_id, Certificate.course_id == course_id))


def can_manage(user: User, certificate: Certificate) -> bool:
    """Admins manage every certificate; trainers those of delegates in their cohorts
    of that course."""
    if user.role == "admin":
        return True
    if user.role != "trainer":
        return False
    return bool(db.session.scalar(select(exists().where(
        CohortMember.cohort_id == Cohort.id, Cohort.trainer_id == user.id,
        Cohort.course_id == certificate.course_id,
        CohortMember.user_id == certificate.user_id))))


def cohort_roster(cohort: Cohort) -> list[RosterRow]:
    """Every delegate of the cohort with their certificate for its course, by name."""
    rows = db.session.execute(
        select(User.id, User.name, User.email, Certificate.id, Certificate.code,
               Certificate.issued_at, Certificate.revoked_at)
        .join(CohortMember, CohortMember.user_id == User.id)
        .outerjoin(Certificate, (Certificate.user_id == User.id)
                   & (Certificate.course_id == cohort.course_id))
        .where(CohortMember.cohort_id == cohort.id)
        .order_by(User.name, User.id)
    ).all()
    return [RosterRow(*row) for row in rows]


def cohort_valid_certificates(cohort: Cohort) -> list[tuple[Certificate, str]]:
    """The cohort's certificates that are not revoked, with each holder's locale,
    by holder name."""
    rows = db.session.execute(
        select(Certificate, User.locale)
        .join(User, User.id == Certificate.user_id)
        .join(CohortMember, CohortMember.user_id == Certificate.user_id)
        .where(CohortMember.cohort_id == cohort.id, Certificate.course_id == cohort.course_id,
               Certificate.revoked_at.is_(None))
        .order_by(Certificate.holder_name, Certificate.id)
    ).all()
    return [(certificate, locale) for certificate, locale in rows]
