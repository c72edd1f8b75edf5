"""``courses check``: validate the whole tree and sum up what it holds."""
from __future__ import annotations

from pathlib import Path

from kmi_learn.catalog.loader import load_tree
from kmi_learn.catalog.spec import CourseSpec, Problem


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summarize(courses: list[CourseSpec]) -> str:
    """E.g. ``1 course, 10 modules, 44 lessons, 230 questions (en, fr, es)``."""
    modules = [module for course in courses for module in course.modules]
    lessons = sum(len(module.lessons) for module in modules)
    questions = sum(len(module.questions) for module in modules)
    languages: list[str] = []
    for course in courses:
        languages += [lang for lang in course.languages if lang not in languages]
    text = ", ".join([
        _count(len(courses), "course"),
        _count(len(modules), "module"),
        _count(lessons, "lesson"),
        _count(questions, "question"),
    ])
    return f"{text} ({', '.join(languages)})" if languages else text


def check_tree(root: Path | str) -> tuple[str, list[Problem]]:
    """Validate ``root`` (the courses/ folder): a one-line summary and every problem."""
    courses, problems = load_tree(Path(root))
    return summarize(courses), problems
