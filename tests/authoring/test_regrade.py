"""Regrading after a corrected answer key: the dry run equals the applied result, one
transaction, completion, audit, idempotence."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from kmi_learn.accounts.models import User
from kmi_learn.audit.models import AuditEntry
from kmi_learn.authoring import regrade
from kmi_learn.certificates.models import Certificate
from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment, ModuleProgress
from kmi_learn.quizzes import services
from kmi_learn.quizzes.models import Attempt, AttemptSlot, QuestionVersion
from tests import factories
from tests.authoring import stats_seed as seed

PLAN = re.compile(r'name="plan" type="hidden" value="([0-9a-f]+)"')


def url(module, *question_ids) -> str:
    query = "&".join(f"question={q}" for q in question_ids)
    return f"/authoring/modules/{module.id}/regrade" + (f"?{query}" if query else "")


def progress(user, module) -> ModuleProgress:
    return db.session.scalar(select(ModuleProgress).where(
        ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id))


@pytest.fixture
def quiz(app, tmp_path):
    """Two questions, pass mark 100%. Question 1's key is then corrected: choice 1
    ("Wrong 1") was the right answer all along."""
    module = seed.course(tmp_path, questions=2, pass_mark=100)
    q1, q2 = seed.questions(module)
    people = {
        # failed (50%): right after the correction, lessons done -> completes
        "fails_then_passes": (seed.delegate(module, lessons_done=True), [{q1.id: 1, q2.id: 0}]),
        # passed (100%): wrong after the correction; the pass is kept
        "passes_then_fails": (seed.delegate(module), [{q1.id: 0, q2.id: 0}]),
        # two attempts: 50% then 100% -> 0% then 50%
        "two_attempts": (seed.delegate(module), [{q1.id: 0, q2.id: 1}, {q1.id: 0, q2.id: 0}]),
        # answered q1 with nothing: 0 before and after, not listed
        "unanswered": (seed.delegate(module), [{q1.id: None, q2.id: 1}]),
    }
    users = {}
    for name, (user, attempts) in people.items():
        users[name] = user
        for responses in attempts:
            seed.attempt(user, module, responses)
    seed.attempt(users["unanswered"], module, {q1.id: 0, q2.id: 0}, finished=False)
    facilitator = factories.make_user("facilitator")
    seed.correct_key(q1, right=1, user_id=facilitator.id)
    db.session.commit()
    return module, q1, q2, users


def snapshot(module):
    """Every attempt's (score, passed) and every slot's (fraction, regraded version)."""
    attempts = {a.id: (a.score, a.passed, a.state) for a in db.session.scalars(
        select(Attempt).where(Attempt.module_id == module.id))}
    slots = {s.id: (s.fraction, s.regraded_version_id) for s in db.session.scalars(
        select(AttemptSlot))}
    return attempts, slots


def test_dry_run_lists_exactly_the_attempts_whose_marks_change(quiz):
    module, q1, _q2, users = quiz
    before = snapshot(module)
    plan = regrade.plan_regrade(module)
    assert snapshot(module) == before  # a dry run writes nothing
    by_user = {}
    for change in plan.changes:
        by_user.setdefault(change.user_id, []).append(
            (change.old_percent, change.new_percent, change.old_passed, change.new_passed))
    assert by_user == {
        users["fails_then_passes"].id: [(50.0, 100.0, False, True)],
        users["passes_then_fails"].id: [(100.0, 50.0, True, False)],
        users["two_attempts"].id: [(50.0, 0.0, False, False), (100.0, 50.0, True, False)],
    }
    assert {s.gift_id for c in plan.changes for s in c.slots} == {q1.gift_id}
    assert all((s.from_version, s.to_version) == (1, 2) for c in plan.changes for s in c.slots)
    assert [c.user_id for c in plan.newly_passed] == [users["fails_then_passes"].id]
    assert len(plan.newly_failed) == 2 and plan.skipped == []


def test_applying_equals_the_dry_run_and_updates_progress_audit_and_completion(
        quiz, sign_in):
    module, q1, _q2, users = quiz
    client, facilitator = sign_in("facilitator")
    page = client.get(url(module)).get_data(as_text=True)
    assert "4 attempts would change." in page and "1 would now pass." in page
    assert "Nothing is saved yet." in page
    dry_run = regrade.plan_regrade(module)
    response = client.post(url(module), {"plan": PLAN.search(page).group(1)},
                           token_from=url(module))
    assert response.status_code == 302
    assert "4 attempts regraded." in client.get(response.headers["Location"]).get_data(
        as_text=True)

    for change in dry_run.changes:  # the database now holds exactly the dry run
        attempt = db.session.get(Attempt, change.attempt_id)
        assert (attempt.percent, attempt.passed) == (change.new_percent, change.new_passed)
        assert attempt.regraded_at is not None
        for slot_change in change.slots:
            slot = db.session.get(AttemptSlot, slot_change.slot_id)
            assert slot.fraction == slot_change.new_fraction
            assert slot.regraded_version_id == q1.current_version_id
            assert slot.question_version_id != q1.current_version_id  # still shows v1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "quiz.regrade"))
    assert entry.actor_id == facilitator.id and entry.target_id == module.id
    assert entry.before == {str(c.attempt_id): {"percent": c.old_percent,
                                                "passed": c.old_passed} for c in dry_run.changes}
    assert entry.after == {str(c.attempt_id): {"percent": c.new_percent,
                                               "passed": c.new_passed} for c in dry_run.changes}

    now_passes = users["fails_then_passes"]
    assert progress(now_passes, module).best_percent == 100.0
    assert progress(now_passes, module).quiz_passed_at is not None
    assert progress(now_passes, module).completed_at is not None  # lessons were done
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == now_passes.id))
    assert enrolment.completed_at is not None  # the course has one module
    assert db.session.scalar(select(Certificate).where(Certificate.user_id == now_passes.id))
    # A lower score is shown, but a pass already recorded is kept.
    now_fails = progress(users["passes_then_fails"], module)
    assert now_fails.best_percent == 50.0 and now_fails.quiz_passed_at is not None
    assert progress(users["two_attempts"], module).best_percent == 50.0
    assert progress(users["unanswered"], module).best_percent == 0.0


def test_running_it_again_changes_nothing(quiz, sign_in):
    module, *_rest = quiz
    client, _facilitator = sign_in("facilitator")
    page = client.get(url(module)).get_data(as_text=True)
    client.post(url(module), {"plan": PLAN.search(page).group(1)}, token_from=url(module))
    after_first = snapshot(module)
    assert regrade.plan_regrade(module).changes == []
    page = client.get(url(module)).get_data(as_text=True)
    assert "Nothing to regrade" in page and PLAN.search(page) is None
    empty = regrade.plan_regrade(module).digest
    response = client.post(url(module), {"plan": empty}, token_from=url(module))
    assert "Nothing to regrade" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert snapshot(module) == after_first
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "quiz.regrade")) == 1


def test_a_plan_that_changed_since_the_dry_run_is_refused(quiz, sign_in):
    module, *_rest = quiz
    client, _facilitator = sign_in("facilitator")
    page = client.get(url(module)).get_data(as_text=True)
    digest = PLAN.search(page).group(1)
    # Meanwhile the attempt started on version 1 is submitted: the plan grows.
    attempt = db.session.scalar(select(Attempt).where(Attempt.state == "in_progress"))
    services.submit_attempt(db.session.get(User, attempt.user_id), attempt)
    db.session.commit()
    assert len(regrade.plan_regrade(module).changes) == 5
    before = snapshot(module)
    response = client.post(url(module), {"plan": digest}, token_from=url(module))
    assert "The attempts changed since this list was made" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert snapshot(module) == before


def test_one_transaction_a_failure_changes_nothing(quiz, sign_in, monkeypatch):
    module, *_rest = quiz
    client, _facilitator = sign_in("facilitator")
    page = client.get(url(module)).get_data(as_text=True)
    before = snapshot(module)
    progress_before = {p.id: (p.best_percent, p.quiz_passed_at, p.completed_at)
                       for p in db.session.scalars(select(ModuleProgress))}

    def fail(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(regrade, "record", fail)  # after slots, attempts and progress
    with pytest.raises(RuntimeError):
        client.post(url(module), {"plan": PLAN.search(page).group(1)}, token_from=url(module))
    db.session.rollback()
    assert snapshot(module) == before
    assert {p.id: (p.best_percent, p.quiz_passed_at, p.completed_at)
            for p in db.session.scalars(select(ModuleProgress))} == progress_before
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_a_regrade_can_be_limited_to_some_questions(quiz, sign_in):
    module, q1, q2, _users = quiz
    assert regrade.plan_regrade(module, [q2.id]).changes == []
    assert len(regrade.plan_regrade(module, [q1.id]).changes) == 4
    client, _facilitator = sign_in("facilitator")
    page = client.get(url(module, q2.id)).get_data(as_text=True)
    assert "Nothing to regrade" in page and "<strong>Q2</strong>" in page


def test_a_version_with_another_structure_is_skipped_with_the_reason(app, tmp_path):
    module = seed.course(tmp_path, questions=2)
    q1, q2 = seed.questions(module)
    seed.attempt(seed.delegate(module), module, {q1.id: 1, q2.id: 1})
    seed.edit_choices(q1, [("Right 1", 0.0), ("Wrong 1", 1.0), ("Another", 0.0)])
    plan = regrade.plan_regrade(module)
    assert plan.changes == []
    assert plan.skipped == [(q1.gift_id, "the number of choices changed")]


def test_dry_run_query_budget_does_not_grow_with_attempts(app, tmp_path, sign_in):
    from tests.querycount import count_queries

    module = seed.course(tmp_path, questions=2)
    q1, q2 = seed.questions(module)

    def seed_attempts(n):
        for _ in range(n):
            seed.attempt(seed.delegate(module), module, {q1.id: 1, q2.id: 0})
        db.session.commit()

    seed_attempts(2)
    seed.correct_key(q1, right=1)
    db.session.commit()
    client, _facilitator = sign_in("facilitator")
    with count_queries() as few:
        assert "2 attempts would change." in client.get(url(module)).get_data(as_text=True)
    # More attempts taken on version 1 (re-pointed there: seeding uses the current one).
    seed_attempts(10)
    v1 = db.session.scalar(select(QuestionVersion.id).where(
        QuestionVersion.question_id == q1.id, QuestionVersion.number == 1))
    for slot in db.session.scalars(select(AttemptSlot).where(
            AttemptSlot.question_version_id == q1.current_version_id)):
        slot.question_version_id = v1
        slot.fraction = 0.0
    db.session.commit()
    with count_queries() as many:
        assert "12 attempts would change." in client.get(url(module)).get_data(as_text=True)
    assert len(many) == len(few) <= 12
