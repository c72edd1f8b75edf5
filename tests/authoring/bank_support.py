"""Helpers of the question bank tests: a synced course, and the editor's form data."""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from sqlalchemy import func, select

from kmi_learn.audit.models import AuditEntry
from kmi_learn.catalog.models import Module
from kmi_learn.extensions import db
from kmi_learn.quizzes.models import Question
from tests import factories


def course(tmp_path, **kwargs) -> Module:
    """Sync the tests' small course and return its first module."""
    factories.sync(factories.write_course(tmp_path / "courses", **kwargs))
    return db.session.scalar(select(Module).order_by(Module.position))


def new_url(module: Module, qtype: str | None = None) -> str:
    return f"/authoring/modules/{module.id}/questions/new" + (f"?qtype={qtype}" if qtype else "")


def question(module: Module, gift_id: str) -> Question:
    return db.session.scalar(select(Question).where(Question.module_id == module.id,
                                                    Question.gift_id == gift_id))


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                   .order_by(AuditEntry.id)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def rows(prefix: str, rows_: list[dict[str, str]]) -> dict[str, str]:
    """``[{"text": "A"}]`` -> ``{"choices-0-text": "A"}``."""
    return {f"{prefix}-{i}-{key}": value for i, row in enumerate(rows_)
            for key, value in row.items()}


#: Form data of a valid question of each type (the default language), and what it saves.
VALID: dict[str, dict[str, Any]] = {
    "multichoice": {
        "text": "Which convention defines a refugee?",
        **rows("choices", [{"text": "The 1951 Convention", "weight": "100",
                            "feedback": "Yes, article 1A(2)."},
                           {"text": "The 1990 Convention", "weight": "0",
                            "feedback": "No: migrant workers."}]),
        "general_feedback": "See lesson 3.",
    },
    "multiresponse": {
        "text": "Which are core human rights treaties?",
        **rows("choices", [{"text": "ICCPR", "weight": "50"}, {"text": "ICESCR", "weight": "50"},
                           {"text": "GCM", "weight": "-100", "feedback": "Not a treaty."}]),
    },
    "truefalse": {"text": "Non-refoulement is customary law.", "correct": "true",
                  "feedback_true": "Right.", "feedback_false": "It is."},
    "shortanswer": {"text": "In which city was the 1951 Convention adopted?",
                    **rows("choices", [{"text": "Geneva", "weight": ""},
                                       {"text": "Genf", "weight": "50",
                                        "feedback": "In German."}])},
    "numerical": {"text": "In which year was the Refugee Convention adopted?",
                  **rows("numbers", [{"value": "1951", "tolerance": "0", "weight": "",
                                      "feedback": "Exactly."},
                                     {"value": "1950", "tolerance": "2", "weight": "50"}])},
    "matching": {"text": "Match the instrument and its year.",
                 **rows("pairs", [{"question": "Refugee Convention", "answer": "1951"},
                                  {"question": "Protocol", "answer": "1967"},
                                  {"question": "", "answer": "1990"}])},
    "missingword": {"text": "The principle of _____ forbids returning refugees.",
                    **rows("choices", [{"text": "non-refoulement", "weight": "100"},
                                       {"text": "subsidiarity", "weight": "0"}])},
    "description": {"text": "**Case.** A boat arrives at a port with 40 people on board.",
                    "text_format": "markdown"},
}


def form_data(qtype: str, gift_id: str = "new-1", action: str = "save",
              **extra: str) -> dict[str, str]:
    data = {"qtype": qtype, "gift_id": gift_id, "text_format": "moodle", "action": action,
            **VALID[qtype]}
    data.update(extra)
    return data


def create(client, module: Module, qtype: str, gift_id: str = "new-1", **extra: str):
    """Post the editor's form for a new question; returns the response."""
    return client.post(new_url(module), form_data(qtype, gift_id, **extra),
                       token_from=new_url(module, qtype))


def edit_url(question_id: int) -> str:
    return f"/authoring/questions/{question_id}/edit"


def edit(client, question_id: int, data: dict[str, str]):
    return client.post(edit_url(question_id), data, token_from=edit_url(question_id))


def edit_data(client, question_id: int) -> dict[str, str]:
    """The editor's fields as the edit page fills them (what a browser would post back)."""
    page = client.get(edit_url(question_id)).get_data(as_text=True)
    parser = FormFields("question-form")
    parser.feed(page)
    data = {k: v for k, v in parser.fields.items() if k != "csrf_token"}
    data["action"] = "save"
    return data


class FormFields(HTMLParser):
    """The successful fields of one form of a page, as a browser would submit them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields[name] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data
