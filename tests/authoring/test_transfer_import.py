"""GIFT import through the pages: preview (errors with lines, nothing saved), apply."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from kmi_learn.audit.models import AuditEntry
from kmi_learn.extensions import db
from kmi_learn.models_base import utcnow
from kmi_learn.quizzes.models import Question, QuestionVersion
from tests import factories
from tests.authoring.transfer_support import (
    bank,
    browser_edit,
    confirm,
    import_gift,
    module_id,
    preview,
    question,
    versions,
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def course(app, tmp_path):
    root = factories.write_course(tmp_path / "courses", modules=2, questions=2)
    factories.sync(root)
    return root


def mc(qid: str, text: str, answers: int = 2) -> str:
    lines = ["\t=Right #Yes."] + [f"\t~Wrong {n} #No." for n in range(1, answers)]
    return f"// [id:{qid}]\n::{qid}::{text} {{\n" + "\n".join(lines) + "\n}\n"


BROKEN = (
    mc("new-ok", "A good new question?")  # lines 1-5
    + "\n// [id:an-essay]\n::Essay::Discuss. {}\n"  # line 8
    + "\n::No id::What is missing? {T}\n"  # line 10
    + "\n// [id:new-ok]\nThe same id again? {T}\n"  # id on line 12
    + "\n// [id:broken]\nWhere does it end? {\n\t=Here\n"  # '{' on line 16
    + "\n// [id:m2-q1]\nAn id of module 2? {T}\n"  # line 20
)


def test_the_preview_lists_every_error_with_its_line_and_saves_nothing(course, sign_in):
    client, _ = sign_in("facilitator")
    before = (count(Question), count(QuestionVersion), count(AuditEntry))
    response = preview(client, module_id(), BROKEN)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 8</a>: essay questions need manual grading" in page
    assert "Line 10</a>: question without an id" in page
    assert "Line 12</a>: duplicate id &#39;new-ok&#39; (already used on line 1)" in page
    assert "Line 16</a>: &#39;{&#39; is never closed" in page
    assert "Line 20</a>: question id &#39;m2-q1&#39; is already used in module &#39;module-2&#39;" \
        in page
    assert "5 errors" in page and "1 new" in page and "Nothing is saved yet." in page
    assert 'id="line-16"' in page  # the text is shown with its line numbers
    assert "/import/confirm" not in page
    # A confirmation forged from the same text is refused too.
    forged = client.post(f"/authoring/modules/{module_id()}/import/confirm",
                         {"gift": BROKEN, "lang": "en", "bank_hash": "x" * 64},
                         token_from=f"/authoring/modules/{module_id()}/import")
    assert forged.status_code == 409
    assert (count(Question), count(QuestionVersion), count(AuditEntry)) == before


def test_applying_creates_questions_and_versions_in_one_audited_step(course, sign_in):
    client, user = sign_in("facilitator")
    unchanged_before = bank(module="module-2")
    text = (mc("m1-q1", "Question one, reworded?") + "\n" + factories.gift_question(2)
            + "\n" + mc("brand-new", "A new question?", answers=3))
    shown = preview(client, module_id(), text).get_data(as_text=True)
    assert "1 new" in shown and "1 changed" in shown and "1 unchanged" in shown
    assert "Import 2 questions" in shown
    response = confirm(client, module_id(), preview(client, module_id(), text))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/authoring/lessons#module-{module_id()}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported: 1 new, 1 changed, 0 restored, 1 unchanged." in page

    assert [(v.number, v.source, v.created_by_id) for v in versions("m1-q1")] == [
        (1, "sync", None), (2, "browser", user.id)]
    assert bank()["m1-q1"]["en"]["text"] == "Question one, reworded?"
    assert [v.number for v in versions("m1-q2")] == [1]
    new = question("brand-new")
    assert new.position == 3 and new.file_hash is None
    assert [(v.number, v.source) for v in versions("brand-new")] == [(1, "browser")]
    assert bank(module="module-2") == unchanged_before
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.target_id, e.actor_id) for e in entries] == [
        ("question.import", question("m1-q1").id, user.id),
        ("question.import", new.id, user.id)]
    assert entries[0].before["en"]["text"] == "Question 1 of module 1?"
    assert entries[0].after["en"]["text"] == "Question one, reworded?"
    assert entries[1].before is None and entries[1].after == bank()["brand-new"]


def test_an_uploaded_file_is_read_as_utf8_and_refused_clearly_otherwise(course, sign_in):
    client, _ = sign_in("facilitator")
    url = f"/authoring/modules/{module_id()}/import"
    text = mc("accents", "Où est la Cour internationale de justice ?")
    response = client.post(url, {"lang": "en", "upload": (
        io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8")), "quiz.gift")},
        token_from=url, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "1 new" in response.get_data(as_text=True)
    latin1 = ("// [id:x]\n::x::Fine line?\n" + "Où est-ce ? {T}\n").encode("latin-1")
    response = client.post(url, {"lang": "en", "upload": (io.BytesIO(latin1), "quiz.gift")},
                           token_from=url, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The file is not UTF-8 text (a byte on line 3 cannot be read)" in page
    assert "save it with the UTF-8 encoding" in page
    response = client.post(url, {"lang": "en", "text": "  "}, token_from=url)
    assert response.status_code == 422
    assert "Choose a GIFT file or paste the questions." in response.get_data(as_text=True)
    assert count(QuestionVersion) == 4


def test_translations_must_grade_like_the_default_language(course, sign_in):
    client, _ = sign_in("facilitator")
    target = module_id()
    french = mc("m1-q1", "Question 1 du module 1 ?")
    assert import_gift(client, target, french, "fr").status_code == 302
    assert bank()["m1-q1"]["fr"]["text"] == "Question 1 du module 1 ?"
    assert list(bank()["m1-q1"]) == ["en", "fr"]

    wrong = mc("m1-q1", "Trois réponses ?", answers=3) + "\n" + mc("m1-zz", "Inconnue ?")
    page = preview(client, target, wrong, "fr").get_data(as_text=True)
    assert ("Line 2</a>: question &#39;m1-q1&#39; must grade like its &#39;en&#39; version: "
            "it has 3 answers here but 2 in the original") in page
    assert "Line 9</a>: question id &#39;m1-zz&#39; is not in this module&#39;s quiz" in page

    # A default-language edit keeps the translation while it grades the same...
    assert import_gift(client, target, mc("m1-q1", "Reworded?"), "en").status_code == 302
    assert bank()["m1-q1"]["fr"]["text"] == "Question 1 du module 1 ?"
    # ...and drops it, saying so, when it no longer does.
    shown = preview(client, target, mc("m1-q1", "Three answers?", answers=3))
    assert "its &#39;fr&#39; translation is dropped: it has 2 answers here but 3" in \
        shown.get_data(as_text=True)
    assert confirm(client, target, shown).status_code == 302
    assert list(bank()["m1-q1"]) == ["en"]
    assert len(versions("m1-q1")) == 4  # nothing is lost: every version stays


def test_a_preview_made_before_another_change_is_not_applied(course, sign_in):
    client, user = sign_in("facilitator")
    shown = preview(client, module_id(), mc("m1-q1", "Mine?"))
    browser_edit("m1-q1", "Someone else's edit?", user.id)
    response = confirm(client, module_id(), shown)
    assert response.status_code == 409
    assert "The quiz changed since your preview" in response.get_data(as_text=True)
    assert bank()["m1-q1"]["en"]["text"] == "Someone else's edit?"
    assert count(AuditEntry) == 0


def test_importing_a_retired_question_restores_it(course, sign_in):
    client, _ = sign_in("facilitator")
    question("m1-q2").retired_at = utcnow()
    db.session.commit()
    shown = preview(client, module_id(), factories.gift_question(2))
    assert "restored" in shown.get_data(as_text=True)
    assert confirm(client, module_id(), shown).status_code == 302
    restored = question("m1-q2")
    assert restored.retired_at is None and restored.position == 3
    assert len(versions("m1-q2")) == 1  # same content: no new version


def test_markup_in_imported_questions_is_sanitized(course, sign_in):
    client, _ = sign_in("facilitator")
    text = ("// [id:xss]\n::<script>alert(1)</script>::[html]<p onclick=\"x()\">Hi</p>"
            "<script>alert(2)</script>? {T}\n")
    page = preview(client, module_id(), text).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    import_gift(client, module_id(), text)
    stored = versions("xss")[0].html["en"]["text"]
    assert "<script" not in stored and "onclick" not in stored


def test_a_module_without_quiz_takes_no_import(app, tmp_path, sign_in):
    factories.sync(factories.write_course(tmp_path / "courses", questions=0))
    client, _ = sign_in("facilitator")
    response = client.get(f"/authoring/modules/{module_id()}/import")
    assert response.status_code == 409
    assert "This module has no quiz" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["delegate", "trainer"])
def test_only_facilitators_import_and_export(course, sign_in, role):
    client, _ = sign_in(role)
    target = module_id()
    for url in (f"/authoring/modules/{target}/import", f"/authoring/modules/{target}/export.gift",
                "/authoring/courses/demo/export.gift"):
        assert client.get(url).status_code == 403
    for url in (f"/authoring/modules/{target}/import",
                f"/authoring/modules/{target}/import/confirm"):
        assert client.post(url, {"text": mc("x", "X?"), "gift": mc("x", "X?"), "lang": "en",
                                 "bank_hash": "x"}).status_code == 403
    assert count(Question) == 4


def test_admins_may_and_strangers_are_sent_to_sign_in(course, sign_in, client):
    assert client.get(f"/authoring/modules/{module_id()}/import").status_code == 302
    admin, _ = sign_in("admin")
    assert admin.get(f"/authoring/modules/{module_id()}/import").status_code == 200
    assert admin.get("/authoring/modules/9999/import").status_code == 404
