"""Between the question form and a GIFT question, both ways.

:func:`question_from_form` applies the rules of each type with messages that say
what to fix, on the field or row concerned, then writes the question as GIFT and
reads it back: whatever the browser saves exports and imports back unchanged.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from flask_babel import gettext as _

from kmi_learn.authoring.forms import CHOICE_TYPES, QuestionForm
from kmi_learn.gift import GAP, parse_all, write_question
from kmi_learn.gift.model import Choice, MatchPair, NumericalAnswer, Question
from kmi_learn.gift.numbers import format_number, format_percent, parse_number, parse_percent

GIFT_ID = re.compile(r"[A-Za-z0-9_.:-]+")
#: What GIFT's [tag:...] cannot hold (kmi_learn.gift.meta).
BAD_TAG = re.compile(r"[<>`\x00-\x1f\x7f]")


def _clean(text: str | None) -> str:
    """Browsers send CRLF; GIFT texts are stored trimmed with LF line breaks."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _percent_text(fraction: float) -> str:
    return format_percent(fraction)


def _read_percent(field, default: float) -> float | None:
    """The fraction typed as a percentage ("50", "50%", "33,3"), or None with an error."""
    raw = _clean(field.data).rstrip("%").strip().replace(",", ".")
    if not raw:
        return default
    fraction = parse_percent(raw)
    if fraction is None:
        field.errors.append(_("Write a percentage such as 100, 50 or -25."))
    elif not -1 <= fraction <= 1:
        field.errors.append(_("A weight goes from -100 to 100."))
        return None
    return fraction


def _read_number(field, *, required: bool, message: str) -> float | None:
    raw = _clean(field.data).replace(" ", "")
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    if not raw:
        if required:
            field.errors.append(message)
        return None if required else 0.0
    value = parse_number(raw)
    if value is None:
        field.errors.append(_("'%(text)s' is not a number: write it like 1951 or 2.5.",
                              text=_clean(field.data)))
    return value


def _row_errors(rows) -> bool:
    return any(field.errors for row in rows for field in row.form)


def _choices(form: QuestionForm, qtype: str) -> tuple[Choice, ...]:
    default = 1.0 if qtype == "shortanswer" else 0.0
    choices = []
    for row in form.choices:
        text, feedback = _clean(row.text.data), _clean(row.feedback.data)
        weight_typed = bool(_clean(row.weight.data))
        if not text:
            if feedback or weight_typed:
                row.text.errors.append(_("Write the answer, or clear this row."))
            continue
        fraction = _read_percent(row.weight, default)
        if fraction is not None:
            choices.append(Choice(text, fraction, feedback))
    return tuple(choices)


def _check_choices(form: QuestionForm, qtype: str, choices: tuple[Choice, ...]) -> None:
    block = form.block_errors
    if qtype == "shortanswer":
        if not choices:
            block.append(_("Give at least one accepted answer."))
        elif max(c.fraction for c in choices) != 1:
            block.append(_("One answer must be worth 100%."))
        return
    if len(choices) < 2:
        block.append(_("Give at least two choices."))
        return
    if qtype in ("multichoice", "missingword"):
        if sum(1 for c in choices if c.fraction == 1) != 1:
            block.append(_("Exactly one choice must be 100% for multiple choice "
                           "(or use multiple response)."))
        return
    total = round(sum(c.fraction for c in choices if c.fraction > 0), 4)
    if round(total, 2) != 1:
        block.append(_("Multiple response: the positive weights add up to %(total)s%%; "
                       "they must add up to 100%%.", total=format_number(round(total * 100, 3))))


def _numbers(form: QuestionForm) -> tuple[NumericalAnswer, ...]:
    answers = []
    for row in form.numbers:
        typed = any(_clean(f.data) for f in (row.value, row.tolerance, row.weight, row.feedback))
        if not typed:
            continue
        value = _read_number(row.value, required=True, message=_("Write the expected number."))
        tolerance = _read_number(row.tolerance, required=False, message="")
        if tolerance is not None and tolerance < 0:
            row.tolerance.errors.append(_("The tolerance cannot be negative."))
            tolerance = None
        fraction = _read_percent(row.weight, 1.0)
        if None not in (value, tolerance, fraction):
            answers.append(NumericalAnswer(value, tolerance, fraction, _clean(row.feedback.data)))
    if not answers and not _row_errors(form.numbers):
        form.block_errors.append(_("Give the expected number."))
    elif answers and max(a.fraction for a in answers) != 1:
        form.block_errors.append(_("One answer must be worth 100%."))
    return tuple(answers)


def _pairs(form: QuestionForm) -> tuple[MatchPair, ...]:
    pairs = []
    for row in form.pairs:
        question, answer = _clean(row.question.data), _clean(row.answer.data)
        if not question and not answer:
            continue
        if not answer:
            row.answer.errors.append(_("Write the answer that matches this question."))
            continue
        if "\n" in answer:
            row.answer.errors.append(_("A matching answer is one line."))
            continue
        pairs.append(MatchPair(question, answer))
    questions = sum(1 for p in pairs if p.question)
    if questions < 2 or len(pairs) < 3:
        form.block_errors.append(_(
            "Give at least two pairs and three answers in all (an answer without a question "
            "is an extra wrong answer); there are %(q)d questions and %(a)d answers.",
            q=questions, a=len(pairs)))
    return tuple(pairs)


def _tags(form: QuestionForm) -> tuple[str, ...]:
    tags = tuple(t.strip() for t in (form.tags.data or "").split(",") if t.strip())
    if any(BAD_TAG.search(t) for t in tags):
        form.tags.errors.append(_("Tags cannot contain < > ` or line breaks."))
    return tags


def _check_id(form: QuestionForm, taken: set[str], gift_id: str) -> None:
    if not gift_id:
        form.gift_id.errors.append(_("Give the question an id, for example m1-sources-4."))
    elif not GIFT_ID.fullmatch(gift_id):
        form.gift_id.errors.append(_("Use only letters, digits and _ . : - in the id."))
    elif gift_id in taken:
        form.gift_id.errors.append(_("The id '%(id)s' is already used in this course.",
                                     id=gift_id))


def question_from_form(form: QuestionForm, *, gift_id: str, taken_ids: set[str],
                       category: str | None = None) -> Question | None:
    """The question the form describes, or None with messages on the form.

    ``taken_ids`` are the ids of the course's other questions (retired ones too);
    ``category`` is kept from the version being edited.
    """
    qtype = form.qtype.data
    _check_id(form, taken_ids, gift_id)
    text = _clean(form.text.data)
    if not text:
        form.text.errors.append(_("Write the question text."))
    fields: dict[str, Any] = {}
    if qtype in CHOICE_TYPES or qtype == "shortanswer":
        fields["choices"] = _choices(form, qtype)
        if not _row_errors(form.choices):
            _check_choices(form, qtype, fields["choices"])
        if qtype == "missingword" and text and GAP not in text:
            form.text.errors.append(_("Put %(gap)s (five underscores) in the text where the "
                                      "missing word goes.", gap=GAP))
    elif qtype == "numerical":
        fields["numerical"] = _numbers(form)
    elif qtype == "matching":
        fields["pairs"] = _pairs(form)
    elif qtype == "truefalse":
        if form.correct.data not in ("true", "false"):
            form.correct.errors.append(_("Say whether the statement is true or false."))
        fields.update(correct=form.correct.data == "true",
                      feedback_true=_clean(form.feedback_true.data),
                      feedback_false=_clean(form.feedback_false.data))
    general = _clean(form.general_feedback.data) if qtype != "description" else ""
    question = Question(qtype=qtype, text=text, text_format=form.text_format.data or "moodle",
                        title=_clean(form.title.data), id=gift_id, tags=_tags(form),
                        category=category, general_feedback=general, **fields)
    if form.has_errors:
        return None
    return _round_trip(form, question)


def _round_trip(form: QuestionForm, question: Question) -> Question | None:
    """The question if GIFT writes and reads it back identical; else None with why."""
    parsed, errors = parse_all(write_question(question))
    if errors:
        form.gift_errors.extend(_("As GIFT: %(message)s", message=e.message) for e in errors)
        return None
    back = dataclasses.replace(parsed[0], category=question.category)
    if back != question:
        what = [f.name for f in dataclasses.fields(Question)
                if f.compare and getattr(back, f.name) != getattr(question, f.name)]
        message = _("As GIFT this question would read back differently (%(what)s).",
                    what=", ".join(what))
        if back.qtype != question.qtype:
            message = _("As GIFT this question would read back as a %(other)s question: "
                        "check the answers.", other=back.qtype)
        form.gift_errors.append(message)
        return None
    return question


def form_data(q: Question) -> dict[str, Any]:
    """The form's data for an existing question (rows in canonical order)."""
    return {
        "qtype": q.qtype, "gift_id": q.id or "", "title": q.title, "text": q.text,
        "text_format": q.text_format, "tags": ", ".join(q.tags),
        "general_feedback": q.general_feedback,
        "choices": [{"text": c.text, "weight": _percent_text(c.fraction),
                     "feedback": c.feedback} for c in q.choices],
        "numbers": [{"value": format_number(n.value), "tolerance": format_number(n.tolerance),
                     "weight": _percent_text(n.fraction), "feedback": n.feedback}
                    for n in q.numerical],
        "pairs": [{"question": p.question, "answer": p.answer} for p in q.pairs],
        "correct": None if q.correct is None else ("true" if q.correct else "false"),
        "feedback_true": q.feedback_true, "feedback_false": q.feedback_false,
    }
