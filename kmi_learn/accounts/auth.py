"""Flask-Login over server-side sessions, and the role decorator.

Flask-Login keeps whatever ``get_id()`` returns in the signed cookie. We return a
random session token (not the user id), and load the user through the
``auth_session`` row: revoking that row ends the session for every copy of the
cookie, on every web worker, since they all read the same database.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import wraps

from flask import Flask, abort, current_app, session
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlalchemy import select, update

from kmi_learn.accounts.models import AuthSession, User
from kmi_learn.extensions import db
from kmi_learn.models_base import utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def init_login(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "accounts.sign_in"
    manager.login_message_category = "info"
    # Flask-Login's own "strong" protection would sign people out when their IP
    # changes (mobile networks); server-side revocation covers stolen cookies.
    manager.session_protection = None

    @manager.user_loader
    def load_user(token: str) -> User | None:
        row = db.session.execute(
            select(User, AuthSession.expires_at)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(AuthSession.token_hash == _hash(token), AuthSession.revoked_at.is_(None))
        ).first()
        if row is None:
            return None
        user, expires_at = row
        if user.disabled or expires_at <= utcnow():
            return None
        user._session_token = token
        return user


def start_session(user: User, remember: bool = False) -> None:
    """Open a server-side session for ``user`` and sign this browser in."""
    token = secrets.token_urlsafe(32)
    lifetime = current_app.permanent_session_lifetime
    if remember:
        lifetime = max(lifetime, timedelta(days=14))
    db.session.add(
        AuthSession(token_hash=_hash(token), user=user, expires_at=utcnow() + lifetime)
    )
    db.session.flush()
    user._session_token = token
    session.clear()  # a fresh session: no fixation of a pre-login cookie
    session.permanent = True
    login_user(user, remember=remember, duration=lifetime)


def end_session() -> None:
    """Sign this browser out and revoke its server-side session."""
    if current_user.is_authenticated and current_user.get_id():
        db.session.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == _hash(current_user.get_id()))
            .values(revoked_at=utcnow())
        )
    logout_user()
    session.clear()


def revoke_all_sessions(user: User) -> None:
    """End every session of ``user`` (password change, disabled account)."""
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def role_required(*roles: str):
    """Allow signed-in users with one of ``roles`` (admins always); 403 otherwise."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
