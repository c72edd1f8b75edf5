"""Who may reach the question bank: facilitators and admins, nobody else; and nothing
of a retired module or course."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from kmi_learn.audit.models import AuditEntry
from kmi_learn.catalog.models import Module
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import QuestionVersion
from tests import factories
from tests.authoring import bank_support as bs

#: Every page and action of the blueprint: (method, url, endpoint, form data).
ENDPOINTS = [
    ("GET", "/authoring/", "list_courses", None),
    ("GET", "/authoring/modules/{m}", "show_bank", None),
    ("GET", "/authoring/modules/{m}/questions/new?qtype=truefalse", "new_question", None),
    ("POST", "/authoring/modules/{m}/questions/new", "new_question",
     bs.form_data("truefalse", "forbidden-1")),
    ("GET", "/authoring/questions/{q}/edit", "edit_question", None),
    ("POST", "/authoring/questions/{q}/edit", "edit_question",
     bs.form_data("truefalse", text="Changed by someone else")),
    ("GET", "/authoring/questions/{q}/history", "show_history", None),
    ("POST", "/authoring/questions/{q}/versions/1/restore", "restore_version", {}),
    ("POST", "/authoring/questions/{q}/retire", "retire_question", {}),
    ("POST", "/authoring/questions/{q}/unretire", "unretire_question", {}),
    ("POST", "/authoring/questions/{q}/move", "move_question", {"direction": "down"}),
    ("GET", "/authoring/modules/{m}/settings", "edit_settings", None),
    ("POST", "/authoring/modules/{m}/settings", "edit_settings",
     {"title_en": "X", "pass_mark": "1", "max_attempts": "0", "time_limit_minutes": "0",
      "questions_per_attempt": "0", "review": "never"}),
    ("GET", "/authoring/modules/{m}/preview", "preview_quiz", None),
    ("POST", "/authoring/modules/{m}/preview", "grade_preview", {"draw": "[]"}),
]
IDS = [f"{method} {endpoint}" for method, _, endpoint, _ in ENDPOINTS]


def _call(client, method, url, data):
    if method == "GET":
        return client.get(url)
    return client.post(url, data, token_from="/")


def _ids(module: Module) -> dict[str, int]:
    return {"m": module.id, "q": bs.question(module, "m1-q1").id}


def _state() -> tuple[int, int, object]:
    module = db.session.scalar(select(Module).order_by(Module.id))
    return bs.count(QuestionVersion), bs.count(AuditEntry), dict(module.quiz or {})


def test_the_list_covers_every_endpoint_of_the_blueprint(app):
    rules = {(method, rule.endpoint) for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("authoring.")
             for method in rule.methods if method in ("GET", "POST")}
    assert rules == {(method, f"authoring.{endpoint}") for method, _, endpoint, _ in ENDPOINTS}


@pytest.mark.parametrize("role", ["delegate", "trainer"])
@pytest.mark.parametrize(("method", "url", "endpoint", "data"), ENDPOINTS, ids=IDS)
def test_delegates_and_trainers_get_403_everywhere(app, tmp_path, sign_in, role, method, url,
                                                   endpoint, data):
    module = bs.course(tmp_path)
    client, _ = sign_in(role)
    before = _state()
    response = _call(client, method, url.format(**_ids(module)), data)
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize(("method", "url", "endpoint", "data"), ENDPOINTS, ids=IDS)
def test_anonymous_visitors_are_sent_to_sign_in(app, tmp_path, client, method, url, endpoint,
                                                data):
    module = bs.course(tmp_path)
    response = _call(client, method, url.format(**_ids(module)), data)
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_facilitators_and_admins_get_in(app, tmp_path, sign_in, role):
    module = bs.course(tmp_path)
    client, _ = sign_in(role)
    for method, url, _, _ in ENDPOINTS:
        if method == "GET":
            assert client.get(url.format(**_ids(module))).status_code == 200, url


@pytest.mark.parametrize(("method", "url", "endpoint", "data"),
                         [e for e in ENDPOINTS if e[2] != "list_courses"],
                         ids=[i for i in IDS if not i.endswith("list_courses")])
def test_nothing_of_a_retired_module_can_be_edited(app, tmp_path, sign_in, method, url,
                                                   endpoint, data):
    root = factories.write_course(tmp_path / "courses", modules=2)
    factories.sync(root)
    module = db.session.scalar(select(Module).where(Module.slug == "module-2"))
    ids = {"m": module.id, "q": bs.question(module, "m2-q1").id}
    shutil.rmtree(root / "demo" / "02-module-2")
    factories.sync(root)
    db.session.refresh(module)
    assert module.retired_at is not None
    client, _ = sign_in("facilitator")
    before = _state()
    assert _call(client, method, url.format(**ids), data).status_code == 404
    assert _state() == before
    assert "Module 2" not in client.get("/authoring/").get_data(as_text=True)


def test_nothing_of_a_retired_course_can_be_edited(app, tmp_path, sign_in):
    root = factories.write_course(tmp_path / "courses")
    factories.write_course(tmp_path / "courses", slug="other")
    factories.sync(root)
    module = db.session.scalar(select(Module).order_by(Module.id))
    question_id = bs.question(module, "m1-q1").id
    shutil.rmtree(root / "demo")
    factories.sync(root)
    client, _ = sign_in("facilitator")
    assert client.get(f"/authoring/modules/{module.id}").status_code == 404
    assert client.get(f"/authoring/questions/{question_id}/edit").status_code == 404
    assert "Demo course demo" not in client.get("/authoring/").get_data(as_text=True)


def test_unknown_ids_are_404(app, tmp_path, sign_in):
    bs.course(tmp_path)
    client, _ = sign_in("facilitator")
    assert client.get("/authoring/modules/999").status_code == 404
    assert client.get("/authoring/questions/999/history").status_code == 404
    assert client.post("/authoring/questions/999/retire", token_from="/").status_code == 404


def test_posts_without_the_csrf_token_are_refused(app, tmp_path, sign_in):
    module = bs.course(tmp_path)
    client, _ = sign_in("facilitator")
    before = _state()
    ids = _ids(module)
    for method, url, _, data in ENDPOINTS:
        if method == "POST":
            response = client.post(url.format(**ids), data, csrf=False)
            assert response.status_code in (400, 422), url
    assert _state() == before
