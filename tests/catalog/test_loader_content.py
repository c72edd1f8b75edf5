"""load_tree: problems in lessons, instruments.yaml and glossary.yaml, at their exact lines."""
from __future__ import annotations

import textwrap

import pytest

C = "courses/iml"
M = f"{C}/01-foundations"
ACTORS = "01-foundations/02-actors.md"  # 5 lines; appended text starts at line 6


def test_partial_dates_and_status_instead_of_in_force_are_accepted(tree):
    tree.append("instruments.yaml", textwrap.dedent("""\
        au-protocol:
          title: Protocol on Free Movement
          short: AU Free Movement Protocol
          kind: protocol
          body: African Union
          adopted: "2018-01"
          binding: true
          url: https://au.int/
          summary: Free movement of persons.
          status: Not in force as of November 2024 (AU treaty page).
        """))
    (course,), problems = tree.load()
    assert problems == []
    assert course.instruments["au-protocol"].adopted == "2018-01"
    assert course.instruments["au-protocol"].in_force is None


def test_citations_inside_code_are_not_checked(tree):
    tree.append(ACTORS, "Write `[@key]` or `{term:slug}`... in `{term:nobody}`.\n\n"
                        "```\n[@unknown]\n```\n")
    assert tree.problems() == []


def test_term_with_escaped_pipe_in_a_table_is_checked(tree):
    tree.append(ACTORS, "\n| a |\n|---|\n| {term:nobody\\|x} {term:migrant\\|y} |\n")
    assert tree.problems() == [f"{M}/02-actors.md:9: unknown glossary term 'nobody' in "
                               "'{term:nobody\\|x}': not in glossary.yaml"]


def test_a_citation_of_a_broken_instrument_is_not_also_unknown(tree):
    tree.replace("instruments.yaml", "kind: resolution", "kind: wish")
    assert tree.problems() == [f"{C}/instruments.yaml:14: instrument 'gcm': unknown kind 'wish' "
                               "(one of treaty, protocol, declaration, resolution, "
                               "general-comment, case, advisory-opinion, guidance, statute)"]


CASES = [
    # lesson front matter
    ("front-matter-missing", lambda t: t.write(ACTORS, "Just text.\n"),
     f"{M}/02-actors.md:1: a lesson starts with front matter: a '---' line, YAML with title "
     "and minutes, then a '---' line"),
    ("front-matter-title-missing", lambda t: t.replace(ACTORS, "title: Actors\n", ""),
     f"{M}/02-actors.md:2: missing required key 'title'"),
    ("front-matter-title-empty", lambda t: t.replace(ACTORS, "title: Actors", "title:"),
     f"{M}/02-actors.md:2: 'title' must not be empty"),
    ("minutes-zero", lambda t: t.replace(ACTORS, "minutes: 5", "minutes: 0"),
     f"{M}/02-actors.md:3: 'minutes' must be a positive whole number (got 0)"),
    ("minutes-text", lambda t: t.replace(ACTORS, "minutes: 5", "minutes: ten"),
     f"{M}/02-actors.md:3: 'minutes' must be a positive whole number (got 'ten')"),
    ("front-matter-unknown-key", lambda t: t.replace(ACTORS, "minutes: 5", "minutes: 5\nlevel: 1"),
     f"{M}/02-actors.md:4: unknown key 'level' (allowed: title, minutes, objectives)"),
    ("front-matter-yaml", lambda t: t.replace(ACTORS, "title: Actors", "title: [Actors"),
     f"{M}/02-actors.md:3: invalid YAML: expected ',' or ']', but got ':'"),
    ("body-empty", lambda t: t.replace(ACTORS, "Who does what: {term:refugee}.\n", ""),
     f"{M}/02-actors.md:5: the lesson has no text after its front matter"),
    ("lesson-not-utf8", lambda t: t.write_bytes(ACTORS, b"---\ntitle: A\n\xff\n---\n"),
     f"{M}/02-actors.md:3: the file is not valid UTF-8"),
    # lesson body
    ("unknown-citation", lambda t: t.append(ACTORS, "\nSee [@unknown-treaty, art. 1].\n"),
     f"{M}/02-actors.md:7: unknown instrument 'unknown-treaty' in '[@unknown-treaty, art. 1]': "
     "not in instruments.yaml"),
    ("malformed-citation", lambda t: t.append(ACTORS, "See [@Refugee Convention].\n"),
     f"{M}/02-actors.md:6: malformed citation '[@Refugee Convention]': write [@key] or "
     "[@key, locator]"),
    ("unknown-term", lambda t: t.append(ACTORS, "A {term:nobody} here.\n"),
     f"{M}/02-actors.md:6: unknown glossary term 'nobody' in '{{term:nobody}}': not in "
     "glossary.yaml"),
    ("unknown-term-with-text", lambda t: t.append(ACTORS, "\n\nA {term:nobody|people} here.\n"),
     f"{M}/02-actors.md:8: unknown glossary term 'nobody' in '{{term:nobody|people}}': not in "
     "glossary.yaml"),
    ("malformed-term", lambda t: t.append(ACTORS, "A {term: migrant} here.\n"),
     f"{M}/02-actors.md:6: malformed term link '{{term: migrant}}': write {{term:slug}} or "
     "{term:slug|text}"),
    ("term-in-case-box", lambda t: t.append(ACTORS, '\n!!! case "X"\n    Then {term:nobody}.\n'),
     f"{M}/02-actors.md:8: unknown glossary term 'nobody' in '{{term:nobody}}': not in "
     "glossary.yaml"),
    ("image-missing", lambda t: t.append(ACTORS, "![A map](media/nothere.png)\n"),
     f"{M}/02-actors.md:6: image 'media/nothere.png' does not exist in the course's media/ "
     "folder"),
    ("image-svg", lambda t: (t.write("media/map.svg", "<svg/>"),
                             t.append(ACTORS, "![A map](media/map.svg)\n")),
     f"{M}/02-actors.md:6: image 'media/map.svg': SVG images are not allowed (they can carry "
     "scripts); use png, jpg or webp"),
    ("image-outside-media", lambda t: t.append(ACTORS, "![x](https://example.org/x.png)\n"),
     f"{M}/02-actors.md:6: image 'https://example.org/x.png': images come from the course's "
     "media/ folder (media/name.png)"),
    ("image-escapes-media", lambda t: t.append(ACTORS, "![x](media/../course.png)\n"),
     f"{M}/02-actors.md:6: image 'media/../course.png' does not exist in the course's media/ "
     "folder"),
    ("h1-heading", lambda t: t.append(ACTORS, "# Actors\n"),
     f"{M}/02-actors.md:6: use '##' headings: the lesson's title (from the front matter) is "
     "its only level-1 heading"),
    ("translation-checked-too", lambda t: t.append("01-foundations/01-sources.fr.md", "[@x]\n"),
     f"{M}/01-sources.fr.md:6: unknown instrument 'x' in '[@x]': not in instruments.yaml"),
    # glossary.yaml
    ("glossary-see-unknown", lambda t: t.replace("glossary.yaml", "see: [refugee]",
                                                 "see:\n    - refugee\n    - asylum"),
     f"{C}/glossary.yaml:6: see: unknown glossary term 'asylum'"),
    ("glossary-unknown-key", lambda t: t.append("glossary.yaml", "  source: IOM\n"),
     f"{C}/glossary.yaml:8: unknown key 'refugee.source' (allowed: term, definition, see)"),
    ("glossary-missing-definition", lambda t: t.replace(
        "glossary.yaml", "  definition: A person who fled persecution.\n", ""),
     f"{C}/glossary.yaml:5: missing required key 'refugee.definition'"),
    ("glossary-bad-slug", lambda t: t.append("glossary.yaml", "Soft Law:\n  term: S\n"),
     f"{C}/glossary.yaml:8: 'Soft Law' is not a valid key: use a-z, 0-9 and -"),
    ("glossary-undeclared-language", lambda t: t.replace("glossary.yaml", "fr: Migrant}",
                                                         "es: Migrante}"),
     f"{C}/glossary.yaml:2: language 'es' is not declared in course.yaml (en, fr)"),
    # instruments.yaml
    ("instrument-kind", lambda t: t.replace("instruments.yaml", "kind: treaty", "kind: pact"),
     f"{C}/instruments.yaml:4: instrument 'refugee-convention-1951': unknown kind 'pact' (one "
     "of treaty, protocol, declaration, resolution, general-comment, case, advisory-opinion, "
     "guidance, statute)"),
    ("instrument-date", lambda t: t.replace("instruments.yaml", "adopted: 1951-07-28",
                                            "adopted: 28 July 1951"),
     f"{C}/instruments.yaml:6: instrument 'refugee-convention-1951': 'adopted' must be an ISO "
     "date YYYY-MM-DD (or a quoted \"YYYY-MM\" or \"YYYY\" when the day is not known), not "
     "'28 July 1951'"),
    ("instrument-impossible-date", lambda t: t.replace("instruments.yaml", "in_force: 1954-04-22",
                                                       "in_force: \"1954-13\""),
     f"{C}/instruments.yaml:7: instrument 'refugee-convention-1951': 'in_force' must be an ISO "
     "date YYYY-MM-DD (or a quoted \"YYYY-MM\" or \"YYYY\" when the day is not known), not "
     "'1954-13'"),
    ("treaty-needs-in-force", lambda t: t.replace("instruments.yaml", "  in_force: 1954-04-22\n",
                                                  ""),
     f"{C}/instruments.yaml:1: instrument 'refugee-convention-1951': a treaty needs 'in_force' "
     "(or a 'status' saying it is not in force)"),
    ("instrument-binding", lambda t: t.replace("instruments.yaml", "binding: false",
                                               "binding: sometimes"),
     f"{C}/instruments.yaml:17: instrument 'gcm': 'binding' must be true or false"),
    ("instrument-url", lambda t: t.replace("instruments.yaml", "https://www.un.org/",
                                           "http://www.un.org/"),
     f"{C}/instruments.yaml:18: instrument 'gcm': 'url' must be an https:// link"),
    ("instrument-missing-key", lambda t: t.replace("instruments.yaml", "  short: GCM\n", ""),
     f"{C}/instruments.yaml:11: missing required key 'gcm.short'"),
    ("instrument-unknown-key", lambda t: t.append("instruments.yaml", "  parties: 150\n"),
     f"{C}/instruments.yaml:20: unknown key 'gcm.parties' (allowed: title, short, kind, body, "
     "adopted, in_force, binding, url, summary, status)"),
    ("instrument-not-mapping", lambda t: t.append("instruments.yaml", "udhr: 1948\n"),
     f"{C}/instruments.yaml:20: 'udhr' must be a mapping of keys to values"),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_content_problem_is_reported_at_its_line(tree, edit, expected):
    edit(tree)
    assert tree.problems() == [expected]
