"""Plain functions that make users and small course trees for tests.

Courses are made the way facilitators make them, as files, and loaded through the
real loader and sync, so tests exercise the same path as production.
"""
from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

from kmi_learn.accounts import services as accounts
from kmi_learn.extensions import db

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_user(role: str = "delegate", **fields):
    n = next(_counter)
    email = fields.pop("email", f"{role}{n}@example.org")
    name = fields.pop("name", f"{role.title()} {n}")
    return accounts.create_user(email, name, fields.pop("password", PASSWORD), role=role,
                                **fields)


def gift_question(n: int, module: int = 1, kind: str = "multichoice") -> str:
    qid = f"m{module}-q{n}"
    if kind == "truefalse":
        return f"// [id:{qid}]\n::Q{n}:: Statement {n} is true. {{T#No.#Yes.}}\n"
    return (
        f"// [id:{qid}]\n::Q{n}:: Question {n} of module {module}? {{\n"
        f"  =Right {n} #Right because.\n  ~Wrong {n} #Wrong because.\n"
        f"  ####See the lesson.\n}}\n"
    )


QUIZ_YAML = """quiz:
  title: Check your understanding
  pass_mark: {pass_mark}
  max_attempts: {max_attempts}
  time_limit_minutes: {time_limit}
  shuffle_questions: {shuffle}
  shuffle_answers: {shuffle}
  questions_per_attempt: {per_attempt}
  review: {review}
"""


def write_course(root: Path, *, slug: str = "demo", modules: int = 1, lessons: int = 2,
                 questions: int = 2, pass_mark: int = 50, max_attempts: int = 0,
                 time_limit: int = 0, shuffle: bool = False, per_attempt: int = 0,
                 review: str = "after_submit", quiz_text: str | None = None) -> Path:
    """Write a small valid course at ``root/slug`` and return ``root``."""
    course = root / slug
    course.mkdir(parents=True, exist_ok=True)
    (course / "course.yaml").write_text(textwrap.dedent(f"""\
        title: Demo course {slug}
        summary: A course made by the tests.
        languages: [en, fr]
        certificate:
          enabled: true
          title: Certificate of completion
          issuer: Test facilitators
        """))
    (course / "instruments.yaml").write_text(textwrap.dedent("""\
        refugee-convention-1951:
          title: Convention relating to the Status of Refugees
          short: 1951 Refugee Convention
          kind: treaty
          body: United Nations Conference of Plenipotentiaries
          adopted: 1951-07-28
          in_force: 1954-04-22
          binding: true
          url: https://www.unhcr.org/media/convention-and-protocol-relating-status-refugees
          summary: Defines who is a refugee and their rights.
        """))
    (course / "glossary.yaml").write_text(textwrap.dedent("""\
        refugee:
          term: {en: Refugee, fr: Réfugié}
          definition: {en: A person outside their country who fears persecution., fr: Une personne.}
        """))
    for m in range(1, modules + 1):
        folder = course / f"{m:02d}-module-{m}"
        folder.mkdir(exist_ok=True)
        quiz = ""
        if questions:
            quiz = QUIZ_YAML.format(pass_mark=pass_mark, max_attempts=max_attempts,
                                    time_limit=time_limit, shuffle=str(shuffle).lower(),
                                    per_attempt=per_attempt, review=review)
            text = quiz_text if quiz_text is not None else "\n".join(
                gift_question(n, m) for n in range(1, questions + 1))
            (folder / "quiz.gift").write_text(text)
        (folder / "module.yaml").write_text(
            f"title: Module {m}\nsummary: Summary of module {m}.\n"
            f"objectives:\n  - Learn thing {m}\nestimated_minutes: 30\n{quiz}")
        for n in range(1, lessons + 1):
            (folder / f"{n:02d}-lesson-{n}.md").write_text(textwrap.dedent(f"""\
                ---
                title: Lesson {m}.{n}
                minutes: 10
                objectives:
                  - Understand point {n}
                ---
                Body of lesson {m}.{n}, citing [@refugee-convention-1951, art. 33(1)]
                about a {{term:refugee}}.

                ## Key points
                - Point {n}
                """))
    return root


def sync(root: Path):
    """Sync ``root`` into the database and commit; fail loudly on problems."""
    from kmi_learn.catalog.sync import sync_path

    report = sync_path(root)
    assert not report.problems, "\n".join(map(str, report.problems))
    db.session.commit()
    return report


def attempt_answers(attempt_id: int, right: bool) -> dict[int, dict]:
    """Form data per page that answers each question of an attempt right or wrong."""
    from kmi_learn.quizzes.grading import correct_response
    from kmi_learn.quizzes.queries import attempt_with_slots, slot_views

    pages = {}
    for page, view in enumerate(slot_views(attempt_with_slots(attempt_id)), start=1):
        q = view.question
        if not q.is_graded:
            pages[page] = {}
            continue
        good = correct_response(q)
        if q.qtype in ("multichoice", "missingword"):
            value = good if right else next(i for i, c in enumerate(q.choices)
                                            if c.fraction <= 0)
            pages[page] = {"answer": str(value)}
        elif q.qtype == "multiresponse":
            value = good if right else [i for i, c in enumerate(q.choices) if c.fraction <= 0]
            pages[page] = {"answer": [str(v) for v in value]}
        elif q.qtype == "truefalse":
            pages[page] = {"answer": "true" if good == right else "false"}
        elif q.qtype == "matching":
            pages[page] = {f"answer_{i}": str(v if right else (v + 1) % (max(good) + 1))
                           for i, v in enumerate(good)}
        else:
            pages[page] = {"answer": str(good) if right else "zzz-not-this"}
    return pages


def take_quiz(client, course: str, module: str, right: bool) -> int:
    """Start (or resume) the module's quiz through the pages, answer every question,
    submit, and return the attempt id."""
    response = client.post(f"/courses/{course}/modules/{module}/quiz/start",
                           token_from=f"/courses/{course}/modules/{module}/quiz")
    assert response.status_code == 302, response.status_code
    attempt_id = int(response.headers["Location"].split("/attempts/")[1].split("?")[0])
    pages = attempt_answers(attempt_id, right)
    for page, data in pages.items():
        response = client.post(f"/attempts/{attempt_id}", {"page": page, "go": "next", **data},
                               token_from=f"/attempts/{attempt_id}?page={page}")
        assert response.status_code == 302, response.get_data(as_text=True)[:800]
    response = client.post(f"/attempts/{attempt_id}/submit",
                           token_from=f"/attempts/{attempt_id}/summary")
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/result")
    return attempt_id
