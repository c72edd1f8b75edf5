"""load_tree: the valid tree loads; each kind of problem is reported at its exact line."""
from __future__ import annotations

import pytest

from kmi_learn.catalog.spec import Problem, QuizSettings, content_hash

C = "courses/iml"
M = f"{C}/01-foundations"


def test_valid_tree_loads_without_problems(tree):
    courses, problems = tree.load()
    assert problems == []
    (course,) = courses
    assert course.slug == "iml"
    assert course.languages == ["en", "fr"]
    assert course.title == {"en": "International Migration Law",
                            "fr": "Droit international de la migration"}
    assert course.summary == {"en": "Self-paced course for delegates."}
    assert course.certificate == {"enabled": True, "issuer": "Course facilitators",
                                  "title": {"en": "Certificate of completion"}}
    assert course.instruments["refugee-convention-1951"].in_force == "1954-04-22"
    assert course.instruments["gcm"].binding is False
    assert course.glossary["migrant"].see == ("refugee",)
    assert course.glossary["refugee"].term == {"en": "Refugee"}


def test_valid_module_lessons_and_questions(tree):
    (course,), _ = tree.load()
    (module,) = course.modules
    assert (module.slug, module.position, module.estimated_minutes) == ("foundations", 1, 30)
    assert module.objectives == {"en": ["Name the sources"], "fr": ["Nommer les sources"]}
    assert module.quiz == QuizSettings(title={"en": "Check your understanding"}, max_attempts=3)
    assert [lesson.key for lesson in module.lessons] == ["foundations/sources",
                                                         "foundations/actors"]
    sources = module.lessons[0]
    assert sorted(sources.versions) == ["en", "fr"]
    text = sources.versions["en"]
    assert (text.title, text.minutes, text.body_line) == ("Sources", 10, 7)
    assert text.objectives == ["Distinguish treaty law and soft law"]
    assert text.body.startswith("Intro citing")
    assert [(q.id, q.position, sorted(q.versions)) for q in module.questions] == [
        ("m1-sources", 1, ["en", "fr"]), ("m1-soft-law", 2, ["en", "fr"])]


def test_defaults_when_optional_keys_are_absent(tree):
    tree.write("01-foundations/module.yaml", "title: Foundations\nquiz:\n")
    tree.write("course.yaml", "title: IML\nlanguages: [en, fr]\n")
    (course,), problems = tree.load()
    assert problems == []
    assert course.certificate["enabled"] is False
    module = course.modules[0]
    assert module.estimated_minutes == 15  # the lessons' minutes
    assert module.quiz == QuizSettings(title={"en": "Foundations"})


def test_renumbering_keeps_identity_and_content_hash(tree):
    (course,), _ = tree.load()
    before = course.modules[0].lessons[1]
    module_dir = tree.course / "01-foundations"
    (module_dir / "02-actors.md").rename(module_dir / "05-actors.md")
    (course,), problems = tree.load()
    after = course.modules[0].lessons[1]
    assert problems == []
    assert after.key == before.key
    assert content_hash(after) == content_hash(before)
    tree.append("01-foundations/05-actors.md", "More.\n")
    (course,), _ = tree.load()
    assert content_hash(course.modules[0].lessons[1]) != content_hash(before)


def test_problem_prints_as_path_line_message():
    assert str(Problem("a/b.md", 3, "broken")) == "a/b.md:3: broken"


def test_missing_root_is_a_problem(tmp_path, monkeypatch):
    from kmi_learn.catalog.loader import load_tree

    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in load_tree(tmp_path / "nowhere")[1]] == ["nowhere:1: no such folder"]


def test_a_course_folder_as_root_is_explained(tree):
    from kmi_learn.catalog.loader import load_tree

    assert [str(p) for p in load_tree(tree.course)[1]] == [
        f"{C}:1: this is a course folder: check the folder that holds the courses (its parent)"]


def test_all_problems_are_reported_at_once(tree):
    tree.append("01-foundations/02-actors.md", "[@nope]\n{term:nobody}\n")
    tree.append("course.yaml", "colour: blue\n")
    assert len(tree.problems()) == 3


CASES = [
    # course.yaml
    ("course-unknown-key", lambda t: t.append("course.yaml", "colour: blue\n"),
     f"{C}/course.yaml:8: unknown key 'colour' (allowed: title, summary, languages, "
     "certificate)"),
    ("course-missing-title", lambda t: t.replace("course.yaml", "title: {en: International "
     "Migration Law, fr: Droit international de la migration}\n", ""),
     f"{C}/course.yaml:1: missing required key 'title'"),
    ("course-languages-type", lambda t: t.replace("course.yaml", "[en, fr]", "en"),
     f"{C}/course.yaml:3: 'languages' must be a list of language codes, the default first "
     "(e.g. [en, fr, es])"),
    ("course-bad-language", lambda t: t.replace("course.yaml", "[en, fr]", "[en, fr, French]"),
     f"{C}/course.yaml:3: 'French' is not a two-letter language code"),
    ("course-yaml-syntax", lambda t: t.replace("course.yaml", "summary: Self", "summary: [Self"),
     f"{C}/course.yaml:3: invalid YAML: expected ',' or ']', but got ':'"),
    ("course-duplicate-key", lambda t: t.append("course.yaml", "summary: again\n"),
     f"{C}/course.yaml:8: invalid YAML: duplicate key 'summary'"),
    ("certificate-enabled-type", lambda t: t.replace("course.yaml", "enabled: true",
                                                     "enabled: yes please"),
     f"{C}/course.yaml:5: 'certificate.enabled' must be true or false (got 'yes please')"),
    ("course-missing", lambda t: t.delete("course.yaml"),
     f"{C}/course.yaml:1: missing file: every course folder needs a course.yaml"),
    # folders and file names
    ("module-folder-name", lambda t: t.write("1-extra/module.yaml", "title: X\n"),
     f"{C}/1-extra:1: folder '1-extra' does not match NN-slug (e.g. 01-foundations; "
     "slug: a-z, 0-9 and -)"),
    ("module-duplicate-slug", lambda t: t.write("02-foundations/module.yaml", "title: X\n"),
     f"{C}/02-foundations:1: duplicate module slug 'foundations': 01-foundations has it too"),
    ("course-unexpected-file", lambda t: t.write("notes.txt", "hi"),
     f"{C}/notes.txt:1: unexpected file 'notes.txt': a course folder holds course.yaml, "
     "glossary.yaml, instruments.yaml, media/ and module folders"),
    ("module-yaml-missing", lambda t: t.write("02-empty/01-a.md", "---\ntitle: A\nminutes: 1\n"
                                                                  "---\nText.\n"),
     f"{C}/02-empty/module.yaml:1: missing file: every module folder needs a module.yaml"),
    ("lesson-file-name", lambda t: t.write("01-foundations/3-intro.md", "x"),
     f"{M}/3-intro.md:1: unexpected file '3-intro.md': a module folder holds module.yaml, "
     "lessons NN-slug.md (translations NN-slug.<lang>.md), quiz.gift and quiz.<lang>.gift"),
    ("lesson-duplicate-slug", lambda t: t.write("01-foundations/03-sources.md", "x"),
     f"{M}/03-sources.md:1: duplicate lesson slug 'sources': 01-sources.md has it too"),
    ("lesson-duplicate-number", lambda t: t.write("01-foundations/02-more.md", t.read(
        "01-foundations/02-actors.md")),
     f"{M}/02-more.md:1: lesson number 02 is also used by 02-actors.md: the order is "
     "ambiguous"),
    ("lesson-undeclared-language", lambda t: t.write("01-foundations/01-sources.de.md", "x"),
     f"{M}/01-sources.de.md:1: language 'de' is not declared in course.yaml (en, fr)"),
    ("lesson-default-language-suffix", lambda t: t.write("01-foundations/01-sources.en.md", "x"),
     f"{M}/01-sources.en.md:1: 'en' is the default language: name the file 01-sources.md"),
    ("translation-without-original", lambda t: t.write("01-foundations/03-extra.fr.md", "x"),
     f"{M}/03-extra.fr.md:1: a translation needs its lesson in the default language: add "
     "03-extra.md"),
    ("translation-other-number", lambda t: (t.delete("01-foundations/01-sources.fr.md"),
                                            t.write("01-foundations/04-sources.fr.md", "x")),
     f"{M}/04-sources.fr.md:1: the translation of 01-sources.md must have the same number"),
    # module.yaml
    ("module-unknown-key", lambda t: t.append("01-foundations/module.yaml", "level: 2\n"),
     f"{M}/module.yaml:16: unknown key 'level' (allowed: title, summary, objectives, "
     "estimated_minutes, quiz)"),
    ("module-undeclared-language", lambda t: t.replace("01-foundations/module.yaml",
                                                       "fr: Fondements}", "de: Grundlagen}"),
     f"{M}/module.yaml:1: language 'de' is not declared in course.yaml (en, fr)"),
    ("module-title-default-language", lambda t: t.replace("01-foundations/module.yaml",
                                                          "en: Foundations, ", ""),
     f"{M}/module.yaml:1: 'title' needs a text in the default language 'en'"),
    ("module-minutes-type", lambda t: t.replace("01-foundations/module.yaml",
                                                "estimated_minutes: 30", "estimated_minutes: "
                                                                         "lots"),
     f"{M}/module.yaml:6: 'estimated_minutes' must be a positive whole number (got 'lots')"),
    ("objectives-type", lambda t: t.replace("01-foundations/module.yaml",
                                            "en: [Name the sources]", "en: Name the sources"),
     f"{M}/module.yaml:4: 'objectives' in 'en' must be a list of texts"),
    ("quiz-unknown-key", lambda t: t.replace("01-foundations/module.yaml", "review: after_submit",
                                             "review: after_submit\n  colour: red"),
     f"{M}/module.yaml:16: unknown key 'quiz.colour' (allowed: title, pass_mark, "
     "max_attempts, time_limit_minutes, shuffle_questions, shuffle_answers, "
     "questions_per_attempt, review)"),
    ("quiz-without-gift", lambda t: (t.delete("01-foundations/quiz.gift"),
                                     t.delete("01-foundations/quiz.fr.gift")),
     f"{M}/module.yaml:7: module.yaml has a 'quiz' section but there is no quiz.gift in the "
     "module folder"),
    ("gift-without-quiz", lambda t: t.write("01-foundations/module.yaml", "title: F\n"),
     f"{M}/quiz.gift:1: there is a quiz.gift but module.yaml has no 'quiz' section"),
    ("pass-mark-range", lambda t: t.replace("01-foundations/module.yaml", "pass_mark: 70",
                                            "pass_mark: 150"),
     f"{M}/module.yaml:9: 'quiz.pass_mark' must be a number from 0 to 100 (got 150)"),
    ("max-attempts-negative", lambda t: t.replace("01-foundations/module.yaml",
                                                  "max_attempts: 3", "max_attempts: -1"),
     f"{M}/module.yaml:10: 'quiz.max_attempts' must be a whole number >= 0 (got -1)"),
    ("time-limit-negative", lambda t: t.replace("01-foundations/module.yaml",
                                                "time_limit_minutes: 0", "time_limit_minutes: -5"),
     f"{M}/module.yaml:11: 'quiz.time_limit_minutes' must be a whole number >= 0 (got -5)"),
    ("shuffle-type", lambda t: t.replace("01-foundations/module.yaml",
                                         "shuffle_answers: true", "shuffle_answers: 1"),
     f"{M}/module.yaml:13: 'quiz.shuffle_answers' must be true or false (got 1)"),
    ("review-value", lambda t: t.replace("01-foundations/module.yaml", "review: after_submit",
                                         "review: always"),
     f"{M}/module.yaml:15: 'quiz.review' must be one of after_submit, after_pass, never "
     "(got 'always')"),
    ("questions-per-attempt-too-many", lambda t: t.replace(
        "01-foundations/module.yaml", "questions_per_attempt: 0", "questions_per_attempt: 3"),
     f"{M}/module.yaml:14: 'quiz.questions_per_attempt' is 3 but quiz.gift has only 2 graded "
     "questions"),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_structure_problem_is_reported_at_its_line(tree, edit, expected):
    edit(tree)
    assert tree.problems() == [expected]
