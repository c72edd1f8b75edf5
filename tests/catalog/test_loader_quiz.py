"""load_tree: quiz files, their ids and their translations.

Where a question starts is the GIFT parser's business, so expected lines are taken
from :func:`parse_all` on the same text rather than written down here.
"""
from __future__ import annotations

import pytest

from kmi_learn.catalog.quiz import ESSAY_MESSAGE
from kmi_learn.gift import parse_all

M = "courses/iml/01-foundations"
GIFT = "01-foundations/quiz.gift"
GIFT_FR = "01-foundations/quiz.fr.gift"


def line_of(tree, rel: str, qid: str | None) -> int:
    """The line where the parser says question ``qid`` (None: the one without id) starts."""
    questions, _ = parse_all(tree.read(rel))
    return next(q.line for q in questions if q.id == qid)


def add_module(tree, slug: str, gift: str) -> None:
    tree.write(f"{slug}/module.yaml", "title: More\nquiz:\n  pass_mark: 50\n")
    tree.write(f"{slug}/01-more.md", "---\ntitle: More\nminutes: 3\n---\nText.\n")
    tree.write(f"{slug}/quiz.gift", gift)


def test_essay_is_refused(tree):
    tree.append(GIFT, "\n// [id:m1-essay]\nDiscuss non-refoulement. {}\n")
    assert tree.problems() == [f"{M}/quiz.gift:{line_of(tree, GIFT, 'm1-essay')}: "
                               f"{ESSAY_MESSAGE}"]
    assert ESSAY_MESSAGE == ("essay questions need manual grading, which kmi_learn does not "
                             "support yet")


def test_question_without_id(tree):
    tree.append(GIFT, "\nIs soft law binding? {FALSE}\n")
    assert tree.problems() == [f"{M}/quiz.gift:{line_of(tree, GIFT, None)}: question without "
                               "an id: put '// [id:some-id]' on the line above it"]


def test_duplicate_id_in_a_file(tree):
    tree.append(GIFT, "\n// [id:m1-sources]\nIs soft law binding? {FALSE}\n")
    (problem,) = tree.problems()
    # The parser or the loader reports it (whichever sees it first), on the second one.
    assert problem.startswith(f"{M}/quiz.gift:")
    assert int(problem.split(":")[1]) > line_of(tree, GIFT, "m1-soft-law")
    assert "duplicate" in problem and "m1-sources" in problem


def test_duplicate_id_across_modules(tree):
    add_module(tree, "02-more", "// [id:m1-soft-law]\nSoft law binds. {FALSE}\n")
    other = line_of(tree, "02-more/quiz.gift", "m1-soft-law")
    first = line_of(tree, GIFT, "m1-soft-law")
    assert tree.problems() == [f"courses/iml/02-more/quiz.gift:{other}: question id "
                               f"'m1-soft-law' is already used in {M}/quiz.gift:{first}"]


def test_gift_syntax_error_is_reported_at_the_parser_line(tree):
    tree.append(GIFT, "\n// [id:m1-broken]\nUnclosed {=yes ~no\n")
    _, errors = parse_all(tree.read(GIFT))
    assert errors, "the parser must report an unclosed answer block"
    problems = tree.problems()
    assert f"{M}/quiz.gift:{errors[0].line}: {errors[0].message}" in problems
    assert all(p.startswith(f"{M}/quiz.gift:") for p in problems)


def test_gift_not_utf8(tree):
    tree.write_bytes(GIFT_FR, b"// [id:m1-sources]\nQ? {=caf\xe9 ~th\xe9}\n")
    problems = tree.problems()
    assert len(problems) == 1
    assert problems[0].startswith(f"{M}/quiz.fr.gift:2: ")


def test_translation_missing_ids(tree):
    tree.write(GIFT_FR, tree.read(GIFT_FR).split("\n\n")[0] + "\n")
    assert tree.problems() == [f"{M}/quiz.fr.gift:1: missing question ids that quiz.gift has: "
                               "m1-soft-law"]


def test_translation_extra_id(tree):
    tree.append(GIFT_FR, "\n// [id:m1-extra]\nLa coutume lie. {TRUE}\n")
    assert tree.problems() == [f"{M}/quiz.fr.gift:{line_of(tree, GIFT_FR, 'm1-extra')}: "
                               "question id 'm1-extra' is not in quiz.gift"]


DIFFERENT = [
    ("more-choices", "~Les communiqués #Non.", "~Les communiqués #Non.\n  ~Les lois #Non.",
     "it has 3 answers here but 2 in the original"),
    ("other-fractions", "=Les traités #Oui.\n  ~Les communiqués",
     "~Les traités #Oui.\n  =Les communiqués", "its answer fractions are 0%, 100% here but "
                                               "100%, 0% in the original"),
    ("other-type", "{\n  =Les traités #Oui.\n  ~Les communiqués #Non.\n}", "{TRUE}",
     "it is a truefalse question here but a multichoice in the original"),
]


@pytest.mark.parametrize(("old", "new", "message"), [d[1:] for d in DIFFERENT],
                         ids=[d[0] for d in DIFFERENT])
def test_translation_must_grade_like_the_original(tree, old, new, message):
    tree.replace(GIFT_FR, old, new)
    original = line_of(tree, GIFT, "m1-sources")
    assert tree.problems() == [f"{M}/quiz.fr.gift:{line_of(tree, GIFT_FR, 'm1-sources')}: "
                               f"question 'm1-sources' must grade like quiz.gift:{original}: "
                               f"{message}"]


def test_translated_truefalse_must_keep_its_answer(tree):
    tree.replace(GIFT_FR, "{F#Non.#Oui.}", "{T#Non.#Oui.}")
    original = line_of(tree, GIFT, "m1-soft-law")
    assert tree.problems() == [f"{M}/quiz.fr.gift:{line_of(tree, GIFT_FR, 'm1-soft-law')}: "
                               f"question 'm1-soft-law' must grade like quiz.gift:{original}: "
                               "its right answer differs from the original"]


def test_translated_numerical_and_matching_must_match(tree):
    tree.append(GIFT, "\n// [id:m1-year]\nYear? {#1951:0}\n\n// [id:m1-match]\nMatch. {\n"
                      "  =OAU -> binding\n  =Cartagena -> soft\n  =Kampala -> IDPs\n}\n")
    tree.append(GIFT_FR, "\n// [id:m1-year]\nAnnée ? {#1967:0}\n\n// [id:m1-match]\nAssocier. {\n"
                         "  =OUA -> contraignant\n  =Carthagène -> souple\n  =Kampala -> PDI\n"
                         "  =Bangkok -> souple\n}\n")
    problems = tree.problems()
    year, match = line_of(tree, GIFT_FR, "m1-year"), line_of(tree, GIFT_FR, "m1-match")
    assert problems == [
        f"{M}/quiz.fr.gift:{year}: question 'm1-year' must grade like quiz.gift:"
        f"{line_of(tree, GIFT, 'm1-year')}: its numerical answers (values, tolerances, "
        "fractions) differ from the original",
        f"{M}/quiz.fr.gift:{match}: question 'm1-match' must grade like quiz.gift:"
        f"{line_of(tree, GIFT, 'm1-match')}: it has 4 pairs here but 3 in the original",
    ]


def test_translated_short_answer_may_accept_other_spellings(tree):
    tree.append(GIFT, "\n// [id:m1-article]\nWhich article? {=33 =art. 33}\n")
    tree.append(GIFT_FR, "\n// [id:m1-article]\nQuel article ? {=33 =art. 33 =article 33}\n")
    (course,), problems = tree.load()
    assert problems == []
    assert len(course.modules[0].questions[-1].versions["fr"].choices) == 3


def test_translated_quiz_in_undeclared_language(tree):
    tree.write("01-foundations/quiz.de.gift", tree.read(GIFT))
    assert tree.problems() == [f"{M}/quiz.de.gift:1: language 'de' is not declared in "
                               "course.yaml (en, fr)"]


def test_translated_quiz_without_original(tree):
    tree.delete(GIFT)
    tree.write("01-foundations/module.yaml", "title: F\n")
    assert tree.problems() == [f"{M}/quiz.fr.gift:1: a translated quiz needs quiz.gift in the "
                               "default language"]


def test_quiz_without_graded_questions(tree):
    tree.write(GIFT, "// [id:m1-case]\nA case that explains things.\n")
    tree.delete(GIFT_FR)
    assert tree.problems() == [f"{M}/quiz.gift:1: the quiz has no graded question"]


def test_descriptions_do_not_count_as_graded(tree):
    tree.append(GIFT, "\n// [id:m1-case]\nA case that explains things.\n")
    tree.delete(GIFT_FR)
    tree.replace("01-foundations/module.yaml", "questions_per_attempt: 0",
                 "questions_per_attempt: 3")
    (course,), problems = tree.load()
    assert [str(p) for p in problems] == [
        f"{M}/module.yaml:14: 'quiz.questions_per_attempt' is 3 but quiz.gift has only 2 "
        "graded questions"]
    assert [q.versions["en"].qtype for q in course.modules[0].questions] == [
        "multichoice", "truefalse", "description"]
