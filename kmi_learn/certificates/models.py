"""A certificate of completion: issued once per delegate and course, never deleted.

What the paper says (name, course, issuer, title) is frozen at issue time, so that a
later rename of the account or of the course does not change what verification shows
for a certificate that is already printed.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kmi_learn.extensions import db
from kmi_learn.models_base import JSONType, UTCDateTime, utcnow


class Certificate(db.Model):
    __tablename__ = "certificate"
    # One certificate per delegate and course: the database, not the code, makes
    # sure of it, so that two completions recorded at once issue one certificate.
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    #: 16 Crockford base32 characters (80 random bits), stored without separators;
    #: shown grouped as XXXX-XXXX-XXXX-XXXX (see codes.py)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    #: the delegate's name at issue time
    holder_name: Mapped[str] = mapped_column(String(200))
    #: the course title at issue time, {lang: text}
    course_title: Mapped[dict[str, str]] = mapped_column(JSONType)
    #: course.yaml certificate.title at issue time, {lang: text}
    title: Mapped[dict[str, str]] = mapped_column(JSONType)
    #: course.yaml certificate.issuer at issue time
    issuer: Mapped[str] = mapped_column(String(300), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when the course was completed (the date printed on the certificate)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str] = mapped_column(String(500), default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
