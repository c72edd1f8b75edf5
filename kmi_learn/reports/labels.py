"""The words the dashboard and its exports share, so that both say the same thing."""
from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _


def status_label(status: str) -> str:
    return {"not_started": _("Not started"), "in_progress": _("In progress"),
            "completed": _("Completed")}.get(status, status)


def attempt_state_label(state: str) -> str:
    return {"in_progress": _("In progress"), "finished": _("Finished")}.get(state, state)


def result_label(passed: bool | None) -> str:
    if passed is None:
        return ""
    return _("Passed") if passed else _("Failed")


def iso(value: datetime | None) -> str:
    """A timestamp as ISO 8601 in UTC, to the second: the CSV form and <time datetime>."""
    if value is None:
        return ""
    return value.astimezone(UTC).replace(microsecond=0).isoformat()
