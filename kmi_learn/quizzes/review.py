"""When a delegate may see the answers and feedback of their finished attempts."""
from __future__ import annotations

from collections.abc import Iterable

from kmi_learn.catalog.models import Module
from kmi_learn.quizzes.models import Attempt


def review_allowed(module: Module, attempts: Iterable[Attempt]) -> bool:
    """``after_submit``: always; ``after_pass``: once any attempt passed; ``never``."""
    mode = (module.quiz or {}).get("review", "after_submit")
    if mode == "after_submit":
        return True
    if mode == "after_pass":
        return any(a.state == "finished" and a.passed for a in attempts)
    return False
