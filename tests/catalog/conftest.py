"""A small valid course tree, written into tmp_path, that each test then breaks."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kmi_learn.catalog.loader import load_tree

COURSE_YAML = """\
title: {en: International Migration Law, fr: Droit international de la migration}
summary: Self-paced course for delegates.
languages: [en, fr]
certificate:
  enabled: true
  title: Certificate of completion
  issuer: Course facilitators
"""

INSTRUMENTS_YAML = """\
refugee-convention-1951:
  title: Convention relating to the Status of Refugees
  short: 1951 Refugee Convention
  kind: treaty
  body: United Nations Conference of Plenipotentiaries
  adopted: 1951-07-28
  in_force: 1954-04-22
  binding: true
  url: https://www.unhcr.org/
  summary: Defines who is a refugee.
gcm:
  title: Global Compact for Safe, Orderly and Regular Migration
  short: GCM
  kind: resolution
  body: UN General Assembly
  adopted: 2018-12-19
  binding: false
  url: https://www.un.org/
  summary: Twenty-three objectives.
"""

GLOSSARY_YAML = """\
migrant:
  term: {en: Migrant, fr: Migrant}
  definition: {en: A person who moves., fr: Une personne qui se déplace.}
  see: [refugee]
refugee:
  term: Refugee
  definition: A person who fled persecution.
"""

MODULE_YAML = """\
title: {en: Foundations, fr: Fondements}
summary: The basics.
objectives:
  en: [Name the sources]
  fr: [Nommer les sources]
estimated_minutes: 30
quiz:
  title: Check your understanding
  pass_mark: 70
  max_attempts: 3
  time_limit_minutes: 0
  shuffle_questions: true
  shuffle_answers: true
  questions_per_attempt: 0
  review: after_submit
"""

LESSON_MD = """\
---
title: Sources
minutes: 10
objectives:
  - Distinguish treaty law and soft law
---
Intro citing [@refugee-convention-1951, art. 33(1)] and {term:migrant|migrants}.

![Map](media/map.png)

!!! case "A boat"
    Reasoning with [@gcm] and `[@not-a-citation]`.
"""

LESSON_FR_MD = """\
---
title: Sources (fr)
minutes: 12
---
Introduction citant [@refugee-convention-1951] et {term:migrant}.
"""

LESSON2_MD = """\
---
title: Actors
minutes: 5
---
Who does what: {term:refugee}.
"""

QUIZ_GIFT = """\
// [id:m1-sources]
::Sources:: Which is a source of international law? {
  =Treaties #Right.
  ~Press releases #No.
}

// [id:m1-soft-law]
Soft law is binding. {F#No, it is not.#Right.}
"""

QUIZ_FR_GIFT = """\
// [id:m1-sources]
::Sources:: Laquelle est une source du droit international ? {
  =Les traités #Oui.
  ~Les communiqués #Non.
}

// [id:m1-soft-law]
La soft law est contraignante. {F#Non.#Oui.}
"""

#: rel path -> text of the valid tree
VALID_TREE = {
    "course.yaml": COURSE_YAML,
    "instruments.yaml": INSTRUMENTS_YAML,
    "glossary.yaml": GLOSSARY_YAML,
    "01-foundations/module.yaml": MODULE_YAML,
    "01-foundations/01-sources.md": LESSON_MD,
    "01-foundations/01-sources.fr.md": LESSON_FR_MD,
    "01-foundations/02-actors.md": LESSON2_MD,
    "01-foundations/quiz.gift": QUIZ_GIFT,
    "01-foundations/quiz.fr.gift": QUIZ_FR_GIFT,
}

# Only the file's existence is checked, not its pixels.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)


class Tree:
    """Writes the valid course ``courses/iml`` under the working directory, and edits it."""

    def __init__(self, base: Path):
        self.course = base / "courses" / "iml"
        for rel, text in VALID_TREE.items():
            self.write(rel, text)
        self.write_bytes("media/map.png", PNG)

    def write(self, rel: str, text: str) -> Path:
        """Write (or overwrite) ``rel`` in the course, dedented."""
        return self.write_bytes(rel, textwrap.dedent(text).encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.course / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def read(self, rel: str) -> str:
        return (self.course / rel).read_text(encoding="utf-8")

    def append(self, rel: str, text: str) -> Path:
        """Add ``text`` (as is: its indentation matters) at the end of ``rel``."""
        return self.write_bytes(rel, (self.read(rel) + text).encode("utf-8"))

    def replace(self, rel: str, old: str, new: str) -> Path:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        return self.write(rel, text.replace(old, new, 1))

    def delete(self, rel: str) -> None:
        (self.course / rel).unlink()

    def load(self):
        """``load_tree('courses')`` from the working directory."""
        return load_tree(Path("courses"))

    def problems(self) -> list[str]:
        return [str(problem) for problem in self.load()[1]]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tree:
    """The valid course, with the working directory at its parent (paths print as courses/...)."""
    monkeypatch.chdir(tmp_path)
    return Tree(tmp_path)
