"""The audit log's filters: a GET form (filtering changes nothing, so no CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), default="", validators=[Optional()])
    actor = StringField(_l("Who"), validators=[Optional(), Length(max=200)],
                        description=_l("Part of a name or an email address"))
    target_type = SelectField(_l("On"), default="", validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def set_choices(self, actions: list[str], target_types: list[str]) -> None:
        every = [("", _l("All"))]
        self.action.choices = every + [(a, a) for a in actions]
        self.target_type.choices = every + [(t, t) for t in target_types]

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date must be on or after the start date."))
