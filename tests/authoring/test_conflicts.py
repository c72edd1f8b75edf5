"""Files and browser together: what `courses sync` does with edits made on both sides."""
from __future__ import annotations

import pytest

from kmi_learn.extensions import db
from kmi_learn.models_base import utcnow
from tests import factories
from tests.authoring.transfer_support import bank, browser_edit, question, versions

CONFLICT = ("conflict: module-1/m1-q1: changed in the file and in the browser since the last "
            "sync; kept the {} version")


@pytest.fixture
def root(app, tmp_path):
    root = factories.write_course(tmp_path / "courses", questions=2)
    factories.sync(root)
    return root


def edit_file(root, old: str, new: str) -> None:
    quiz = root / "demo" / "01-module-1" / "quiz.gift"
    text = quiz.read_text()
    assert old in text
    quiz.write_text(text.replace(old, new))


def sync(runner, *options: str):
    result = runner.invoke(args=["courses", "sync", *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_question_changed_on_both_sides_is_a_conflict_and_the_browser_wins(root, runner):
    browser_edit("m1-q1", "Edited in the browser?")
    edit_file(root, "Question 1 of module 1?", "Edited in the file?")
    output = sync(runner)
    assert CONFLICT.format("browser's") in output
    assert "Synced: 0 changes." in output
    assert bank()["m1-q1"]["en"]["text"] == "Edited in the browser?"
    # Unresolved, it is reported again: the file's edit is not forgotten.
    assert CONFLICT.format("browser's") in sync(runner)

    output = sync(runner, "--prefer-files")
    assert CONFLICT.format("file's") in output and "1 question version" in output
    assert bank()["m1-q1"]["en"]["text"] == "Edited in the file?"
    # Nothing was dropped: both sides are in the history.
    history = [(v.number, v.source, v.content["en"]["text"]) for v in versions("m1-q1")]
    assert history == [(1, "sync", "Question 1 of module 1?"),
                       (2, "browser", "Edited in the browser?"),
                       (3, "sync", "Edited in the file?")]
    output = sync(runner)
    assert "conflict" not in output and "Synced: 0 changes." in output


def test_a_conflict_is_resolved_by_exporting_the_browser_version(root, runner):
    browser_edit("m1-q1", "Edited in the browser?")
    edit_file(root, "Question 1 of module 1?", "Edited in the file?")
    assert "conflict" in sync(runner)
    result = runner.invoke(args=["courses", "export"])
    assert result.exit_code == 0 and "01-module-1/quiz.gift" in result.output
    assert "Edited in the browser?" in (root / "demo" / "01-module-1" / "quiz.gift").read_text()
    output = sync(runner)
    assert "conflict" not in output and "Synced: 0 changes." in output


def test_a_browser_edit_alone_is_kept_without_conflict(root, runner):
    browser_edit("m1-q1", "Edited in the browser?")
    for _ in range(2):
        output = sync(runner)
        assert "conflict" not in output and "Synced: 0 changes." in output
    assert bank()["m1-q1"]["en"]["text"] == "Edited in the browser?"
    assert [v.source for v in versions("m1-q1")] == ["sync", "browser"]


def test_a_file_edit_alone_makes_a_new_version(root, runner):
    edit_file(root, "Question 1 of module 1?", "Edited in the file?")
    output = sync(runner)
    assert "conflict" not in output and "1 question version" in output
    assert [(v.number, v.source) for v in versions("m1-q1")] == [(1, "sync"), (2, "sync")]
    # After a browser edit of that new version, the next file edit conflicts again.
    browser_edit("m1-q1", "And in the browser?")
    edit_file(root, "Edited in the file?", "Edited in the file again?")
    assert CONFLICT.format("browser's") in sync(runner)


def test_a_question_made_in_the_browser_is_not_retired_by_sync(root, runner, sign_in):
    from tests.authoring.transfer_support import import_gift, module_id

    client, _ = sign_in("facilitator")
    import_gift(client, module_id(), "// [id:from-browser]\nNew in the browser? {T}\n")
    output = sync(runner)
    assert "Synced: 0 changes." in output and "conflict" not in output
    assert question("from-browser").retired_at is None
    # Exported, it is in the files; removed from them, it is retired like any other.
    runner.invoke(args=["courses", "export"])
    quiz = root / "demo" / "01-module-1" / "quiz.gift"
    assert "[id:from-browser]" in quiz.read_text()
    quiz.write_text(factories.gift_question(1) + "\n" + factories.gift_question(2))
    assert "1 question retired" in sync(runner)


def test_a_question_removed_from_the_file_but_edited_in_the_browser_conflicts(root, runner):
    browser_edit("m1-q2", "Still needed?")
    (root / "demo" / "01-module-1" / "quiz.gift").write_text(factories.gift_question(1))
    output = sync(runner)
    assert ("conflict: module-1/m1-q2: removed from the file but changed in the browser since "
            "the last sync; kept the browser's version") in output
    assert question("m1-q2").retired_at is None
    output = sync(runner, "--prefer-files")
    assert "retired it" in output and "1 question retired" in output
    assert question("m1-q2").retired_at is not None


def test_a_question_retired_in_the_browser_stays_retired(root, runner):
    question("m1-q2").retired_at = utcnow()  # as the question bank retires it
    db.session.commit()
    output = sync(runner)
    assert "Synced: 0 changes." in output and question("m1-q2").retired_at is not None
    edit_file(root, "Question 2 of module 1?", "Changed in the file?")
    output = sync(runner)
    assert ("conflict: module-1/m1-q2: retired in the browser but changed in the file since "
            "the last sync; kept it retired") in output
    output = sync(runner, "--prefer-files")
    assert "1 question restored" in output and "1 question version" in output
    assert question("m1-q2").retired_at is None
