"""The facilitator's forms: a question of any type, and a module's quiz settings.

One question form serves every type: it carries every kind of answer row and the
template shows the rows of the chosen type. WTForms checks lengths and shapes here;
the rules of each question type live in :mod:`kmi_learn.authoring.convert`, which
turns the form into a GIFT question and puts its messages back on the fields.
"""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

#: The types a facilitator can write in the browser, in the order the type page offers.
EDITABLE_TYPES = ("multichoice", "multiresponse", "truefalse", "shortanswer", "numerical",
                  "matching", "missingword", "description")
#: Types that share the choice rows; an edit may switch between them.
CHOICE_TYPES = ("multichoice", "multiresponse", "missingword")
TYPE_LABELS = {
    "multichoice": _l("Multiple choice (one right answer)"),
    "multiresponse": _l("Multiple response (several right answers, partial credit)"),
    "truefalse": _l("True or false"),
    "shortanswer": _l("Short answer (typed words)"),
    "numerical": _l("Numerical (a number, with a tolerance)"),
    "matching": _l("Matching (pairs)"),
    "missingword": _l("Missing word (a choice inside the text)"),
    "description": _l("Description (a case or text, no answer)"),
}
#: The same, short, for the bank's list.
SHORT_TYPE_LABELS = {
    "multichoice": _l("Multiple choice"), "multiresponse": _l("Multiple response"),
    "truefalse": _l("True/false"), "shortanswer": _l("Short answer"),
    "numerical": _l("Numerical"), "matching": _l("Matching"), "missingword": _l("Missing word"),
    "description": _l("Description"),
}
FORMAT_LABELS = (
    ("moodle", _l("Moodle auto-format (plain text, line breaks kept)")),
    ("markdown", _l("Markdown")),
    ("html", _l("HTML")),
    ("plain", _l("Plain text")),
)
#: How many rows a fresh form offers, and how many "Add more rows" adds.
START_ROWS = {"choices": 4, "numbers": 2, "pairs": 4}
MORE_ROWS = 3
TEXT_MAX = 20000
ROW_TEXT_MAX = 5000


class ChoiceRow(Form):
    """A choice of a multiple-choice family question, or an accepted short answer."""

    text = TextAreaField(_l("Answer"), validators=[Length(max=ROW_TEXT_MAX)])
    weight = StringField(_l("Weight (%)"), validators=[Length(max=20)])
    feedback = TextAreaField(_l("Feedback"), validators=[Length(max=ROW_TEXT_MAX)])


class NumberRow(Form):
    value = StringField(_l("Value"), validators=[Length(max=40)])
    tolerance = StringField(_l("Tolerance (±)"), validators=[Length(max=40)])
    weight = StringField(_l("Weight (%)"), validators=[Length(max=20)])
    feedback = TextAreaField(_l("Feedback"), validators=[Length(max=ROW_TEXT_MAX)])


class PairRow(Form):
    """A matching pair; an empty question makes the answer a distractor."""

    question = TextAreaField(_l("Question"), validators=[Length(max=ROW_TEXT_MAX)])
    answer = StringField(_l("Matching answer"), validators=[Length(max=ROW_TEXT_MAX)])


class QuestionForm(FlaskForm):
    """Every field of a question; :mod:`convert` reads those of ``qtype``."""

    qtype = HiddenField()
    gift_id = StringField(
        _l("GIFT id"), validators=[Length(max=100)],
        description=_l("Letters, digits and _ . : - only, unique in the course. It links the "
                       "question to its GIFT file and its statistics, so it cannot change "
                       "later."))
    title = StringField(_l("Title (optional, shown to facilitators only)"),
                        validators=[Length(max=255)])
    text = TextAreaField(_l("Question text"), validators=[Length(max=TEXT_MAX)])
    text_format = SelectField(_l("Text format"), choices=FORMAT_LABELS, default="moodle")
    tags = StringField(
        _l("Tags (comma-separated)"), validators=[Length(max=500)],
        description=_l("The tag 'case' keeps a question with the description before it."))
    general_feedback = TextAreaField(_l("General feedback (shown to everyone on review)"),
                                     validators=[Length(max=TEXT_MAX)])
    choices = FieldList(FormField(ChoiceRow), min_entries=0, max_entries=60)
    numbers = FieldList(FormField(NumberRow), min_entries=0, max_entries=30)
    pairs = FieldList(FormField(PairRow), min_entries=0, max_entries=60)
    correct = RadioField(_l("The right answer"), choices=[("true", _l("True")),
                                                          ("false", _l("False"))],
                         validators=[Optional()])
    feedback_true = TextAreaField(_l("Feedback for whoever answers True"),
                                  validators=[Length(max=ROW_TEXT_MAX)])
    feedback_false = TextAreaField(_l("Feedback for whoever answers False"),
                                   validators=[Length(max=ROW_TEXT_MAX)])

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        #: messages about the answer block as a whole ("give at least two choices")
        self.block_errors: list[str] = []
        #: messages of the GIFT round trip, and of translations that were dropped
        self.gift_errors: list[str] = []

    def fill_rows(self, extra: int = 0) -> None:
        """Make sure each row list has its starting size, plus ``extra`` empty rows."""
        for name, start in START_ROWS.items():
            rows = getattr(self, name)
            while len(rows.entries) < start:
                rows.append_entry()
            for _ in range(extra):
                if len(rows.entries) < rows.max_entries:
                    rows.append_entry()

    @property
    def has_errors(self) -> bool:
        return bool(self.errors_flat() or self.block_errors or self.gift_errors)

    def errors_flat(self) -> list[str]:
        found: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
            elif value:
                found.append(str(value))

        for field in self:
            walk(field.errors)
        return found


def _per_attempt_max(form, field) -> None:
    limit = form.graded_count
    if field.data is not None and field.data > limit:
        raise ValidationError(_l(
            "The module has %(n)d graded questions: draw from 0 (all) to %(n)d.", n=limit))


class QuizSettingsForm(FlaskForm):
    """A module's quiz settings; titles are added per course language by :func:`settings_form`."""

    pass_mark = IntegerField(_l("Pass mark (%)"), validators=[
        InputRequired(_l("Give a pass mark from 0 to 100.")),
        NumberRange(0, 100, _l("Give a pass mark from 0 to 100."))])
    max_attempts = IntegerField(_l("Attempts allowed (0 = unlimited)"), validators=[
        InputRequired(_l("Give 0 (unlimited) or a number of attempts.")),
        NumberRange(min=0, message=_l("Give 0 (unlimited) or a number of attempts."))])
    time_limit_minutes = IntegerField(_l("Time limit in minutes (0 = none)"), validators=[
        InputRequired(_l("Give 0 (no limit) or a number of minutes.")),
        NumberRange(min=0, message=_l("Give 0 (no limit) or a number of minutes."))])
    shuffle_questions = BooleanField(_l("Shuffle the questions"))
    shuffle_answers = BooleanField(_l("Shuffle the answers of each question"))
    questions_per_attempt = IntegerField(
        _l("Questions per attempt (0 = all)"),
        validators=[InputRequired(_l("Give 0 (all) or a number of questions.")),
                    NumberRange(min=0, message=_l("Give 0 (all) or a number of questions.")),
                    _per_attempt_max])
    review = SelectField(_l("Delegates may review their answers"), choices=[
        ("after_submit", _l("after each attempt")),
        ("after_pass", _l("once they have passed")),
        ("never", _l("never")),
    ], validators=[InputRequired()])

    graded_count = 0
    languages: tuple[str, ...] = ()

    def title_fields(self) -> list[Any]:
        return [getattr(self, f"title_{lang}") for lang in self.languages]

    def settings(self) -> dict[str, Any]:
        """The settings as Module.quiz stores them (a new dict)."""
        titles = {lang: (getattr(self, f"title_{lang}").data or "").strip()
                  for lang in self.languages}
        return {
            "title": {lang: text for lang, text in titles.items() if text},
            "pass_mark": self.pass_mark.data, "max_attempts": self.max_attempts.data,
            "time_limit_minutes": self.time_limit_minutes.data,
            "shuffle_questions": bool(self.shuffle_questions.data),
            "shuffle_answers": bool(self.shuffle_answers.data),
            "questions_per_attempt": self.questions_per_attempt.data,
            "review": self.review.data,
        }


def settings_form(languages: list[str], graded_count: int,
                  current: dict[str, Any] | None) -> QuizSettingsForm:
    """The settings form for a course in ``languages`` (the default one required)."""
    fields: dict[str, Any] = {"graded_count": graded_count, "languages": tuple(languages)}
    for index, lang in enumerate(languages):
        validators: list[Any] = [Length(max=300)]
        if index == 0:
            validators.insert(0, InputRequired(_l("Give the quiz a title.")))
        fields[f"title_{lang}"] = StringField(_l("Quiz title (%(lang)s)", lang=lang),
                                              validators=validators)
    form_class = type("ModuleQuizSettingsForm", (QuizSettingsForm,), fields)
    data = dict(current or {})
    for lang, text in (data.pop("title", None) or {}).items():
        data[f"title_{lang}"] = text
    return form_class(data=data)
