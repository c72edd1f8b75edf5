"""A module's quiz files: quiz.gift and its translations quiz.<lang>.gift."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kmi_learn.catalog.fields import Report
from kmi_learn.catalog.spec import Problem, QuestionSpec
from kmi_learn.gift import decode, parse_all
from kmi_learn.gift.model import GiftError, Question

ESSAY_MESSAGE = "essay questions need manual grading, which kmi_learn does not support yet"


def read_gift(path: Path, rep: Report) -> list[Question] | None:
    """The questions of one GIFT file that have an id and can be graded automatically.

    Syntax errors, essays, questions without ``[id:]`` and ids used twice in the
    file are reported; the questions concerned are left out. None when the file
    cannot be read at all (not UTF-8).
    """
    try:
        text = decode(path.read_bytes())
    except GiftError as exc:
        rep.add(exc.line, exc.message)
        return None
    except OSError as exc:
        rep.add(1, f"cannot read the file: {exc.strerror}")
        return None
    questions, errors = parse_all(text)
    for error in errors:
        rep.add(error.line, error.message)
    result: list[Question] = []
    first_line: dict[str, int] = {}
    for question in questions:
        if question.qtype == "essay":
            rep.add(question.line, ESSAY_MESSAGE)
        elif not question.id:
            rep.add(question.line, "question without an id: put '// [id:some-id]' "
                                   "on the line above it")
        elif question.id in first_line:
            rep.add(question.line, f"duplicate question id '{question.id}' "
                                   f"(first used at line {first_line[question.id]})")
        else:
            first_line[question.id] = question.line
            result.append(question)
    return result


def _percent(fractions: list[float]) -> str:
    return ", ".join(f"{f * 100:g}%" for f in fractions)


def structure_difference(question: Question, original: Question) -> str | None:
    """How ``question`` (a translation) would grade differently from ``original``, or None.

    Grading must not depend on the language a delegate reads: the type, the number
    of answers or pairs and their fractions (in order: an answer is recorded by its
    position) must match. Short answers are typed text, so a translation may accept
    other spellings: only the set of their fractions must match.
    """
    if question.qtype != original.qtype:
        return f"it is a {question.qtype} question here but a {original.qtype} in the original"
    if question.qtype == "truefalse" and question.correct != original.correct:
        return "its right answer differs from the original"
    if question.qtype == "numerical":
        mine = [(n.value, n.tolerance, n.fraction) for n in question.numerical]
        theirs = [(n.value, n.tolerance, n.fraction) for n in original.numerical]
        if mine != theirs:
            return "its numerical answers (values, tolerances, fractions) differ from the original"
    if question.qtype == "matching":
        if len(question.pairs) != len(original.pairs):
            return f"it has {len(question.pairs)} pairs here but {len(original.pairs)} " \
                   "in the original"
        if [p.question == "" for p in question.pairs] != [
            p.question == "" for p in original.pairs
        ]:
            return "its distractor answers (pairs without a question) are not where the " \
                   "original has them"
    mine_f = [c.fraction for c in question.choices]
    theirs_f = [c.fraction for c in original.choices]
    if question.qtype == "shortanswer":
        if set(mine_f) != set(theirs_f):
            return f"its answers are worth {_percent(sorted(set(mine_f)))} here but " \
                   f"{_percent(sorted(set(theirs_f)))} in the original"
        return None
    if len(mine_f) != len(theirs_f):
        return f"it has {len(mine_f)} answers here but {len(theirs_f)} in the original"
    if mine_f != theirs_f:
        return f"its answer fractions are {_percent(mine_f)} here but {_percent(theirs_f)} " \
               "in the original"
    return None


def read_quiz(
    files: dict[str, Path],
    default_lang: str,
    problems: list[Problem],
    display: Callable[[Path], str],
) -> list[QuestionSpec]:
    """Read a module's quiz files (``{lang: path}``, the default language first).

    Every translation must have exactly the ids of the default file, each with the
    same structure; the questions come back in the default file's order.
    """
    default_path = files[default_lang]
    default_name = default_path.name
    originals = read_gift(default_path, Report(display(default_path), problems)) or []
    specs = {
        q.id: QuestionSpec(q.id, index, {default_lang: q})
        for index, q in enumerate(originals, start=1)
    }
    for lang, path in files.items():
        if lang == default_lang:
            continue
        rep = Report(display(path), problems)
        translated = read_gift(path, rep)
        if translated is None:
            continue  # reported; listing every id as missing would only add noise
        seen = set()
        for question in translated:
            seen.add(question.id)
            spec = specs.get(question.id)
            if spec is None:
                rep.add(question.line, f"question id '{question.id}' is not in {default_name}")
                continue
            original = spec.versions[default_lang]
            difference = structure_difference(question, original)
            if difference:
                rep.add(question.line, f"question '{question.id}' must grade like "
                                       f"{default_name}:{original.line}: {difference}")
                continue
            spec.versions[lang] = question
        missing = [qid for qid in specs if qid not in seen]
        if missing:
            rep.add(1, f"missing question ids that {default_name} has: {', '.join(missing)}")
    return list(specs.values())
