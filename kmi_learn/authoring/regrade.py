"""Regrading finished attempts after a correction to an answer key. Services flush.

The model: a slot keeps the version it was taken on (``question_version_id``: the
review always shows what the delegate saw); a regrade re-marks its saved response
with the question's *current* version, stores the new ``fraction`` and records
that version in ``regraded_version_id``. The attempt's score and pass follow.

* :func:`plan_regrade` is the dry run: it writes nothing and lists every finished
  attempt in which at least one mark would change. :func:`apply_regrade` computes
  the same plan again inside the transaction and applies exactly it, refusing if
  it differs from the one the facilitator saw (``digest``). A second run finds
  nothing to change.
* As in Moodle, a new version is used only if its structure matches (same type,
  same number of choices, stems and answers), because responses are stored as
  indices; other questions are listed as skipped, with the reason.
* Progress: ``best_percent`` is recomputed from every finished attempt (it may go
  down); an attempt that now passes records the pass and completes the module (and
  the course, and its certificate) when the rest is done. A regrade never takes
  back a pass, a completion or a certificate already recorded: like Moodle, what a
  delegate was told they achieved stands; the dry run shows such attempts as
  "pass -> fail" so the facilitator decides knowingly.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select

from kmi_learn.accounts.models import User
from kmi_learn.audit.services import record
from kmi_learn.catalog.models import Module
from kmi_learn.extensions import db
from kmi_learn.gift.model import Question as GiftQuestion
from kmi_learn.learning import services as learning
from kmi_learn.models_base import utcnow
from kmi_learn.quizzes.grading import grade, match_answers, match_stems
from kmi_learn.quizzes.models import Attempt, AttemptSlot, Question, QuestionVersion

#: marks closer than this are equal (float noise is not a change)
TOLERANCE = 1e-9


class RegradeChanged(Exception):
    """The attempts changed since the dry run; the facilitator must look again."""


@dataclass(frozen=True)
class SlotChange:
    slot_id: int
    question_id: int
    gift_id: str
    from_version: int  #: number of the version that graded it so far
    to_version: int
    to_version_id: int
    old_fraction: float
    new_fraction: float


@dataclass
class AttemptChange:
    attempt_id: int
    user_id: int
    user_name: str
    user_email: str
    number: int
    finished_at: datetime | None
    max_score: float
    pass_mark: float
    old_score: float
    new_score: float
    old_passed: bool
    new_passed: bool
    slots: list[SlotChange] = field(default_factory=list)

    @property
    def old_percent(self) -> float:
        return _percent(self.old_score, self.max_score)

    @property
    def new_percent(self) -> float:
        return _percent(self.new_score, self.max_score)


@dataclass
class RegradePlan:
    module_id: int
    question_ids: list[int] | None  #: None: every question of the quiz
    changes: list[AttemptChange] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  #: (gift_id, reason)

    @property
    def digest(self) -> str:
        """Identifies the plan: the same attempts, slots and marks give the same digest."""
        data = [[c.attempt_id, [[s.slot_id, s.to_version_id, round(s.new_fraction, 9)]
                                for s in c.slots]] for c in self.changes]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:32]

    @property
    def newly_passed(self) -> list[AttemptChange]:
        return [c for c in self.changes if c.new_passed and not c.old_passed]

    @property
    def newly_failed(self) -> list[AttemptChange]:
        return [c for c in self.changes if c.old_passed and not c.new_passed]


def _percent(score: float, max_score: float) -> float:
    # The same rounding as Attempt.percent, so the plan shows what the pages will.
    return round(100 * score / max_score, 1) if max_score else 0.0


def _passed(score: float, max_score: float, pass_mark: float) -> bool:
    # quizzes.services.grade_attempt's rule, kept identical.
    percent = 100.0 * score / max_score if max_score else 100.0
    return percent + 1e-9 >= pass_mark


def incompatibility(old: GiftQuestion, new: GiftQuestion) -> str | None:
    """Why responses to ``old`` cannot be marked with ``new`` (None: they can)."""
    if old.qtype != new.qtype:
        return "the question type changed"
    if not new.is_graded:
        return "the question is not graded"
    if old.qtype in ("multichoice", "missingword", "multiresponse") \
            and len(old.choices) != len(new.choices):
        return "the number of choices changed"
    if old.qtype == "matching" and (len(match_stems(old)) != len(match_stems(new))
                                    or len(match_answers(old)) != len(match_answers(new))):
        return "the number of items to match changed"
    return None


def plan_regrade(module: Module, question_ids: list[int] | None = None) -> RegradePlan:
    """The dry run: every finished attempt of ``module`` whose marks would change if
    the slots graded by an old version of a question were graded by its current one.

    Writes nothing. A constant number of queries, whatever the number of attempts.
    """
    plan = RegradePlan(module.id, sorted(question_ids) if question_ids is not None else None)
    grading_version = AttemptSlot.regraded_version_id.is_(None) & (
        AttemptSlot.question_version_id != Question.current_version_id)
    query = (
        select(AttemptSlot, Question)
        .join(Attempt, Attempt.id == AttemptSlot.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptSlot.question_version_id)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(Attempt.module_id == module.id, Attempt.state == "finished",
               AttemptSlot.max_mark > 0,
               or_(grading_version, AttemptSlot.regraded_version_id != Question.current_version_id))
        .order_by(AttemptSlot.attempt_id, AttemptSlot.position)
    )
    if question_ids is not None:
        query = query.where(Question.id.in_(question_ids))
    candidates = db.session.execute(query).all()
    if not candidates:
        return plan
    wanted = {slot.regraded_version_id or slot.question_version_id for slot, _q in candidates}
    wanted |= {q.current_version_id for _slot, q in candidates}
    versions = {v.id: v for v in db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.id.in_(wanted)))}
    parsed = {vid: v.parsed() for vid, v in versions.items()}
    skipped: dict[int, tuple[str, str]] = {}
    changed: dict[int, list[SlotChange]] = defaultdict(list)
    for slot, question in candidates:
        old_id = slot.regraded_version_id or slot.question_version_id
        new_id = question.current_version_id
        reason = incompatibility(parsed[old_id], parsed[new_id])
        if reason:
            skipped.setdefault(question.id, (question.gift_id, reason))
            continue
        new_fraction = grade(parsed[new_id], slot.response).fraction
        if abs(new_fraction - (slot.fraction or 0.0)) <= TOLERANCE:
            continue
        changed[slot.attempt_id].append(SlotChange(
            slot.id, question.id, question.gift_id, versions[old_id].number,
            versions[new_id].number, new_id, slot.fraction or 0.0, new_fraction))
    plan.skipped = sorted(skipped.values())
    if changed:
        plan.changes = _attempt_changes(changed)
    return plan


def _attempt_changes(changed: dict[int, list[SlotChange]]) -> list[AttemptChange]:
    """Old and new scores of the attempts whose slots change (two queries)."""
    rows = db.session.execute(
        select(Attempt, User).join(User, User.id == Attempt.user_id)
        .where(Attempt.id.in_(list(changed))).order_by(User.name, Attempt.number)).all()
    all_slots: dict[int, list[AttemptSlot]] = defaultdict(list)
    for slot in db.session.scalars(select(AttemptSlot).where(
            AttemptSlot.attempt_id.in_(list(changed)))):
        all_slots[slot.attempt_id].append(slot)
    result = []
    for attempt, user in rows:
        new = {change.slot_id: change.new_fraction for change in changed[attempt.id]}
        score = round(sum(new.get(s.id, s.fraction or 0.0) * s.max_mark
                          for s in all_slots[attempt.id]), 6)
        result.append(AttemptChange(
            attempt.id, user.id, user.name, user.email, attempt.number, attempt.finished_at,
            attempt.max_score, attempt.pass_mark, attempt.score or 0.0, score,
            bool(attempt.passed), _passed(score, attempt.max_score, attempt.pass_mark),
            changed[attempt.id]))
    return result


def apply_regrade(actor: User, module: Module, digest: str,
                  question_ids: list[int] | None = None) -> RegradePlan:
    """Apply the dry run the facilitator saw (``digest``), in the caller's transaction.

    Raises :class:`RegradeChanged` if the plan is no longer the same (a delegate
    finished an attempt, another facilitator regraded or edited meanwhile).
    Returns the applied plan (empty if there was nothing to do: nothing written).
    """
    # One regrade of a module at a time (PostgreSQL row lock; SQLite locks writers).
    db.session.execute(select(Module.id).where(Module.id == module.id).with_for_update())
    plan = plan_regrade(module, question_ids)
    if plan.digest != digest:
        raise RegradeChanged(plan.digest)
    if not plan.changes:
        return plan
    now = utcnow()
    slots = {s.id: s for s in db.session.scalars(select(AttemptSlot).where(
        AttemptSlot.id.in_([s.slot_id for c in plan.changes for s in c.slots])))}
    attempts = {a.id: a for a in db.session.scalars(select(Attempt).where(
        Attempt.id.in_([c.attempt_id for c in plan.changes])))}
    for change in plan.changes:
        for slot_change in change.slots:
            slot = slots[slot_change.slot_id]
            slot.fraction = slot_change.new_fraction
            slot.regraded_version_id = slot_change.to_version_id
        attempt = attempts[change.attempt_id]
        attempt.score, attempt.passed = change.new_score, change.new_passed
        attempt.regraded_at = now
    db.session.flush()
    _update_progress(module, plan)
    gift_ids = sorted({s.gift_id for c in plan.changes for s in c.slots})
    record(actor, "quiz.regrade", "module", module.id,
           f"Regraded {len(plan.changes)} attempt(s) of {module.slug}: {', '.join(gift_ids)}",
           before={str(c.attempt_id): {"percent": c.old_percent, "passed": c.old_passed}
                   for c in plan.changes},
           after={str(c.attempt_id): {"percent": c.new_percent, "passed": c.new_passed}
                  for c in plan.changes})
    return plan


def _update_progress(module: Module, plan: RegradePlan) -> None:
    """Best score from every finished attempt; a new pass is recorded and completes."""
    user_ids = sorted({c.user_id for c in plan.changes})
    best: dict[int, float] = {}
    passed: set[int] = set()
    for attempt in db.session.scalars(select(Attempt).where(
            Attempt.module_id == module.id, Attempt.state == "finished",
            Attempt.user_id.in_(user_ids))):
        best[attempt.user_id] = max(best.get(attempt.user_id, 0.0), attempt.percent or 0.0)
        if attempt.passed:
            passed.add(attempt.user_id)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    for user_id in user_ids:
        user = users[user_id]
        progress = learning.module_progress(user, module)
        progress.best_percent = best.get(user_id)
        if user_id in passed and progress.quiz_passed_at is None:
            progress.quiz_passed_at = utcnow()
            enrolment = learning.get_enrolment(user, module.course)
            if enrolment is not None:
                learning.update_module_completion(user, module, enrolment, progress)
    db.session.flush()
