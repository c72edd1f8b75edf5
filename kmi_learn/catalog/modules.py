"""A module folder: module.yaml, its lesson files and its quiz files."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kmi_learn.catalog.fields import (
    Report,
    as_mapping,
    check_keys,
    get_bool,
    get_int,
    get_text,
    get_text_list,
)
from kmi_learn.catalog.lessons import References, read_lesson
from kmi_learn.catalog.quiz import read_quiz
from kmi_learn.catalog.spec import (
    REVIEW_MODES,
    LessonSpec,
    ModuleSpec,
    Problem,
    QuizSettings,
)
from kmi_learn.catalog.yamlfile import LineDict, load_yaml

NUMBERED_RE = re.compile(r"(\d{2})-([a-z0-9-]+)")
LESSON_FILE_RE = re.compile(r"(\d{2})-([a-z0-9-]+)(?:\.([a-z]{2}))?\.md")
QUIZ_FILE_RE = re.compile(r"quiz(?:\.([a-z]{2}))?\.gift")
MODULE_KEYS = ("title", "summary", "objectives", "estimated_minutes", "quiz")
QUIZ_KEYS = (
    "title", "pass_mark", "max_attempts", "time_limit_minutes", "shuffle_questions",
    "shuffle_answers", "questions_per_attempt", "review",
)
_EXPECTED = ("a module folder holds module.yaml, lessons NN-slug.md (translations "
             "NN-slug.<lang>.md), quiz.gift and quiz.<lang>.gift")


@dataclass(frozen=True)
class CourseContext:
    """What every file of a course is checked against, and where problems go."""

    languages: list[str]
    refs: References
    problems: list[Problem]
    display: Callable[[Path], str]

    def report(self, path: Path) -> Report:
        """A report for problems in ``path``."""
        return Report(self.display(path), self.problems)


def _language_ok(lang: str | None, path: Path, ctx: CourseContext, default_name: str) -> bool:
    if lang is None:
        return True
    if lang == ctx.languages[0]:
        ctx.report(path).add(1, f"'{lang}' is the default language: name the file {default_name}")
        return False
    if lang not in ctx.languages:
        declared = ", ".join(ctx.languages)
        ctx.report(path).add(1, f"language '{lang}' is not declared in course.yaml ({declared})")
        return False
    return True


def _quiz_settings(
    data: LineDict, rep: Report, ctx: CourseContext, title: dict[str, str]
) -> QuizSettings | None:
    quiz = data.get("quiz")
    if quiz is None:  # ``quiz:`` with nothing under it: the defaults
        quiz = LineDict()
        quiz.line = data.line_of("quiz")
    quiz = as_mapping(quiz, rep, "'quiz'", data.line_of("quiz"))
    if quiz is None:
        return None
    check_keys(quiz, rep, QUIZ_KEYS, prefix="quiz.")
    pass_mark = quiz.get("pass_mark", 70)
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, (int, float)) or not (
        0 <= pass_mark <= 100
    ):
        rep.add(quiz.line_of("pass_mark"),
                f"'quiz.pass_mark' must be a number from 0 to 100 (got {pass_mark!r})")
        pass_mark = 70
    review = quiz.get("review", "after_submit")
    if review not in REVIEW_MODES:
        rep.add(quiz.line_of("review"),
                f"'quiz.review' must be one of {', '.join(REVIEW_MODES)} (got {review!r})")
        review = "after_submit"
    return QuizSettings(
        title=get_text(quiz, "title", rep, ctx.languages, prefix="quiz.") or title,
        pass_mark=pass_mark,
        max_attempts=get_int(quiz, "max_attempts", rep, 0, prefix="quiz."),
        time_limit_minutes=get_int(quiz, "time_limit_minutes", rep, 0, prefix="quiz."),
        shuffle_questions=get_bool(quiz, "shuffle_questions", rep, True, prefix="quiz."),
        shuffle_answers=get_bool(quiz, "shuffle_answers", rep, True, prefix="quiz."),
        questions_per_attempt=get_int(quiz, "questions_per_attempt", rep, 0, prefix="quiz."),
        review=review,
    )


def _lessons(
    module_slug: str, files: list[tuple[int, str, str | None, Path]], ctx: CourseContext
) -> list[LessonSpec]:
    default_lang = ctx.languages[0]
    originals: dict[str, tuple[int, Path]] = {}
    by_number: dict[int, Path] = {}
    for number, slug, _, path in sorted(f for f in files if f[2] is None):
        if slug in originals:
            ctx.report(path).add(1, f"duplicate lesson slug '{slug}': "
                                    f"{originals[slug][1].name} has it too")
            continue
        if number in by_number:
            ctx.report(path).add(1, f"lesson number {number:02d} is also used by "
                                    f"{by_number[number].name}: the order is ambiguous")
        originals[slug] = (number, path)
        by_number[number] = path
    texts = {
        slug: {default_lang: read_lesson(path, ctx.report(path), ctx.refs)}
        for slug, (_, path) in originals.items()
    }
    for number, slug, lang, path in sorted(f for f in files if f[2] is not None):
        if not _language_ok(lang, path, ctx, f"{number:02d}-{slug}.md"):
            continue
        if slug not in originals:
            ctx.report(path).add(1, "a translation needs its lesson in the default language: "
                                    f"add {number:02d}-{slug}.md")
            continue
        if number != originals[slug][0]:
            ctx.report(path).add(1, f"the translation of {originals[slug][1].name} must "
                                    "have the same number")
            continue
        texts[slug][lang] = read_lesson(path, ctx.report(path), ctx.refs)
    lessons = []
    for slug in sorted(originals, key=lambda s: (originals[s][0], s)):
        versions = {lang: text for lang, text in texts[slug].items() if text is not None}
        if default_lang in versions:
            key = f"{module_slug}/{slug}"
            lessons.append(LessonSpec(slug, len(lessons) + 1, key, versions))
    return lessons


def read_module(
    module_dir: Path, slug: str, position: int, ctx: CourseContext
) -> ModuleSpec | None:
    """Read a module folder into a :class:`ModuleSpec`; None when module.yaml is unusable."""
    lesson_files: list[tuple[int, str, str | None, Path]] = []
    quiz_files: dict[str, Path] = {}
    for path in sorted(module_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name == "module.yaml":
            continue
        lesson = LESSON_FILE_RE.fullmatch(name)
        quiz = QUIZ_FILE_RE.fullmatch(name)
        if path.is_dir():
            ctx.report(path).add(1, f"unexpected folder '{name}': {_EXPECTED}")
        elif lesson:
            lesson_files.append((int(lesson.group(1)), lesson.group(2), lesson.group(3), path))
        elif quiz and _language_ok(quiz.group(1), path, ctx, "quiz.gift"):
            quiz_files[quiz.group(1) or ctx.languages[0]] = path
        elif not quiz:
            ctx.report(path).add(1, f"unexpected file '{name}': {_EXPECTED}")
    yaml_path = module_dir / "module.yaml"
    rep = ctx.report(yaml_path)
    lessons = _lessons(slug, lesson_files, ctx)
    questions = []
    if ctx.languages[0] in quiz_files:
        questions = read_quiz(quiz_files, ctx.languages[0], ctx.problems, ctx.display)
    elif quiz_files:
        for path in quiz_files.values():
            ctx.report(path).add(1, "a translated quiz needs quiz.gift in the default language")
    if not yaml_path.is_file():
        rep.add(1, "missing file: every module folder needs a module.yaml")
        return None
    data, problems = load_yaml(yaml_path, rep.display)
    ctx.problems.extend(problems)
    if problems:
        return None
    data = as_mapping(data, rep, "module.yaml")
    if data is None:
        return None
    check_keys(data, rep, MODULE_KEYS, ("title",))
    title = get_text(data, "title", rep, ctx.languages)
    quiz = None
    if "quiz" in data:
        quiz = _quiz_settings(data, rep, ctx, title)
        if ctx.languages[0] not in quiz_files:
            rep.add(data.line_of("quiz"), "module.yaml has a 'quiz' section but there is "
                                          "no quiz.gift in the module folder")
    elif ctx.languages[0] in quiz_files:
        ctx.report(quiz_files[ctx.languages[0]]).add(
            1, "there is a quiz.gift but module.yaml has no 'quiz' section")
    graded = sum(1 for q in questions if q.versions[ctx.languages[0]].is_graded)
    if quiz is not None and ctx.languages[0] in quiz_files:
        if graded == 0:
            ctx.report(quiz_files[ctx.languages[0]]).add(1, "the quiz has no graded question")
        elif quiz.questions_per_attempt > graded:
            rep.add(data["quiz"].line_of("questions_per_attempt"),
                    f"'quiz.questions_per_attempt' is {quiz.questions_per_attempt} but "
                    f"quiz.gift has only {graded} graded questions")
    if not lessons and not quiz_files and not lesson_files:
        rep.add(1, "the module has no lessons and no quiz")
    default_minutes = sum(lesson.versions[ctx.languages[0]].minutes for lesson in lessons)
    return ModuleSpec(
        slug=slug,
        position=position,
        path=module_dir,
        title=title,
        summary=get_text(data, "summary", rep, ctx.languages),
        objectives=get_text_list(data, "objectives", rep, ctx.languages),
        estimated_minutes=get_int(data, "estimated_minutes", rep, default_minutes, minimum=1),
        quiz=quiz,
        lessons=lessons,
        questions=questions,
    )
