"""A readable difference between two versions of a question: their GIFT text, line by line.

Pure functions; the template escapes every line (a question text may hold HTML).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from kmi_learn.gift import write_question
from kmi_learn.gift.model import Question

CONTEXT = 3


@dataclass(frozen=True)
class DiffLine:
    #: "same", "added", "removed", or "skip" (unchanged lines left out)
    kind: str
    old: int | None  #: line number in the older text
    new: int | None  #: line number in the newer text
    text: str


def gift_text(content: dict[str, dict[str, Any]]) -> str:
    """The version as GIFT; with translations, each language under a ``// lang`` line."""
    parts = [(lang, write_question(Question.from_dict(data))) for lang, data in content.items()]
    if len(parts) == 1:
        return parts[0][1]
    return "\n".join(f"// {lang}\n{text}" for lang, text in parts)


def diff_lines(old: str, new: str, context: int = CONTEXT) -> list[DiffLine]:
    """The changed lines of ``new`` against ``old`` with ``context`` lines around them."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(context))
    for index, group in enumerate(groups):
        if index or group[0][1] > 0:
            lines.append(DiffLine("skip", None, None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", i + 1, j1 + (i - i1) + 1, a[i])
                          for i in range(i1, i2)]
                continue
            lines += [DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2)]
            lines += [DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2)]
    if groups and groups[-1][-1][2] < len(a):
        lines.append(DiffLine("skip", None, None, ""))
    return lines


def version_diffs(versions: list[Any]) -> dict[int, list[DiffLine]]:
    """For versions (any order) with ``.number`` and ``.content``: each one's diff with the
    version before it, by number; the first version is shown whole, as added lines."""
    ordered = sorted(versions, key=lambda v: v.number)
    result: dict[int, list[DiffLine]] = {}
    previous = ""
    for version in ordered:
        text = gift_text(version.content)
        result[version.number] = diff_lines(previous, text)
        previous = text
    return result
