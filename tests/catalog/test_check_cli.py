"""``courses check``: the summary and exit 0, or every problem and exit 1."""
from __future__ import annotations

from click.testing import CliRunner

from kmi_learn.catalog.check import check_tree
from kmi_learn.catalog.cli import courses

M = "courses/iml/01-foundations"


def run(*args: str):
    return CliRunner().invoke(courses, ["check", *args])


def test_check_tree_summary(tree):
    summary, problems = check_tree("courses")
    assert problems == []
    assert summary == "1 course, 1 module, 2 lessons, 2 questions (en, fr)"


def test_summary_counts_in_plural(tree):
    tree.write("02-more/module.yaml", "title: More\n")
    tree.write("02-more/01-a.md", "---\ntitle: A\nminutes: 1\n---\nText.\n")
    assert check_tree("courses")[0] == "1 course, 2 modules, 3 lessons, 2 questions (en, fr)"


def test_valid_tree_prints_the_summary_and_exits_0(tree):
    result = run()
    assert result.exit_code == 0
    assert result.output == "1 course, 1 module, 2 lessons, 2 questions (en, fr)\n"


def test_explicit_path(tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path / "courses")
    result = run(str(tmp_path / "courses"))
    assert result.exit_code == 0, result.output


def test_problems_are_printed_one_per_line_and_exit_1(tree):
    tree.append("01-foundations/02-actors.md", "[@nope]\n{term:nobody}\n")
    tree.replace("01-foundations/module.yaml", "pass_mark: 70", "pass_mark: 101")
    result = CliRunner(mix_stderr=False).invoke(courses, ["check"]) if _has_mix_stderr() else \
        CliRunner().invoke(courses, ["check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{M}/02-actors.md:6: unknown instrument 'nope' in '[@nope]': not in instruments.yaml",
        f"{M}/02-actors.md:7: unknown glossary term 'nobody' in '{{term:nobody}}': not in "
        "glossary.yaml",
        f"{M}/module.yaml:9: 'quiz.pass_mark' must be a number from 0 to 100 (got 101)",
    ]
    assert "3 problems found." in result.stderr


def test_missing_folder_exits_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 1
    assert "courses:1: no such folder" in result.output


def test_group_name_is_courses():
    assert courses.name == "courses"
    assert "check" in courses.commands


def _has_mix_stderr() -> bool:
    """Click 8.1 mixes stderr into output unless told; click 8.2+ keeps them apart."""
    import inspect

    return "mix_stderr" in inspect.signature(CliRunner).parameters
