"""A regrade end to end through the real pages: a delegate takes the quiz, the
facilitator corrects the key, checks the dry run and applies it."""
from __future__ import annotations

import re

from sqlalchemy import select

from kmi_learn.extensions import db
from kmi_learn.learning.models import ModuleProgress
from kmi_learn.quizzes.models import AttemptSlot
from tests import factories
from tests.authoring import stats_seed as seed

PLAN = re.compile(r'name="plan" type="hidden" value="([0-9a-f]+)"')


def test_delegate_attempt_regraded_through_the_pages(app, tmp_path, sign_in):
    module = seed.course(tmp_path, questions=2, pass_mark=50)
    q1, _q2 = seed.questions(module)
    delegate, user = sign_in("delegate")
    delegate.post("/courses/demo/enrol", token_from="/courses/demo/")
    attempt_id = factories.take_quiz(delegate, "demo", "module-1", right=False)
    result = delegate.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Score: 0.0%" in result and "Not passed." in result

    facilitator, staff = sign_in("facilitator")
    seed.correct_key(q1, right=1, user_id=staff.id)  # the delegate's answer was right
    db.session.commit()
    regrade_url = f"/authoring/modules/{module.id}/regrade?question={q1.id}"
    page = facilitator.get(regrade_url).get_data(as_text=True)
    assert "1 attempt would change." in page and user.name in page
    assert "0.0%" in page and "50.0%" in page and "Not passed → passed" in page
    response = facilitator.post(regrade_url, {"plan": PLAN.search(page).group(1)},
                                token_from=regrade_url)
    assert response.status_code == 302

    result = delegate.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Score: 50.0%" in result and "Passed." in result
    # The review judges the regraded answer by the corrected key, feedback included.
    assert result.count("<strong>Correct</strong>") == 1
    assert result.count("The right answer:") == 1
    progress = db.session.scalar(select(ModuleProgress).where(
        ModuleProgress.user_id == user.id))
    assert progress.best_percent == 50.0 and progress.quiz_passed_at is not None
    assert progress.completed_at is None  # the lessons are not done yet
    slot = db.session.scalar(select(AttemptSlot).where(AttemptSlot.attempt_id == attempt_id,
                                                       AttemptSlot.question_version_id
                                                       != q1.current_version_id,
                                                       AttemptSlot.regraded_version_id
                                                       == q1.current_version_id))
    assert slot is not None  # still shown as taken, on version 1
    stats = facilitator.get(f"/authoring/modules/{module.id}/statistics").get_data(
        as_text=True)
    assert "Version 2" in stats  # the spread now follows the key that graded it
