"""Reading the audit log: a page of entries, newest first, and the filter choices.

Who sees what: administrators see every entry; facilitators see the authoring
actions (questions, quizzes, lessons, courses, modules: :data:`AUTHORING_PREFIXES`),
not the trainers' and administrators' actions on people (cohorts, rosters,
certificates, accounts), which hold personal data outside their role.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select

from kmi_learn.accounts.models import User
from kmi_learn.audit.models import AuditEntry
from kmi_learn.extensions import db

#: the actions facilitators see: what they (or the command line) did to the content
AUTHORING_PREFIXES = ("question.", "quiz.", "lesson.", "module.", "course.")
PER_PAGE = 50


@dataclass
class Filters:
    action: str | None = None
    actor: str | None = None  #: part of the actor's name or email, any case
    target_type: str | None = None
    since: date | None = None  #: inclusive, UTC days
    until: date | None = None  #: inclusive


@dataclass
class EntryView:
    id: int
    at: datetime
    action: str
    target_type: str
    target_id: int | None
    summary: str
    actor_name: str | None  #: None: the command line
    actor_email: str | None
    before: str | None  #: pretty JSON
    after: str | None
    diff: list[tuple[str, str]]  #: (kind: "add", "del", "hunk" or "same", line) when both


@dataclass
class EntryPage:
    entries: list[EntryView]
    page: int
    has_next: bool


def pretty(value: Any) -> str | None:
    """``value`` as indented JSON with sorted keys, or None."""
    if value is None:
        return None
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)


def json_diff(before: str | None, after: str | None) -> list[tuple[str, str]]:
    """A unified diff of two pretty JSON texts, line by line, classified for display."""
    if before is None or after is None:
        return []
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2)
    result = []
    for line in lines:
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        result.append((kind, line))
    return result


def _visible(query: Select, all_actions: bool) -> Select:
    if all_actions:
        return query
    return query.where(or_(*[AuditEntry.action.startswith(p, autoescape=True)
                             for p in AUTHORING_PREFIXES]))


def choices(all_actions: bool) -> tuple[list[str], list[str]]:
    """The actions and target types present in the visible log (two queries)."""
    actions = db.session.scalars(_visible(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action), all_actions)).all()
    types = db.session.scalars(_visible(
        select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type),
        all_actions)).all()
    return list(actions), list(types)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def entry_page(filters: Filters, page: int, all_actions: bool,
               per_page: int = PER_PAGE) -> EntryPage:
    """One page of the visible entries that match ``filters``, newest first: one query."""
    query = _visible(select(AuditEntry, User).outerjoin(User, User.id == AuditEntry.actor_id),
                     all_actions)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    if filters.actor:
        needle = filters.actor.strip().lower()
        query = query.where(or_(func.lower(User.name).contains(needle, autoescape=True),
                                func.lower(User.email).contains(needle, autoescape=True)))
    if filters.since:
        query = query.where(AuditEntry.at >= _day_start(filters.since))
    if filters.until:
        query = query.where(AuditEntry.at < _day_start(filters.until + timedelta(days=1)))
    rows = db.session.execute(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(per_page + 1).offset((page - 1) * per_page)).all()
    entries = []
    for entry, actor in rows[:per_page]:
        before, after = pretty(entry.before), pretty(entry.after)
        entries.append(EntryView(
            entry.id, entry.at, entry.action, entry.target_type, entry.target_id, entry.summary,
            actor.name if actor else None, actor.email if actor else None,
            before, after, json_diff(before, after)))
    return EntryPage(entries, page, len(rows) > per_page)
