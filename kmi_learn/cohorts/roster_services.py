"""Importing a roster into a cohort: check against the database, then import. They flush.

The check is run twice, on the preview and again on the confirmation (the text is
posted back and read anew), so what is imported is what the server checked last,
whatever the browser sent.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kmi_learn.accounts.models import User
from kmi_learn.accounts.password_links import has_unusable_password, issue, unusable_password
from kmi_learn.audit.services import record
from kmi_learn.cohorts.models import Cohort, CohortMember
from kmi_learn.cohorts.roster import ParsedRoster
from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment

#: emails looked up per statement; SQLite allows at most 32,766 parameters
_CHUNK = 1000


@dataclass
class ImportedRow:
    name: str
    email: str
    #: "created": a new account; "existing": an account that was there already
    account: str
    #: the one-time set-password token, for accounts whose password is not set yet
    token: str | None = None


def _chunks(items: list[str]):
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _users_by_email(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for chunk in _chunks(emails):
        found.update((u.email, u) for u in db.session.scalars(
            select(User).where(User.email.in_(chunk))))
    return found


def check(cohort: Cohort, roster: ParsedRoster) -> ParsedRoster:
    """Add the errors that need the database: the email is in the cohort already.

    Also marks rows whose account exists (it will be reused as it is).
    """
    emails = [row.email for row in roster.rows if row.email_valid]
    members: set[str] = set()
    for chunk in _chunks(emails):
        members.update(db.session.scalars(
            select(User.email).join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort.id, User.email.in_(chunk))))
    existing = _users_by_email(emails)
    for row in roster.rows:
        if row.email in members:
            row.errors.append(_l("This person is already in the cohort."))
        row.existing = row.email in existing
    return roster


def import_rows(trainer: User, cohort: Cohort, roster: ParsedRoster) -> list[ImportedRow]:
    """Create or reuse an account for each valid row, enrol it, add it to the cohort.

    New accounts are delegates with no usable password; they (and existing accounts
    whose password was never set) get a one-time set-password link, whose token is
    returned once. Accounts that have a password are reused untouched, with no link:
    a roster never gives anyone a way into an account that is already in use.
    """
    rows = [row for row in check(cohort, roster).rows if row.ok]
    users = _users_by_email([row.email for row in rows])
    created: list[User] = []
    for row in rows:
        if row.email not in users:
            user = User(email=row.email, name=row.name, role="delegate",
                        password_hash=unusable_password(), organisation=row.organisation,
                        country=row.country)
            users[row.email] = user
            created.append(user)
    db.session.add_all(created)
    db.session.flush()
    ids = [users[row.email].id for row in rows]
    enrolled: set[int] = set()
    for chunk in _chunks(ids):
        enrolled.update(db.session.scalars(select(Enrolment.user_id).where(
            Enrolment.course_id == cohort.course_id, Enrolment.user_id.in_(chunk))))
    db.session.add_all(Enrolment(user_id=i, course_id=cohort.course_id)
                       for i in ids if i not in enrolled)
    db.session.add_all(CohortMember(cohort_id=cohort.id, user_id=i) for i in ids)
    new_ids = {user.id for user in created}
    result = []
    for row in rows:
        user = users[row.email]
        token = None
        if user.id in new_ids or (user.role == "delegate" and has_unusable_password(user)):
            token = issue(user, trainer)
        result.append(ImportedRow(user.name, user.email,
                                  "created" if user.id in new_ids else "existing", token))
    db.session.flush()
    record(trainer, "cohort.roster_import", "cohort", cohort.id,
           f"Roster imported: {len(rows)} people, {len(created)} new accounts",
           after={"added": len(rows), "created": len(created),
                  "skipped": len(roster.rows) - len(rows)})
    return result
