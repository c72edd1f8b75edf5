"""The statistics page: who may see it, what it shows, its query budget."""
from __future__ import annotations

import pytest

from kmi_learn.extensions import db
from tests import factories
from tests.authoring import stats_seed as seed
from tests.querycount import count_queries


def stats_url(module) -> str:
    return f"/authoring/modules/{module.id}/statistics"


def seed_attempts(module, n: int):
    qs = seed.questions(module)
    for i in range(n):
        seed.attempt(seed.delegate(module), module,
                     {q.id: (i + j) % 2 for j, q in enumerate(qs)})
    db.session.commit()


@pytest.mark.parametrize("role,status", [("facilitator", 200), ("admin", 200),
                                         ("delegate", 403), ("trainer", 403)])
def test_only_facilitators_see_statistics_and_regrades(app, tmp_path, sign_in, role, status):
    module = seed.course(tmp_path)
    client, _user = sign_in(role)
    assert client.get(stats_url(module)).status_code == status
    assert client.get(f"/authoring/modules/{module.id}/regrade").status_code == status
    response = client.post(f"/authoring/modules/{module.id}/regrade", {"plan": "stale"},
                           token_from="/")
    # A facilitator's stale plan is refused with a message; other roles never get there.
    assert response.status_code == (302 if status == 200 else 403)


def test_anonymous_visitors_are_sent_to_sign_in(app, tmp_path, client):
    module = seed.course(tmp_path)
    response = client.get(stats_url(module))
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_unknown_module_or_module_without_quiz_is_404(app, tmp_path, sign_in):
    module = seed.course(tmp_path)
    client, _user = sign_in("facilitator")
    assert client.get(f"/authoring/modules/{module.id + 99}/statistics").status_code == 404
    module.quiz = None
    db.session.commit()
    assert client.get(stats_url(module)).status_code == 404


def test_page_shows_test_figures_items_flags_and_spread(app, tmp_path, sign_in):
    module = seed.course(tmp_path, questions=2)
    q1, q2 = seed.questions(module)
    # q1 right by everyone (very easy); q2 split.
    for response in (0, 1, 0, 1):
        seed.attempt(seed.delegate(module), module, {q1.id: 0, q2.id: response})
    db.session.commit()
    client, _user = sign_in("facilitator")
    page = client.get(stats_url(module)).get_data(as_text=True)
    assert "Quiz statistics" in page and "Each person's first finished attempt" in page
    assert "Coefficient of internal consistency" in page and "75.0%" in page  # the mean
    assert f'id="item-{q1.id}"' in page and "Very easy" in page
    assert "Only 4 attempts so far" in page
    assert f'id="spread-{q2.id}"' in page and "Right 2" in page and "Wrong 2" in page
    assert 'class="stat-flag very-easy"' in page
    assert "style=" not in page and "<script" not in page  # CSP: no inline style or script


def test_toggle_between_first_and_all_attempts(app, tmp_path, sign_in):
    module = seed.course(tmp_path, questions=2)
    qs = seed.questions(module)
    user = seed.delegate(module)
    seed.attempt(user, module, {qs[0].id: 1, qs[1].id: 1})
    seed.attempt(user, module, {qs[0].id: 0, qs[1].id: 0})
    db.session.commit()
    client, _user = sign_in("facilitator")
    first = client.get(stats_url(module)).get_data(as_text=True)
    every = client.get(stats_url(module) + "?attempts=all").get_data(as_text=True)
    assert "Only 1 attempt so far" in first and "0.0%" in first
    assert "Only 2 attempts so far" in every and "50.0%" in every
    assert 'attempts=all" aria-current="page"' in every


def test_typed_answers_are_escaped(app, tmp_path, sign_in):
    quiz = "// [id:m1-q1]\n::Q1:: Where? {=Geneva}\n"
    module = seed.course(tmp_path, quiz_text=quiz)
    (q,) = seed.questions(module)
    seed.attempt(seed.delegate(module), module, {q.id: "<script>alert(1)</script>"})
    db.session.commit()
    client, _user = sign_in("facilitator")
    page = client.get(stats_url(module)).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_statistics_page_query_budget_does_not_grow_with_attempts(app, tmp_path, sign_in):
    module = seed.course(tmp_path, questions=3)
    client, _user = sign_in("facilitator")
    seed_attempts(module, 3)
    with count_queries() as few:
        assert client.get(stats_url(module) + "?attempts=all").status_code == 200
    seed_attempts(module, 12)
    with count_queries() as many:
        assert client.get(stats_url(module) + "?attempts=all").status_code == 200
    assert len(many) == len(few) <= 12


def test_a_quiz_taken_through_the_pages_shows_in_the_statistics(app, tmp_path, sign_in):
    module = seed.course(tmp_path, questions=2)
    delegate, _user = sign_in("delegate")
    delegate.post("/courses/demo/enrol", token_from="/courses/demo/")
    factories.take_quiz(delegate, "demo", "module-1", right=True)
    client, _user = sign_in("facilitator")
    page = client.get(stats_url(module)).get_data(as_text=True)
    assert "Only 1 attempt so far" in page and "100.0%" in page
