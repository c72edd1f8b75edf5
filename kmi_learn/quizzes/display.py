"""Question text as sanitized HTML, computed once when a version is stored.

Every string a facilitator wrote goes through :func:`render_inline_text`, which
escapes plain text and sanitizes Markdown or HTML; templates mark only this
output safe.
"""
from __future__ import annotations

from typing import Any

from kmi_learn.catalog.rendering import render_inline_text
from kmi_learn.gift.model import Question
from kmi_learn.quizzes.grading import match_answers, match_stems


def question_html(q: Question) -> dict[str, Any]:
    """Every displayable part of ``q`` as HTML, in canonical order."""

    def html(text: str) -> str:
        return render_inline_text(text, q.text_format) if text else ""

    return {
        "text": html(q.text),
        "general_feedback": html(q.general_feedback),
        "choices": [html(c.text) for c in q.choices],
        "choice_feedback": [html(c.feedback) for c in q.choices],
        "numerical_feedback": [html(a.feedback) for a in q.numerical],
        "stems": [html(s) for s in match_stems(q)],
        "answers": [html(a) for a in match_answers(q)],
        "feedback_true": html(q.feedback_true),
        "feedback_false": html(q.feedback_false),
    }
