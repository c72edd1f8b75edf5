"""Certificate codes: random, unguessable, easy to read aloud and to type.

A code is 16 characters of Crockford's base32 alphabet (no I, L, O, U), each drawn
with ``secrets``: 16 x 5 = 80 bits of randomness. It is stored as the 16 characters
and shown in four groups (``7KQ2-M9XD-4HTW-0RBE``). Typed codes are forgiving: case,
spaces and dashes are ignored, and the letters people confuse with digits (O, I, L)
read as the digits Crockford maps them to. Pure Python: no Flask, no database.
"""
from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
#: bits of randomness in one code
ENTROPY_BITS = LENGTH * 5
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_\t\u00a0\u2010\u2011\u2012\u2013\u2014.")
_ALLOWED = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh code: 16 characters, 80 bits from the operating system's CSPRNG."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str | None:
    """The stored form of a code as someone typed it, or None if it cannot be one."""
    if not typed or len(typed) > 64:
        return None
    code = typed.translate(_SEPARATORS).upper().translate(_CONFUSABLE)
    if len(code) != LENGTH or not set(code) <= _ALLOWED:
        return None
    return code


def display(code: str) -> str:
    """The code in groups of four, as printed and as used in the verification URL."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))
