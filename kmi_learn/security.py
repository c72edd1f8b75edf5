"""Response headers, and the one place the password hashing policy lives."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, current_app, has_app_context

# No inline script anywhere: the only scripts are our own files under /static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

_hasher = PasswordHasher()  # argon2id with the library's current defaults
# Tests make hundreds of accounts: the same algorithm with the cheapest parameters.
_test_hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def _current() -> PasswordHasher:
    if has_app_context() and current_app.config.get("KMI_CHEAP_PASSWORD_HASHING"):
        return _test_hasher
    return _hasher


def hash_password(password: str) -> str:
    return _current().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _current().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _current().check_needs_rehash(password_hash)


#: a hash to verify against when the account does not exist, so that a missing
#: account takes as long to refuse as a wrong password
DUMMY_HASH = _hasher.hash("not a password of anyone")


def register_security(app: Flask) -> None:
    @app.after_request
    def set_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
