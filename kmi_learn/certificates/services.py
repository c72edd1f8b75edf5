"""Issuing and revoking certificates. Services flush, never commit.

Importing this module registers :func:`issue_for_completion` with the learning
services, so that completing a course issues its certificate in the same transaction.
"""
from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kmi_learn.accounts.models import User
from kmi_learn.audit.services import record
from kmi_learn.catalog.models import Course
from kmi_learn.certificates import codes
from kmi_learn.certificates.models import Certificate
from kmi_learn.extensions import db
from kmi_learn.learning import services as learning
from kmi_learn.learning.models import Enrolment
from kmi_learn.models_base import utcnow

#: attempts at a fresh code when one collides (80 bits: never expected to happen)
_CODE_TRIES = 5


class AlreadyRevoked(ValueError):
    """The certificate was revoked before; revoking is done once."""


def certificate_of(user_id: int, course_id: int) -> Certificate | None:
    """The certificate of this delegate for this course, revoked or not."""
    return db.session.scalar(select(Certificate).where(
        Certificate.user_id == user_id, Certificate.course_id == course_id))


def certificates_enabled(course: Course) -> bool:
    return bool((course.certificate or {}).get("enabled"))


def issue_for_completion(user: User, course: Course,
                         enrolment: Enrolment) -> Certificate | None:
    """Issue the certificate of ``user`` for ``course``, once.

    Returns the certificate (the existing one if there is one, also when another
    transaction issued it at the same moment), or None if the course gives no
    certificates. Name, course title, certificate title and issuer are copied now.
    """
    if not certificates_enabled(course):
        return None
    existing = certificate_of(user.id, course.id)
    if existing is not None:
        return existing
    settings = course.certificate
    for _attempt in range(_CODE_TRIES):
        certificate = Certificate(
            user_id=user.id, course_id=course.id, code=codes.new_code(),
            # NFC so that a name typed with combining accents prints as one glyph each
            holder_name=unicodedata.normalize("NFC", user.name),
            course_title=dict(course.title or {}), title=dict(settings.get("title") or {}),
            issuer=str(settings.get("issuer") or "")[:300],
            issued_at=utcnow(), completed_at=enrolment.completed_at or utcnow(),
        )
        try:
            # The unique key on (user, course) decides between concurrent issuers;
            # the savepoint keeps the caller's transaction usable when we lose.
            with db.session.begin_nested():
                db.session.add(certificate)
        except IntegrityError:
            existing = certificate_of(user.id, course.id)
            if existing is not None:
                return existing
            continue  # the code itself collided: draw another
        return certificate
    raise RuntimeError("could not draw a unique certificate code")


def revoke(certificate: Certificate, actor: User, reason: str) -> Certificate:
    """Revoke ``certificate`` for ``reason`` and audit it; permission is the caller's
    check. Raises :class:`AlreadyRevoked` if it was revoked before."""
    if certificate.revoked_at is not None:
        raise AlreadyRevoked(certificate.code)
    reason = reason.strip()[:500]
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason
    certificate.revoked_by_id = actor.id
    db.session.flush()
    record(actor, "certificate.revoke", "certificate", certificate.id,
           summary=f"Revoked certificate {codes.display(certificate.code)} "
                   f"of {certificate.holder_name}: {reason}",
           before={"revoked_at": None},
           after={"revoked_at": certificate.revoked_at.isoformat(), "reason": reason,
                  "user_id": certificate.user_id, "course_id": certificate.course_id})
    return certificate


def _register() -> None:
    if issue_for_completion not in learning.COURSE_COMPLETED_HOOKS:
        learning.COURSE_COMPLETED_HOOKS.append(issue_for_completion)


_register()
