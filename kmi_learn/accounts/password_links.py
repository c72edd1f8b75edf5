"""One-time links to set a password, for accounts made from a roster. They flush.

The token is shown once (to the trainer who imported the roster, or in the mail);
only its sha256 is stored, as for session tokens, so a database leak gives no link away.
A link works once, until it expires; using it ends every session of the account.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from kmi_learn.accounts.auth import revoke_all_sessions
from kmi_learn.accounts.models import PasswordLink, User
from kmi_learn.extensions import db
from kmi_learn.models_base import utcnow
from kmi_learn.security import hash_password

LIFETIME = timedelta(days=14)
#: marks an account whose password was never set: no password verifies against it
UNUSABLE_PREFIX = "!unset:"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unusable_password() -> str:
    """A password hash that no password matches (argon2 refuses it as malformed)."""
    return UNUSABLE_PREFIX + secrets.token_hex(16)


def has_unusable_password(user: User) -> bool:
    return user.password_hash.startswith(UNUSABLE_PREFIX)


def issue(user: User, created_by: User | None, lifetime: timedelta = LIFETIME) -> str:
    """A new link for ``user``; returns the token (256 random bits), never stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordLink(token_hash=_hash(token), user_id=user.id,
                                created_by_id=getattr(created_by, "id", None),
                                expires_at=utcnow() + lifetime))
    return token


def find_valid(token: str) -> PasswordLink | None:
    """The link of ``token`` if it is unused and not expired."""
    link = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link


def use(token: str, password: str) -> User | None:
    """Set the password of the link's account and spend the link; None if it is not valid.

    The link is spent by a conditional UPDATE, so two submissions racing with the same
    link cannot both succeed.
    """
    now = utcnow()
    spent = db.session.execute(
        update(PasswordLink)
        .where(PasswordLink.token_hash == _hash(token), PasswordLink.used_at.is_(None),
               PasswordLink.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return None
    user = db.session.scalar(select(User).join(PasswordLink, PasswordLink.user_id == User.id)
                             .where(PasswordLink.token_hash == _hash(token)))
    if user is None or user.disabled:
        return None
    user.password_hash = hash_password(password)
    revoke_all_sessions(user)
    db.session.flush()
    return user


def valid_links(tokens: list[str]) -> list[tuple[str, PasswordLink, User]]:
    """``(token, link, user)`` for each token whose link is still valid, in one query."""
    by_hash = {_hash(token): token for token in tokens}
    rows = db.session.execute(
        select(PasswordLink, User).join(User, User.id == PasswordLink.user_id)
        .where(PasswordLink.token_hash.in_(list(by_hash)), PasswordLink.used_at.is_(None),
               PasswordLink.expires_at > utcnow())).all()
    found = {link.token_hash: (link, user) for link, user in rows}
    return [(token, *found[h]) for h, token in by_hash.items() if h in found]
