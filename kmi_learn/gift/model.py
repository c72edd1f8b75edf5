"""The question model that GIFT parses into and writes from.

Pure data: no Flask, no database. Every other part of kmi_learn (the loader, sync,
grading, the quiz pages, the authoring tools) speaks in these types, so they are
frozen (hashable, comparable) and convert to and from plain dicts for JSON storage.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The question types kmi_learn knows. ``essay`` is parsed so that the validator can
#: refuse it with a clear message; it is never stored.
QUESTION_TYPES = (
    "multichoice",  # one right answer: one ``=``, the rest ``~``
    "multiresponse",  # no ``=``: ``~%50%`` weights, several may be chosen
    "truefalse",
    "shortanswer",  # only ``=`` answers, typed in
    "numerical",  # ``{#...}``
    "matching",  # ``{=a -> b ...}``
    "missingword",  # a multichoice whose answer block sits inside the text
    "description",  # text only, no answer
    "essay",  # ``{}``: refused until manual grading exists
)

#: The text formats GIFT can declare with ``[markdown]`` and friends; ``moodle`` is
#: Moodle's default "auto-format" (plain text whose line breaks are kept).
TEXT_FORMATS = ("moodle", "markdown", "html", "plain")

#: Moodle replaces a missing-word answer block by this marker in the question text.
GAP = "_____"


@dataclass(frozen=True)
class Choice:
    """An answer of a multichoice, multiresponse, shortanswer or missingword question."""

    text: str
    fraction: float  #: ``=`` is 1.0, ``~`` is 0.0, ``~%50%`` is 0.5, may be negative
    feedback: str = ""


@dataclass(frozen=True)
class NumericalAnswer:
    """An accepted numerical answer: ``value`` plus or minus ``tolerance``.

    A range ``{#min..max}`` is stored as its midpoint with half its width as the
    tolerance, as Moodle does.
    """

    value: float
    tolerance: float = 0.0
    fraction: float = 1.0
    feedback: str = ""


@dataclass(frozen=True)
class MatchPair:
    """One line of a matching question; an empty ``question`` is a distractor answer."""

    question: str
    answer: str


@dataclass(frozen=True)
class Question:
    """One GIFT question. ``line`` (where it starts in its file) is not part of equality."""

    qtype: str
    text: str
    text_format: str = "moodle"
    title: str = ""
    id: str | None = None  #: from ``// [id:...]``: the question's identity
    tags: tuple[str, ...] = ()  #: from ``// [tag:...]``
    category: str | None = None  #: the last ``$CATEGORY:`` seen before the question
    general_feedback: str = ""  #: ``####...``
    choices: tuple[Choice, ...] = ()
    numerical: tuple[NumericalAnswer, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    correct: bool | None = None  #: truefalse: the right answer
    feedback_true: str = ""  #: truefalse: shown to whoever answered "true"
    feedback_false: str = ""  #: truefalse: shown to whoever answered "false"
    line: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``line`` left out); :meth:`from_dict` reverses it."""
        data = asdict(self)
        data.pop("line")
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        return cls(
            qtype=data["qtype"],
            text=data["text"],
            text_format=data.get("text_format", "moodle"),
            title=data.get("title", ""),
            id=data.get("id"),
            tags=tuple(data.get("tags", ())),
            category=data.get("category"),
            general_feedback=data.get("general_feedback", ""),
            choices=tuple(Choice(**c) for c in data.get("choices", ())),
            numerical=tuple(NumericalAnswer(**n) for n in data.get("numerical", ())),
            pairs=tuple(MatchPair(**p) for p in data.get("pairs", ())),
            correct=data.get("correct"),
            feedback_true=data.get("feedback_true", ""),
            feedback_false=data.get("feedback_false", ""),
        )

    @property
    def is_graded(self) -> bool:
        return self.qtype not in ("description", "essay")


class GiftError(ValueError):
    """A GIFT syntax error; ``line`` is 1-based in the parsed text."""

    def __init__(self, message: str, line: int):
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line
