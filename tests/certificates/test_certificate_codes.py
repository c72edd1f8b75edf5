"""Codes: 80 random bits, readable groups, forgiving when typed."""
from __future__ import annotations

import math
import re
from collections import Counter

import pytest

from kmi_learn.certificates import codes

PRINTED = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}")


def test_a_code_has_at_least_60_bits_of_randomness():
    assert len(codes.ALPHABET) == 32 == len(set(codes.ALPHABET))
    assert codes.ENTROPY_BITS == codes.LENGTH * math.log2(len(codes.ALPHABET)) == 80
    assert codes.ENTROPY_BITS >= 60


def test_codes_come_from_the_secrets_module(monkeypatch):
    drawn = []

    def fake_choice(alphabet):
        drawn.append(alphabet)
        return "7"

    monkeypatch.setattr(codes.secrets, "choice", fake_choice)
    assert codes.new_code() == "7" * 16 and len(drawn) == 16


def test_codes_are_printed_in_four_groups_of_four():
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == 16
        assert PRINTED.fullmatch(codes.display(code))


def test_codes_do_not_repeat_and_use_every_character_evenly():
    drawn = [codes.new_code() for _ in range(5000)]
    assert len(set(drawn)) == len(drawn)
    counts = Counter("".join(drawn))
    assert set(counts) == set(codes.ALPHABET)
    expected = 5000 * 16 / 32
    chi2 = sum((n - expected) ** 2 / expected for n in counts.values())
    assert chi2 < 80  # 31 degrees of freedom: p < 1e-6 above this


@pytest.mark.parametrize("typed", [
    "7KQ2-M9XD-4HTW-0RBE", "7kq2m9xd4htw0rbe", " 7KQ2 M9XD 4HTW 0RBE ",
    "7kq2-m9xd-4htw-orbe", "7KQ2—M9XD—4HTW—0RBE", "7KQ2_M9XD.4HTW-0RBE",
])
def test_typing_is_forgiving(typed):
    assert codes.normalise(typed) == "7KQ2M9XD4HTW0RBE"


def test_letters_that_look_like_digits_read_as_those_digits():
    assert codes.normalise("IL00-OOOO-1111-LLLL") == "1100000011111111"


@pytest.mark.parametrize("typed", ["", "7KQ2-M9XD-4HTW", "7KQ2-M9XD-4HTW-0RBE-1",
                                   "UUUU-UUUU-UUUU-UUUU", "7KQ2-M9XD-4HTW-0RB!", "x" * 100])
def test_what_cannot_be_a_code_is_refused(typed):
    assert codes.normalise(typed) is None
