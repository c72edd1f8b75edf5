"""The floors the International Migration Law course (courses/iml) must meet.

Read from the files through the real loader, no database. Each floor is its own test,
parametrized per module, lesson or quiz file where that lets a failure name the file.
Figures per module: ``python -m tests.content.report``.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml

from kmi_learn.catalog.markdown_ext import CITE_RE, TERM_RE
from kmi_learn.catalog.refs import IN_FORCE_KINDS
from kmi_learn.gift import decode, parse_all
from kmi_learn.gift.model import QUESTION_TYPES
from tests.content import floors as f

MODULES = 10
LESSONS_PER_MODULE = (3, 5)
MIN_LESSONS = 40
WORDS = (600, 1500)
MIN_QUESTIONS = 220
CASE_SHARE = 0.25
MIN_INSTRUMENTS = 50
MIN_CITED_INSTRUMENTS = 50
MIN_TERMS = 40
TRANSLATIONS = ("fr", "es")
MIN_CAPSTONE_CASE_QUESTIONS = 10
#: Every type the platform supports (essay is refused by the loader).
SUPPORTED_TYPES = tuple(t for t in QUESTION_TYPES if t != "essay")
#: Types whose every answer must carry ``#feedback``.
ANSWER_FEEDBACK_TYPES = ("multichoice", "multiresponse", "shortanswer", "missingword", "numerical")

#: The seven Key Migration Issues, each matched against module and lesson titles
#: (default language, case-insensitive). Chosen after reading the actual titles:
#: e.g. "Trafficking in persons", "Labour migration", "Diasporas and remittances",
#: "HIV/AIDS and mobility", "Human rights of migrants", "Regional consultative
#: processes on migration", "Irregular migration and non-penalization".
KMI_TOPICS = {
    "trafficking": r"\btraffick",
    "labour-migration": r"\blabou?r migration\b|\bmigrant workers?\b",
    "diaspora": r"\bdiasporas?\b",
    "hiv-aids": r"\bhiv\b",
    "human-rights-of-migrants": r"\bhuman rights\b",
    "regional-consultative-processes": r"\bregional consultative process(es)?\b",
    "irregular-migration": r"\birregular (migration|migrants?|entry|stay)\b",
}


def _course():
    course = f.course()
    assert course is not None, f"no course '{f.COURSE_SLUG}' under {f.COURSES_DIR}"
    return course


def _lang0() -> str:
    return f.default_lang()


MODULE_PARAMS = [pytest.param(m, id=f.rel(m.path)) for m in f.modules()]
QUIZ_PARAMS = [pytest.param(m, id=f.rel(f.quiz_path(m))) for m in f.modules()]
LESSON_PARAMS = [pytest.param(v, id=v.id) for v in f.lesson_versions(translations=False)]
TRANSLATION_PARAMS = [pytest.param(v, id=v.id) for v in f.lesson_versions(translations=True)]


def _questions(module):
    lang0 = _lang0()
    return [q.versions[lang0] for q in module.questions]


def _where(module, question) -> str:
    return f"{f.rel(f.quiz_path(module))}:{question.line} [id:{question.id}]"


# --- The tree -----------------------------------------------------------------------


def test_tree_loads_with_zero_problems():
    courses, problems = f.load()
    assert courses, f"no course loaded from {f.COURSES_DIR}"
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(map(str, problems))


# --- Modules ------------------------------------------------------------------------


def test_course_has_ten_modules():
    slugs = [m.slug for m in _course().modules]
    assert len(slugs) == MODULES, f"{len(slugs)} modules: {slugs}"


@pytest.mark.parametrize("module", MODULE_PARAMS)
def test_module_has_3_to_5_lessons(module):
    low, high = LESSONS_PER_MODULE
    slugs = [lesson.slug for lesson in module.lessons]
    assert low <= len(slugs) <= high, f"{f.rel(module.path)}: {len(slugs)} lessons {slugs}"


@pytest.mark.parametrize("module", MODULE_PARAMS)
def test_module_has_learning_objectives(module):
    objectives = module.objectives.get(_lang0(), [])
    assert objectives, f"{f.rel(module.path)}/module.yaml: no objectives"
    empty = [i for i, text in enumerate(objectives, 1) if not text.strip()]
    assert not empty, f"{f.rel(module.path)}/module.yaml: empty objective(s) no. {empty}"


@pytest.mark.parametrize("module", MODULE_PARAMS)
def test_module_has_estimated_time(module):
    assert module.estimated_minutes > 0, f"{f.rel(module.path)}/module.yaml: no estimated time"


@pytest.mark.parametrize("module", MODULE_PARAMS)
def test_module_has_quiz(module):
    assert module.quiz is not None, f"{f.rel(module.path)}/module.yaml: no 'quiz' section"
    graded = [q for q in _questions(module) if q.is_graded]
    assert graded, f"{f.rel(f.quiz_path(module))}: no graded question"


def test_course_has_at_least_40_lessons():
    total = sum(len(m.lessons) for m in _course().modules)
    assert total >= MIN_LESSONS, f"{total} lessons, need {MIN_LESSONS}"


# --- Lessons --------------------------------------------------------------------------


def _check_words(version):
    low, high = WORDS
    words = f.wc_words(version.text.body)
    assert low <= words <= high, f"{version.id}: {words} words (wc -w), need {low}-{high}"


@pytest.mark.parametrize("version", LESSON_PARAMS)
def test_lesson_has_600_to_1500_words(version):
    _check_words(version)


@pytest.mark.parametrize("version", LESSON_PARAMS)
def test_lesson_has_case_box(version):
    boxes = f.case_boxes(version.text.body)
    assert boxes >= 1, f"{version.id}: no '!!! case' box"


@pytest.mark.parametrize("version", LESSON_PARAMS)
def test_lesson_has_level2_heading(version):
    headings = [heading for heading, _ in f.h2_sections(version.text.body)]
    assert headings, f"{version.id}: no '##' heading"


@pytest.mark.parametrize("version", LESSON_PARAMS + TRANSLATION_PARAMS)
def test_lesson_ends_with_key_points(version):
    expected = f.KEY_POINTS.get(version.lang)
    assert expected, f"{version.id}: no Key points heading known for language '{version.lang}'"
    sections = f.h2_sections(version.text.body)
    assert sections, f"{version.id}: no '##' heading, so no '## {expected}'"
    heading, lines = sections[-1]
    assert heading == expected, (
        f"{version.id}: the last '##' section is '## {heading}', not '## {expected}'"
    )
    assert any(line.strip() for line in lines), f"{version.id}: '## {expected}' is empty"


@pytest.mark.parametrize("version", TRANSLATION_PARAMS)
def test_translated_lesson_has_600_to_1500_words(version):
    _check_words(version)


WC = shutil.which("wc")


@pytest.mark.skipif(WC is None, reason="no wc on this machine")
def test_word_count_agrees_with_wc():
    """The helper counts like ``wc -w``: checked on every lesson body, every language."""
    versions = list(f.lesson_versions(translations=False))
    versions += list(f.lesson_versions(translations=True))
    assert versions
    for version in versions:
        result = subprocess.run(
            [WC, "-w"], input=version.text.body.encode("utf-8"),
            capture_output=True, check=True, env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        wc = int(result.stdout.split()[0])
        assert f.wc_words(version.text.body) == wc, f"{version.id}: helper != wc -w ({wc})"


# --- Questions ------------------------------------------------------------------------


def _all_questions():
    return [q for m in _course().modules for q in _questions(m)]


def test_course_has_at_least_220_questions():
    total = len(_all_questions())
    assert total >= MIN_QUESTIONS, f"{total} questions (default language), need {MIN_QUESTIONS}"


def test_every_supported_question_type_is_used():
    used = {q.qtype for q in _all_questions()}
    missing = [t for t in SUPPORTED_TYPES if t not in used]
    assert not missing, f"question types never used: {missing}"


def test_at_least_a_quarter_of_questions_tagged_case():
    questions = _all_questions()
    tagged = sum(1 for q in questions if f.is_case(q))
    assert questions and tagged >= CASE_SHARE * len(questions), (
        f"{tagged} of {len(questions)} questions tagged 'case', need a quarter"
    )


@pytest.mark.parametrize("module", QUIZ_PARAMS)
def test_graded_questions_have_general_feedback(module):
    missing = [
        _where(module, q)
        for q in _questions(module)
        if q.is_graded and not q.general_feedback.strip()
    ]
    assert not missing, "no general feedback (####):\n" + "\n".join(missing)


@pytest.mark.parametrize("module", QUIZ_PARAMS)
def test_every_answer_has_feedback(module):
    missing = []
    for q in _questions(module):
        if q.qtype not in ANSWER_FEEDBACK_TYPES:
            continue
        answers = q.numerical if q.qtype == "numerical" else q.choices
        for index, answer in enumerate(answers, 1):
            if not answer.feedback.strip():
                missing.append(f"{_where(module, q)} {q.qtype}: answer {index} has no #feedback")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("module", QUIZ_PARAMS)
def test_truefalse_questions_have_both_feedbacks(module):
    missing = [
        _where(module, q)
        for q in _questions(module)
        if q.qtype == "truefalse" and not (q.feedback_true.strip() and q.feedback_false.strip())
    ]
    assert not missing, "true/false without both feedbacks:\n" + "\n".join(missing)


# --- Instruments ----------------------------------------------------------------------


def _raw_yaml(name: str) -> dict:
    data = yaml.safe_load((f.COURSE_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{name} is not a mapping"
    return data


def test_at_least_50_instruments():
    count = len(_course().instruments)
    assert count >= MIN_INSTRUMENTS, f"instruments.yaml: {count} valid instruments"


def test_instruments_have_required_fields():
    instruments = _course().instruments
    raw = _raw_yaml("instruments.yaml")
    failures = [f"{key}: rejected by the loader" for key in raw if key not in instruments]
    for key, spec in instruments.items():
        for name in ("title", "short", "body", "adopted", "url"):
            if not str(getattr(spec, name) or "").strip():
                failures.append(f"{key}: no {name}")
        if not isinstance(spec.binding, bool):
            failures.append(f"{key}: binding is not true/false")
        if not spec.url.startswith("https://"):
            failures.append(f"{key}: url is not https ({spec.url})")
        if spec.kind in IN_FORCE_KINDS and not spec.in_force and not spec.status:
            failures.append(f"{key}: a {spec.kind} with neither in_force nor status")
    assert not failures, "instruments.yaml:\n" + "\n".join(failures)


def _references(pattern: re.Pattern) -> list[tuple[str, str]]:
    """(lesson file, key) for every match of ``pattern`` in every lesson, all languages."""
    found = []
    for translations in (False, True):
        for version in f.lesson_versions(translations=translations):
            for line in f.prose_lines(version.text.body):
                found += [(version.id, m.group(1)) for m in pattern.finditer(line)]
    return found


def test_every_citation_resolves():
    _, problems = f.load()
    reported = [str(p) for p in problems
                if "unknown instrument" in p.message or "malformed citation" in p.message]
    instruments = _course().instruments
    unresolved = sorted({f"{where}: [@{key}]" for where, key in _references(CITE_RE)
                         if key not in instruments})
    assert not reported and not unresolved, "\n".join(reported + unresolved)


def test_at_least_50_distinct_instruments_cited():
    instruments = _course().instruments
    cited = {key for _, key in _references(CITE_RE)} & set(instruments)
    assert len(cited) >= MIN_CITED_INSTRUMENTS, (
        f"{len(cited)} distinct instruments cited in lessons (of {len(instruments)} defined)"
    )


# --- Glossary -------------------------------------------------------------------------


def test_at_least_40_glossary_terms():
    count = len(_course().glossary)
    raw = _raw_yaml("glossary.yaml")
    assert count == len(raw), f"glossary.yaml: {len(raw) - count} term(s) rejected by the loader"
    assert count >= MIN_TERMS, f"glossary.yaml: {count} terms"


def test_every_term_link_resolves():
    _, problems = f.load()
    reported = [str(p) for p in problems
                if "unknown glossary term" in p.message or "malformed term link" in p.message]
    glossary = _course().glossary
    unresolved = sorted({f"{where}: {{term:{slug}}}" for where, slug in _references(TERM_RE)
                         if slug not in glossary})
    assert not reported and not unresolved, "\n".join(reported + unresolved)


# --- Translations ---------------------------------------------------------------------


def _module1():
    module = _course().modules[0]
    assert module.slug == "foundations", f"module 1 is '{module.slug}', not foundations"
    return module


def test_course_title_in_en_fr_es():
    title = _course().title
    missing = [lang for lang in ("en", *TRANSLATIONS) if not title.get(lang, "").strip()]
    assert not missing, f"course.yaml: title missing in {missing}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_module1_texts_translated(lang):
    module = _module1()
    lang0 = _lang0()
    where = f"{f.rel(module.path)}/module.yaml"
    failures = []
    for name, texts in (("title", module.title), ("summary", module.summary)):
        if not texts.get(lang, "").strip():
            failures.append(f"{name}: no '{lang}'")
        elif texts[lang] == texts.get(lang0):
            failures.append(f"{name}: '{lang}' is the {lang0} text")
    objectives = module.objectives.get(lang, [])
    if len(objectives) != len(module.objectives.get(lang0, [])) or not all(
        o.strip() for o in objectives
    ):
        failures.append(f"objectives: {len(objectives)} in '{lang}', "
                        f"{len(module.objectives.get(lang0, []))} in '{lang0}'")
    if module.quiz is None or not module.quiz.title.get(lang, "").strip():
        failures.append(f"quiz.title: no '{lang}'")
    assert not failures, f"{where}:\n" + "\n".join(failures)


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_module1_lessons_translated(lang):
    module = _module1()
    missing = [f"{f.rel(module.path)}/{lesson.versions[_lang0()].path.stem}.{lang}.md"
               for lesson in module.lessons if lang not in lesson.versions]
    assert not missing, "missing translations:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_module1_quiz_translated_with_same_ids(lang):
    module = _module1()
    path = f.quiz_path(module, lang)
    assert path.is_file(), f"{f.rel(path)} does not exist"

    def ids(p):
        questions, errors = parse_all(decode(p.read_bytes()))
        assert not errors, f"{f.rel(p)}: " + "; ".join(map(str, errors))
        return {q.id for q in questions}

    original, translated = ids(f.quiz_path(module)), ids(path)
    assert translated == original, (
        f"{f.rel(path)}: missing {sorted(original - translated)}, "
        f"extra {sorted(translated - original)}"
    )
    untranslated = [q.id for q in module.questions if lang not in q.versions]
    assert not untranslated, f"{f.rel(path)}: not accepted by the loader: {untranslated}"


# --- Key Migration Issues and the capstone --------------------------------------------


@pytest.mark.parametrize("topic", list(KMI_TOPICS))
def test_key_migration_issue_has_module_or_lesson(topic):
    lang0 = _lang0()
    pattern = re.compile(KMI_TOPICS[topic], re.IGNORECASE)
    titles = []
    for module in _course().modules:
        titles.append(module.title.get(lang0, ""))
        titles += [lesson.versions[lang0].title for lesson in module.lessons]
    assert any(pattern.search(t) for t in titles), (
        f"no module or lesson title matches /{pattern.pattern}/ for '{topic}'"
    )


def test_last_module_has_capstone_lesson():
    module = _course().modules[-1]
    lang0 = _lang0()
    titles = [lesson.versions[lang0].title for lesson in module.lessons]
    assert any("Capstone" in t for t in titles), f"{f.rel(module.path)}: lessons {titles}"


def test_capstone_quiz_has_10_case_questions():
    module = _course().modules[-1]
    tagged = [q for q in _questions(module) if q.is_graded and f.is_case(q)]
    assert len(tagged) >= MIN_CAPSTONE_CASE_QUESTIONS, (
        f"{f.rel(f.quiz_path(module))}: {len(tagged)} graded case-tagged questions"
    )
