"""Recording audit entries. Call :func:`record` inside the transaction of the action,
so that the entry exists exactly when the action does."""
from __future__ import annotations

from typing import Any

from kmi_learn.audit.models import AuditEntry
from kmi_learn.extensions import db


def record(actor, action: str, target_type: str, target_id: int | None, summary: str = "",
           before: Any = None, after: Any = None) -> AuditEntry:
    """Add an audit entry for ``actor`` (a User, or None for the command line)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None), action=action, target_type=target_type,
        target_id=target_id, summary=summary[:500], before=before, after=after,
    )
    db.session.add(entry)
    db.session.flush()
    return entry
