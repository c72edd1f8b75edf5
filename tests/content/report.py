"""Per-module figures of the IML course, read from the files: ``python -m tests.content.report``.

Words are ``wc -w`` of the lesson bodies (front matter left out); questions are those of
the default-language quiz.gift (description items included; "graded" leaves them out).
Prints a Markdown table; exits 1 when the tree has problems or the course is missing.
"""
from __future__ import annotations

import sys

from kmi_learn.catalog.markdown_ext import CITE_RE
from tests.content import floors as f


def table() -> str:
    course = f.course()
    if course is None:
        return f"no course '{f.COURSE_SLUG}' under {f.COURSES_DIR}"
    lang0 = course.default_lang
    others = [lang for lang in course.languages if lang != lang0]
    rows = [f.module_figures(m) for m in course.modules]
    head = ["#", "module", "lessons", f"words ({lang0})", *[f"words ({x})" for x in others],
            "minutes", "questions", "graded", "case-tagged"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(
        "---:" if i != 1 else "---" for i in range(len(head))) + "|"]

    def cells(first, second, r_lessons, r_words, r_trans, r_minutes, r_q, r_g, r_c):
        trans = [f"{r_trans[x]:,}" if r_trans.get(x) else "-" for x in others]
        return "| " + " | ".join([first, second, str(r_lessons), f"{r_words:,}", *trans,
                                  str(r_minutes), str(r_q), str(r_g), str(r_c)]) + " |"

    for r in rows:
        lines.append(cells(str(r.position), r.slug, r.lessons, r.words, r.translated_words,
                           r.minutes, r.questions, r.graded, r.case_tagged))
    totals = {x: sum(r.translated_words.get(x, 0) for r in rows) for x in others}
    lines.append(cells("", "**total**", sum(r.lessons for r in rows),
                       sum(r.words for r in rows), totals, sum(r.minutes for r in rows),
                       sum(r.questions for r in rows), sum(r.graded for r in rows),
                       sum(r.case_tagged for r in rows)))
    versions = list(f.lesson_versions(translations=False))
    words = [f.wc_words(v.text.body) for v in versions]
    translations = list(f.lesson_versions(translations=True))
    cited = {m.group(1) for v in versions + translations
             for line in f.prose_lines(v.text.body)
             for m in CITE_RE.finditer(line)}
    questions = sum(r.questions for r in rows)
    case = sum(r.case_tagged for r in rows)
    lines += [
        "",
        f"Lessons: {len(versions)} ({lang0}), words per lesson {min(words)}-{max(words)}, "
        f"{len(translations)} translated lesson files.",
        f"Questions: {questions}, {case} tagged case ({case / questions:.0%}).",
        f"Instruments: {len(course.instruments)} defined, {len(cited & set(course.instruments))}"
        f" distinct cited in lessons. Glossary terms: {len(course.glossary)}.",
    ]
    return "\n".join(lines)


def main() -> int:
    _, problems = f.load()
    print(table())
    if problems:
        print(f"\n{len(problems)} problem(s) in the tree:", *problems, sep="\n")
    return 1 if problems or f.course() is None else 0


if __name__ == "__main__":
    sys.exit(main())
