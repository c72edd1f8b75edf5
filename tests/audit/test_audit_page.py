"""The audit log page: who sees what, filters, pages, before/after."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from kmi_learn.audit.models import AuditEntry
from kmi_learn.audit.services import record
from kmi_learn.extensions import db
from tests import factories
from tests.querycount import count_queries


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def add(actor, action, target_type, target_id, summary, when, **states) -> AuditEntry:
    entry = record(actor, action, target_type, target_id, summary, **states)
    entry.at = when
    return entry


@pytest.fixture
def log(app):
    """A small log: authoring actions, a trainer's and an administrator's."""
    amina = factories.make_user("facilitator", name="Amina Diallo", email="amina@iom.example")
    jonas = factories.make_user("facilitator", name="Jonas Berg", email="jonas@iom.example")
    trainer = factories.make_user("trainer", name="Tess Trainer")
    admin = factories.make_user("admin", name="Ada Admin")
    add(amina, "question.import", "question", 1, "Imported question m1-q1", at(1),
        before={"en": {"text": "Old <script>alert(1)</script>", "qtype": "multichoice"}},
        after={"en": {"text": "New text", "qtype": "multichoice"}})
    add(jonas, "question.edit", "question", 2, "Edited question m1-q2", at(2),
        after={"en": {"text": "Fresh"}})
    add(None, "course.export", "course", 1, "Exported the quizzes of demo", at(3))
    add(trainer, "certificate.revoke", "certificate", 7, "Revoked certificate ABCD", at(4))
    add(trainer, "cohort.create", "cohort", 3, "Cohort 'Geneva' created", at(5))
    add(admin, "account.role", "user", 9, "Role changed", at(6))
    db.session.commit()
    return {"amina": amina, "jonas": jonas}


def summaries(page: str) -> list[str]:
    return re.findall(r"<p>((?:Imported|Edited|Exported|Revoked|Cohort|Role)[^<]*)</p>", page)


@pytest.mark.parametrize("role", ["delegate", "trainer"])
def test_delegates_and_trainers_get_403(log, sign_in, role):
    client, _ = sign_in(role)
    assert client.get("/audit/").status_code == 403


def test_strangers_are_sent_to_sign_in(log, client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_facilitators_see_the_authoring_actions_newest_first(log, sign_in):
    client, _ = sign_in("facilitator")
    page = client.get("/audit/").get_data(as_text=True)
    assert summaries(page) == ["Exported the quizzes of demo", "Edited question m1-q2",
                               "Imported question m1-q1"]
    assert "certificate.revoke" not in page and "cohort.create" not in page
    assert "Amina Diallo" in page and "&lt;amina@iom.example&gt;" in page
    assert "command line" in page and "2026-03-01 12:00:00" in page
    # Asking for an action they may not see shows nothing of it.
    hidden = client.get("/audit/?action=certificate.revoke").get_data(as_text=True)
    assert "Revoked certificate" not in hidden and "Not a valid choice" in hidden


def test_admins_see_every_action(log, sign_in):
    client, _ = sign_in("admin")
    page = client.get("/audit/").get_data(as_text=True)
    assert summaries(page) == ["Role changed", "Cohort &#39;Geneva&#39; created",
                               "Revoked certificate ABCD", "Exported the quizzes of demo",
                               "Edited question m1-q2", "Imported question m1-q1"]


@pytest.mark.parametrize(("query", "expected"), [
    ("action=question.edit", ["Edited question m1-q2"]),
    ("actor=AMINA", ["Imported question m1-q1"]),
    ("actor=iom.example", ["Edited question m1-q2", "Imported question m1-q1"]),
    ("actor=100%25", []),  # wildcards are literal
    ("target_type=course", ["Exported the quizzes of demo"]),
    ("since=2026-03-02&until=2026-03-03", ["Exported the quizzes of demo",
                                           "Edited question m1-q2"]),
    ("until=2026-03-01", ["Imported question m1-q1"]),
    ("since=2026-03-02&actor=jonas&target_type=question", ["Edited question m1-q2"]),
])
def test_filters(log, sign_in, query, expected):
    client, _ = sign_in("facilitator")
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 200
    assert summaries(response.get_data(as_text=True)) == expected


def test_a_date_range_backwards_is_explained(log, sign_in):
    client, _ = sign_in("facilitator")
    page = client.get("/audit/?since=2026-03-05&until=2026-03-01").get_data(as_text=True)
    assert "The end date must be on or after the start date." in page


def test_before_and_after_are_escaped_json_with_a_diff(log, sign_in):
    client, _ = sign_in("facilitator")
    page = client.get("/audit/?action=question.import").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert '&#34;text&#34;: &#34;Old &lt;script&gt;alert(1)&lt;/script&gt;&#34;' in page
    assert '<span class="d-del">-    &#34;text&#34;: &#34;Old &lt;script&gt;' in page
    assert '<span class="d-add">+    &#34;text&#34;: &#34;New text&#34;' in page
    only_after = client.get("/audit/?action=question.edit").get_data(as_text=True)
    assert "&#34;text&#34;: &#34;Fresh&#34;" in only_after and "d-add" not in only_after


def test_pages_of_fifty_with_a_constant_number_of_queries(app, sign_in):
    client, _ = sign_in("facilitator")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(10):
        add(None, "question.edit", "question", n, f"Edit {n}", start + timedelta(minutes=n),
            before={"n": n}, after={"n": n + 1})
    db.session.commit()

    def statements(url: str) -> int:
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = statements("/audit/")
    for n in range(10, 120):
        add(None, "question.edit", "question", n, f"Edit {n}", start + timedelta(minutes=n),
            before={"n": n}, after={"n": n + 1})
    db.session.commit()
    assert statements("/audit/") == few
    first = client.get("/audit/").get_data(as_text=True)
    assert first.count('class="audit-entry"') == 50 and "Edit 119" in first
    assert 'rel="next" href="/audit/?page=2"' in first and 'rel="prev"' not in first
    last = client.get("/audit/?page=3&action=question.edit").get_data(as_text=True)
    assert last.count('class="audit-entry"') == 20 and "Edit 0<" in last
    assert 'rel="prev" href="/audit/?page=2&amp;action=question.edit"' in last
    assert 'rel="next"' not in last
