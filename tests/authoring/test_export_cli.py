"""`kmi-learn courses export [PATH]`: the current quizzes back into the course files."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from kmi_learn.audit.models import AuditEntry
from kmi_learn.extensions import db
from kmi_learn.gift import parse
from kmi_learn.models_base import utcnow
from tests import factories
from tests.authoring.transfer_support import (
    bank,
    browser_edit,
    import_gift,
    module_id,
    question,
)


@pytest.fixture
def root(app, tmp_path):
    root = factories.write_course(tmp_path / "courses", modules=2, questions=2)
    factories.sync(root)
    return root


def quiz(root, module: int = 1, lang: str | None = None):
    name = f"quiz.{lang}.gift" if lang else "quiz.gift"
    return root / "demo" / f"{module:02d}-module-{module}" / name


def export(runner, *args: str, code: int = 0) -> str:
    result = runner.invoke(args=["courses", "export", *args])
    assert result.exit_code == code, result.output
    return result.output


def check_and_sync_find_nothing_to_do(runner, root) -> None:
    result = runner.invoke(args=["courses", "check", str(root)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["courses", "sync"])
    assert result.exit_code == 0, result.output
    assert "Synced: 0 changes." in result.output and "conflict" not in result.output


def test_an_export_of_what_the_files_hold_changes_no_file(root, runner):
    before = {path: path.read_bytes() for path in root.rglob("*.gift")}
    assert "Exported: 0 files changed, 2 unchanged." in export(runner)
    assert {path: path.read_bytes() for path in root.rglob("*.gift")} == before
    assert db.session.scalar(select(AuditEntry)) is None


def test_browser_changes_are_written_back_then_check_and_sync_agree(root, runner, sign_in):
    client, _ = sign_in("facilitator")
    browser_edit("m1-q1", "Edited in the browser?")
    import_gift(client, module_id(), "// [id:m1-new]\n::New::Made in the browser? {T}\n")
    output = export(runner)
    assert f"written: {quiz(root)}" in output
    assert "Exported: 1 files changed, 1 unchanged." in output
    assert [q.id for q in parse(quiz(root).read_text())] == ["m1-q1", "m1-q2", "m1-new"]
    assert "Edited in the browser?" in quiz(root).read_text()
    assert question("m1-new").file_hash is not None  # the files hold it now
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "course.export"))
    assert entry.actor_id is None and "1 files changed" in entry.summary
    check_and_sync_find_nothing_to_do(runner, root)
    # A later edit of the file is a plain file edit, not a conflict.
    quiz(root).write_text(quiz(root).read_text().replace("Edited in the browser?", "Then here?"))
    result = runner.invoke(args=["courses", "sync"])
    assert "conflict" not in result.output and "1 question version" in result.output


def test_translations_go_to_their_own_files(root, runner, sign_in):
    client, _ = sign_in("facilitator")
    french = "\n".join(factories.gift_question(n).replace("Question", "La question")
                       for n in (1, 2))
    import_gift(client, module_id(), french, "fr")
    output = export(runner)
    assert f"written: {quiz(root, lang='fr')}" in output
    assert [q.text for q in parse(quiz(root, lang="fr").read_text())] == [
        "La question 1 of module 1?", "La question 2 of module 1?"]
    assert not quiz(root, 2, "fr").exists()  # no question of module 2 is in French
    check_and_sync_find_nothing_to_do(runner, root)

    # A browser edit that changes how m1-q1 grades drops its French version: said so.
    three = factories.gift_question(1).replace("~Wrong 1", "~Wrong 1\n  ~Also wrong")
    import_gift(client, module_id(), three)
    output = export(runner)
    assert "warning:" in output and "no 'fr' version of m1-q1" in output
    assert [q.id for q in parse(quiz(root, lang="fr").read_text())] == ["m1-q2"]


def test_retired_questions_leave_the_files_and_come_back_with_them(root, runner):
    question("m1-q2").retired_at = utcnow()  # as the question bank retires it
    db.session.commit()
    assert f"written: {quiz(root)}" in export(runner)
    assert [q.id for q in parse(quiz(root).read_text())] == ["m1-q1"]
    check_and_sync_find_nothing_to_do(runner, root)
    quiz(root).write_text(quiz(root).read_text() + "\n" + factories.gift_question(2))
    result = runner.invoke(args=["courses", "sync"])
    assert "1 question restored" in result.output and "conflict" not in result.output
    assert question("m1-q2").retired_at is None


def test_an_export_to_another_tree_leaves_the_synced_files_alone(root, runner, tmp_path):
    other = tmp_path / "checkout"
    shutil.copytree(root, other)
    shutil.rmtree(other / "demo" / "02-module-2")
    browser_edit("m1-q1", "Edited in the browser?")
    recorded = question("m1-q1").file_hash
    output = export(runner, str(other), code=1)
    assert "The database still expects the files" in output
    assert "not exported: module 'demo/module-2': no folder NN-module-2" in output
    assert "Edited in the browser?" in quiz(other).read_text()
    assert "Edited in the browser?" not in quiz(root).read_text()
    assert question("m1-q1").file_hash == recorded
    result = runner.invoke(args=["courses", "sync"])
    assert "Synced: 0 changes." in result.output and "conflict" not in result.output
    assert bank()["m1-q1"]["en"]["text"] == "Edited in the browser?"


def test_the_real_course_exports_to_itself_unchanged(app, runner, tmp_path):
    from tests.authoring.test_transfer_roundtrip import COURSES

    copy = tmp_path / "courses"
    shutil.copytree(COURSES, copy)
    factories.sync(copy)
    before = {path: path.read_bytes() for path in copy.rglob("*.gift")}
    assert "Exported: 0 files changed, 12 unchanged." in export(runner)
    assert {path: path.read_bytes() for path in copy.rglob("*.gift")} == before
