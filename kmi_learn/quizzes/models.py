"""Questions (with immutable versions) and delegates' attempts.

A question version is never changed once written: an attempt points at the
versions it was taken on, so its review and score survive every later edit.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kmi_learn.extensions import db
from kmi_learn.gift.model import Question as GiftQuestion
from kmi_learn.models_base import JSONType, UTCDateTime, utcnow


class Question(db.Model):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("module_id", "gift_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"), index=True)
    #: the ``[id:...]`` of the GIFT file: the question's identity
    gift_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_version.id", use_alter=True), nullable=True
    )
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: content hash of the question as the files had it at the last sync; a file
    #: edit and a browser edit since then are a conflict that sync reports
    file_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)

    current_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )


class QuestionVersion(db.Model):
    __tablename__ = "question_version"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    qtype: Mapped[str] = mapped_column(String(20))
    #: {lang: Question.to_dict()}; every language has the same structure
    content: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSONType)
    #: {lang: {"text": html, "choices": [html], "feedback": [html], ...}}, sanitized
    html: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSONType)
    #: sha256 of the content, to tell a real change from a re-save
    content_hash: Mapped[str] = mapped_column(String(64))
    #: "sync" or "browser"
    source: Mapped[str] = mapped_column(String(20), default="sync")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship(foreign_keys=[question_id])

    def parsed(self, lang: str | None = None) -> GiftQuestion:
        """The question in ``lang`` (else the default language, stored first)."""
        data = self.content.get(lang) if lang else None
        return GiftQuestion.from_dict(data or next(iter(self.content.values())))

    def html_in(self, lang: str | None) -> dict[str, Any]:
        return (self.html.get(lang) if lang else None) or next(iter(self.html.values()))


class Attempt(db.Model):
    __tablename__ = "attempt"
    __table_args__ = (
        # Two starts racing for the same attempt number: one of them fails.
        UniqueConstraint("user_id", "module_id", "number"),
        Index("ix_attempt_module_state", "module_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id"))
    number: Mapped[int] = mapped_column(Integer)
    #: "in_progress" or "finished"
    state: Mapped[str] = mapped_column(String(20), default="in_progress")
    lang: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the server's deadline when the quiz has a time limit
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: sum of the slots' marks, and the maximum possible
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float] = mapped_column(Float, default=0)
    #: the pass mark (percent) in force when the attempt was started
    pass_mark: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: when a regrade last changed this attempt's marks (authoring/regrade.py)
    regraded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    slots: Mapped[list[AttemptSlot]] = relationship(
        back_populates="attempt", order_by="AttemptSlot.position"
    )

    @property
    def percent(self) -> float | None:
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score, 1)


class AttemptSlot(db.Model):
    """One question of an attempt: the version drawn, its order, the answer."""

    __tablename__ = "attempt_slot"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    #: the display order of choices (or of matching answers): indices into the version
    order: Mapped[list[int]] = mapped_column(JSONType)
    #: the saved answer, in the shape grading expects; None until answered
    response: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the grade of the answer, 0..1, set on submit
    fraction: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_mark: Mapped[float] = mapped_column(Float, default=1)
    #: set by a regrade: the (newer) version whose answer key gave ``fraction``; the
    #: slot still shows ``question_version_id``, the version it was taken on
    regraded_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_version.id"), nullable=True)

    attempt: Mapped[Attempt] = relationship(back_populates="slots")
    question_version: Mapped[QuestionVersion] = relationship(
        foreign_keys=[question_version_id])
    regraded_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[regraded_version_id])
