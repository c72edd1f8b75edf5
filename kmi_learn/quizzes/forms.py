"""The answer form of one quiz question, built from the question's type.

The form validates and converts what was posted into the response shape that
:mod:`kmi_learn.quizzes.grading` expects; it never saves.
"""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Length, Optional, ValidationError

from kmi_learn.gift.model import Question
from kmi_learn.quizzes.grading import match_answers, match_stems, parse_number


def _optional_int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    return int(value)


def _number(form, field) -> None:
    if field.data and field.data.strip() and parse_number(field.data) is None:
        raise ValidationError(_l("Enter a number, for example 1951 or 2.5."))


class AnswerForm(FlaskForm):
    """Base class; :func:`answer_form` adds the fields of one question."""

    def response(self) -> Any:
        return None


def answer_form(q: Question, saved: Any = None, formdata: Any = None) -> AnswerForm:
    """A form for ``q``; without ``formdata`` it shows the saved response."""
    fields: dict[str, Any] = {}
    kind = q.qtype
    indices = [(i, str(i)) for i in range(len(q.choices))]
    if kind in ("multichoice", "missingword"):
        fields["answer"] = RadioField(choices=indices, coerce=_optional_int,
                                      validators=[Optional()])
    elif kind == "multiresponse":
        fields["answer"] = SelectMultipleField(choices=indices, coerce=int,
                                               validators=[Optional()])
    elif kind == "truefalse":
        fields["answer"] = RadioField(choices=[("true", "true"), ("false", "false")],
                                      validators=[Optional()])
    elif kind == "shortanswer":
        fields["answer"] = StringField(validators=[Optional(), Length(max=500)])
    elif kind == "numerical":
        fields["answer"] = StringField(validators=[Optional(), Length(max=60), _number])
    elif kind == "matching":
        options = [("", "")] + [(str(j), str(j)) for j in range(len(match_answers(q)))]
        for i in range(len(match_stems(q))):
            fields[f"answer_{i}"] = SelectField(choices=options, coerce=_optional_int,
                                                validators=[Optional()])
    form_class = type("QuestionAnswerForm", (AnswerForm,), {
        **fields, "response": _response_reader(kind, len(match_stems(q)))})
    if formdata is not None:
        return form_class(formdata=formdata)
    return form_class(formdata=None, data=_initial(kind, saved, len(match_stems(q))))


def _initial(kind: str, saved: Any, n_stems: int) -> dict[str, Any]:
    if saved is None:
        return {}
    if kind == "truefalse":
        return {"answer": "true" if saved else "false"}
    if kind == "matching":
        return {f"answer_{i}": value for i, value in enumerate(saved[:n_stems])}
    return {"answer": saved}


def _response_reader(kind: str, n_stems: int):
    def response(self) -> Any:
        if kind == "matching":
            values = [getattr(self, f"answer_{i}").data for i in range(n_stems)]
            return values if any(v is not None for v in values) else None
        data = self.answer.data
        if kind == "multiresponse":
            return sorted(set(data)) if data else None
        if kind == "truefalse":
            return {"true": True, "false": False}.get(data)
        if kind in ("shortanswer", "numerical"):
            return data.strip() if data and data.strip() else None
        return data

    return response
