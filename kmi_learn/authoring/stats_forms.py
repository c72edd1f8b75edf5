"""The regrade confirmation form: the CSRF token and the plan the facilitator saw."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired


class RegradeForm(FlaskForm):
    #: RegradePlan.digest of the dry run shown: applying refuses a different plan
    plan = HiddenField(validators=[DataRequired()])
