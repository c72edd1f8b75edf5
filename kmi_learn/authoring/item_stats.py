"""Item statistics of a quiz, shaped for the pages (the numbers: statistics.py).

Choices made here, and why:

* **First attempts by default** (each person's first finished attempt), as Moodle
  recommends: later attempts build on the feedback of earlier ones. With
  ``first_attempts_only=False`` every finished attempt counts as a separate person.
* **By question, not by version.** A new version is nearly always a correction of
  the same item (a typo, a better distractor, a fixed key), so the figures of a
  question pool every version it was answered in; ``ItemStats.versions`` says which.
  The spread of answers, whose labels can change between versions, is kept per
  version: the version whose key graded the slot (after a regrade, the newer one).
* **Over the attempts that held the item**: questions drawn at random and retired
  questions are judged on the attempts that contained them.
* Marks are the stored ones (``AttemptSlot.fraction``), so regrades count.
* Fewer than :data:`MIN_ATTEMPTS` attempts: the figures are shown with a note that
  they cannot be trusted yet (``too_few``).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select

from kmi_learn.authoring import statistics
from kmi_learn.authoring.spread import SpreadRow, answer_spread
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import Attempt, AttemptSlot, Question, QuestionVersion

#: below this many attempts, item analysis is noise (Moodle's docs suggest far more)
MIN_ATTEMPTS = 10


@dataclass
class VersionSpread:
    """The answers given to one version of a question."""

    version_id: int
    number: int
    responses: int
    rows: list[SpreadRow] = field(default_factory=list)


@dataclass
class ItemStats:
    """Moodle's item statistics of one question (None where not computable)."""

    question_id: int
    attempts: int = 0
    facility: float | None = None  #: percent
    sd: float | None = None  #: percent
    discrimination: float | None = None  #: percent, correlation with the rest of the test
    efficiency: float | None = None  #: discriminative efficiency, percent
    flags: list[str] = field(default_factory=list)  #: e.g. "very easy", "negative discrimination"
    too_few: bool = True  #: fewer than MIN_ATTEMPTS attempts held this question
    intended_weight: float | None = None  #: percent of the attempt's maximum
    effective_weight: float | None = None  #: percent
    random_guess: float | None = None  #: percent; with ``detail`` only
    versions: list[int] = field(default_factory=list)  #: version numbers answered
    spread: list[VersionSpread] = field(default_factory=list)  #: with ``detail`` only


@dataclass
class QuizStats:
    module_id: int
    attempts: int = 0
    first_attempts_only: bool = True
    items: dict[int, ItemStats] = field(default_factory=dict)  #: by Question.id
    too_few: bool = True  #: too few attempts to trust the figures
    test: statistics.ScoreFigures = field(default_factory=lambda: statistics.ScoreFigures(0))
    #: the CIC was computed over "questions", over "positions" (random draws), or not
    reliability_basis: str | None = None


def _slot_rows(module_id: int, first_attempts_only: bool, detail: bool):
    """The graded slots of the finished attempts that count, in one query."""
    columns = [AttemptSlot.attempt_id, AttemptSlot.position, AttemptSlot.fraction,
               AttemptSlot.max_mark, QuestionVersion.question_id, QuestionVersion.number]
    if detail:
        columns += [AttemptSlot.response,
                    func.coalesce(AttemptSlot.regraded_version_id,
                                  AttemptSlot.question_version_id)]
    query = (
        select(*columns)
        .join(Attempt, Attempt.id == AttemptSlot.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptSlot.question_version_id)
        .where(Attempt.module_id == module_id, Attempt.state == "finished",
               AttemptSlot.max_mark > 0, AttemptSlot.fraction.is_not(None))
        .order_by(AttemptSlot.attempt_id, AttemptSlot.position)
    )
    if first_attempts_only:
        first = (select(Attempt.user_id, func.min(Attempt.number).label("number"))
                 .where(Attempt.module_id == module_id, Attempt.state == "finished")
                 .group_by(Attempt.user_id).subquery())
        query = query.join(first, and_(first.c.user_id == Attempt.user_id,
                                       first.c.number == Attempt.number))
    return db.session.execute(query).all()


def stats_for_module(module_id: int, first_attempts_only: bool = True,
                     detail: bool = False) -> QuizStats:
    """Statistics of the module's quiz, by question id, from its finished attempts.

    One query (two more with ``detail``, which adds the spread of answers and the
    random guess scores), whatever the number of attempts.
    """
    rows = _slot_rows(module_id, first_attempts_only, detail)
    by_question: dict[int, dict] = defaultdict(dict)  # attempt -> {question: (mark, max)}
    by_position: dict[int, dict] = defaultdict(dict)  # attempt -> {rank: (mark, max)}
    versions: dict[int, set[int]] = defaultdict(set)
    answers: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        attempt_id, _position, fraction, max_mark, question_id, number = row[:6]
        mark = (fraction * max_mark, max_mark)
        by_question[attempt_id][question_id] = mark
        by_position[attempt_id][len(by_position[attempt_id])] = mark
        versions[question_id].add(number)
        if detail:
            answers[question_id][row[7]].append(row[6])
    analysis = statistics.analyse(list(by_question.values()), list(by_position.values()))
    stats = QuizStats(
        module_id=module_id, attempts=len(by_question), first_attempts_only=first_attempts_only,
        too_few=len(by_question) < MIN_ATTEMPTS, test=analysis.test,
        reliability_basis={"items": "questions", "alternative": "positions"}.get(
            analysis.reliability_basis or ""),
    )
    for question_id, figures in analysis.items.items():
        stats.items[question_id] = ItemStats(
            question_id=question_id, attempts=figures.attempts, facility=figures.facility,
            sd=figures.sd, discrimination=figures.discrimination,
            efficiency=figures.efficiency, flags=statistics.flags(figures),
            too_few=figures.attempts < MIN_ATTEMPTS, intended_weight=figures.intended_weight,
            effective_weight=figures.effective_weight, versions=sorted(versions[question_id]))
    if detail:
        _add_detail(stats, answers)
    return stats


def _add_detail(stats: QuizStats, answers: dict[int, dict[int, list]]) -> None:
    """The spread of answers per grading version, and each question's random guess score."""
    version_ids = {vid for by_version in answers.values() for vid in by_version}
    current = select(Question.current_version_id).where(Question.id.in_(list(stats.items)))
    loaded = {v.id: v for v in db.session.scalars(select(QuestionVersion).where(
        QuestionVersion.id.in_(version_ids) | QuestionVersion.id.in_(current)))}
    for question_id, item in stats.items.items():
        for version_id, responses in sorted(answers[question_id].items(),
                                            key=lambda pair: loaded[pair[0]].number):
            version = loaded[version_id]
            item.spread.append(VersionSpread(
                version_id=version_id, number=version.number, responses=len(responses),
                rows=answer_spread(version.parsed(), version.html_in(None), responses)))
        latest = [v for v in loaded.values() if v.question_id == question_id]
        if latest:
            newest = max(latest, key=lambda v: v.number)
            item.random_guess = statistics.random_guess_score(newest.parsed())
