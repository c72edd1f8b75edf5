"""Numbers in GIFT: answer weights ``%50%``, numerical answers, and writing them back.

The writer must print floats so that reading them back gives the very same float
(``parse(write(q)) == q``) without printing noise like ``33.333330000000004``.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, localcontext

#: What PHP's is_numeric() accepts for a decimal number (no hex, no "inf", no "1_0").
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: A weight's percentage: Moodle's regex takes digits, an optional dot and a minus.
_PERCENT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
#: What a weight attempt looks like: ``%`` then number-ish characters then ``%``.
WEIGHT_ATTEMPT = re.compile(r"%([-+0-9.,eE ]*)%")


def parse_number(text: str) -> float | None:
    """The float written in ``text`` (a plain decimal, exponent allowed), else None."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def parse_percent(text: str) -> float | None:
    """The fraction for a weight's percentage text (``"50"`` -> 0.5), else None.

    The decimal point is shifted exactly before rounding to a float once, so that
    ``"33.33333"`` gives the float nearest 0.3333333 (``33.33333 / 100`` in floating
    point can be one unit off, and would leave fractions like 0.999 unwritable).
    """
    text = text.strip()
    if not _PERCENT.fullmatch(text):
        return None
    with localcontext() as context:
        context.prec = max(len(text) + 5, 28)
        return float(Decimal(text).scaleb(-2))


def format_number(value: float) -> str:
    """Shortest text that reads back as ``value``: ``1.0`` -> ``1``, ``0.5`` -> ``0.5``."""
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _plain(number: Decimal) -> str:
    """``number`` in plain decimal notation: Moodle's weight regex knows no exponent."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_percent(fraction: float) -> str:
    """Percentage text for a weight that :func:`parse_percent` reads back as ``fraction``.

    The shortest decimal of the fraction (its repr) shifted two places: exact, and
    free of noise (0.3333333 -> ``33.33333``, 0.5 -> ``50``).
    """
    with localcontext() as context:
        context.prec = 40
        return _plain(Decimal(repr(float(fraction))).scaleb(2))
