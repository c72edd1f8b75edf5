"""Users and their server-side sessions."""
from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kmi_learn.extensions import db
from kmi_learn.models_base import UTCDateTime, utcnow

ROLES = ("delegate", "facilitator", "trainer", "admin")


class User(db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: stored lower-cased; the sign-in name
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="delegate")
    #: free text: the delegate's permanent mission or organisation
    organisation: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    #: interface and content language chosen by the user ("" = from the browser)
    locale: Mapped[str] = mapped_column(String(10), default="")
    #: a disabled account cannot sign in and its sessions stop working
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sessions: Mapped[list[AuthSession]] = relationship(back_populates="user")

    #: the token of the session this object was loaded through (not a column)
    _session_token: ClassVar[str | None] = None

    # What Flask-Login asks of a user object.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.disabled

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        """The server-side session token, which Flask-Login keeps in the cookie."""
        return self._session_token

    def has_role(self, *roles: str) -> bool:
        """Admins may do everything the other roles may."""
        return self.role == "admin" or self.role in roles


class AuthSession(db.Model):
    """One signed-in browser. The cookie holds only this row's random token.

    Revoking the row ends that browser's session on the server, whatever the
    cookie says: this is what makes sign-out, a password change and disabling an
    account effective against a copied cookie.
    """

    __tablename__ = "auth_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: sha256 of the token in the cookie, so a database leak gives no sessions away
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship(back_populates="sessions")


class PasswordLink(db.Model):
    """A one-time link to set a password (accounts made from a roster)."""

    __tablename__ = "password_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: sha256 of the token in the link; the token itself is shown once
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
