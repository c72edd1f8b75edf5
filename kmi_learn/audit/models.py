"""One row per audited action. Rows are only ever added."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kmi_learn.extensions import db
from kmi_learn.models_base import JSONType, UTCDateTime, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: None for actions of the command line (sync, export)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True, index=True)
    #: e.g. "question.create", "question.edit", "quiz.regrade", "certificate.revoke"
    action: Mapped[str] = mapped_column(String(60), index=True)
    #: what the action was on, e.g. ("question", 12)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: a short human summary ("Edited question m1-sources-1")
    summary: Mapped[str] = mapped_column(String(500), default="")
    before: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
    after: Mapped[Any | None] = mapped_column(JSONType, nullable=True)
