"""Account state changes. They flush; the caller commits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from kmi_learn.accounts.auth import revoke_all_sessions
from kmi_learn.accounts.models import ROLES, User
from kmi_learn.extensions import db
from kmi_learn.security import DUMMY_HASH, hash_password, needs_rehash, verify_password

MIN_PASSWORD = 10


class AccountError(ValueError):
    """A refused account change; the message is shown to the person."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, password: str, role: str = "delegate",
                organisation: str = "", country: str = "") -> User:
    if role not in ROLES:
        raise AccountError(_l("Unknown role %(role)s; choose one of %(roles)s.", role=role,
                               roles=", ".join(ROLES)))
    if len(password) < MIN_PASSWORD:
        raise AccountError(_l("The password must have at least %(n)s characters.", n=MIN_PASSWORD))
    if find_by_email(email) is not None:
        raise AccountError(_l("An account with this email address already exists."))
    user = User(email=normalise_email(email), name=name.strip(), role=role,
                password_hash=hash_password(password), organisation=organisation.strip(),
                country=country.strip())
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user with these credentials, if the account is active; None otherwise."""
    user = find_by_email(email)
    if user is None:
        verify_password(DUMMY_HASH, password)  # same cost as a wrong password
        return None
    if not verify_password(user.password_hash, password) or user.disabled:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and end every session of the user, this one included."""
    if not verify_password(user.password_hash, current):
        raise AccountError(_l("The current password is not right."))
    if len(new) < MIN_PASSWORD:
        raise AccountError(_l("The password must have at least %(n)s characters.", n=MIN_PASSWORD))
    user.password_hash = hash_password(new)
    revoke_all_sessions(user)
    db.session.flush()


def set_role(actor: User, user: User, role: str) -> None:
    if role not in ROLES:
        raise AccountError(_l("Unknown role %(role)s.", role=role))
    if user.id == actor.id and role != "admin":
        raise AccountError(_l("You cannot take the admin role away from yourself."))
    user.role = role
    db.session.flush()


def set_disabled(actor: User, user: User, disabled: bool) -> None:
    if user.id == actor.id and disabled:
        raise AccountError(_l("You cannot disable your own account."))
    user.disabled = disabled
    if disabled:
        revoke_all_sessions(user)
    db.session.flush()


def count_admins() -> int:
    return db.session.scalar(select(func.count()).where(User.role == "admin")) or 0
