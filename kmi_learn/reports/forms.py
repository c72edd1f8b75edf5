"""The dashboard's filter form: read from the query string (GET), never saved."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, SearchField, SelectField
from wtforms.validators import Length, NumberRange, Optional

from kmi_learn.reports.queries import SORTS, STATUSES, Filters

STATUS_CHOICES = [("", _l("Any status")), ("not_started", _l("Not started")),
                  ("in_progress", _l("In progress")), ("completed", _l("Completed"))]
SORT_CHOICES = [("name", _l("Name (A to Z)")), ("progress", _l("Progress (most first)")),
                ("progress_asc", _l("Progress (least first)")),
                ("activity", _l("Last activity (most recent first)")),
                ("activity_asc", _l("Last activity (oldest first)"))]
assert [c for c, _label in SORT_CHOICES] == list(SORTS)
assert [c for c, _label in STATUS_CHOICES[1:]] == list(STATUSES)


class FilterForm(Form):
    """No CSRF token: a GET form that only reads."""

    q = SearchField(_l("Name or email"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default="")
    inactive = IntegerField(_l("Inactive for at least (days)"),
                            validators=[Optional(), NumberRange(min=1, max=3650)])
    # Any value filters (an export link may name one no longer offered): no choice check.
    organisation = SelectField(_l("Organisation or mission"), default="", validate_choice=False)
    country = SelectField(_l("Country"), default="", validate_choice=False)
    sort = SelectField(_l("Sort by"), choices=SORT_CHOICES, default="name")
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=100000)])

    def __init__(self, formdata, organisations: list[str] | None,
                 countries: list[str] | None):
        super().__init__(formdata)
        self.organisation.choices = [("", _l("All"))] + [(o, o) for o in organisations or []]
        self.country.choices = [("", _l("All"))] + [(c, c) for c in countries or []]

    def filters(self) -> Filters:
        """The valid fields as filters; a field with an error filters nothing."""
        self.validate()

        def ok(field, default):
            return default if field.errors or field.data is None else field.data

        return Filters(q=ok(self.q, "") or "", status=ok(self.status, ""),
                       inactive_days=ok(self.inactive, None),
                       organisation=ok(self.organisation, ""), country=ok(self.country, ""),
                       sort=ok(self.sort, "name"))

    def page_number(self) -> int:
        return self.page.data if self.page.data and not self.page.errors else 1
