"""Cohort forms. They validate; they never save."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from kmi_learn.cohorts.roster import MAX_BYTES


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)],
                       description=_l("For example: Geneva, spring session 2025"))
    course = SelectField(_l("Course"), coerce=int, validators=[DataRequired()])
    starts_on = DateField(_l("Start date"), validators=[Optional()])
    ends_on = DateField(_l("End date"), validators=[Optional()],
                        description=_l("After this date the join code no longer works."))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be on or after the start date."))


class JoinCodeForm(FlaskForm):
    """Typed on a GET form: looking a code up changes nothing."""

    class Meta:
        csrf = False

    code = StringField(_l("Join code"), validators=[DataRequired(), Length(max=40)],
                       description=_l("The code your trainer gave you, for example "
                                      "ABCD-EFGH-JKMNP."))


class RosterForm(FlaskForm):
    upload = FileField(_l("CSV file"), description=_l(
        "Columns: name, email, organisation or mission, country. A header row names them; "
        "commas or semicolons; saved from any spreadsheet as CSV."))
    text = TextAreaField(_l("Or paste the rows here"), validators=[Length(max=MAX_BYTES)])

    def roster_data(self) -> bytes | str | None:
        """The uploaded bytes, else the pasted text, else None (with an error)."""
        storage = self.upload.data
        if storage and getattr(storage, "filename", ""):
            data = storage.read(MAX_BYTES + 1)
            if data:
                return data
        if self.text.data and self.text.data.strip():
            return self.text.data
        self.text.errors = [*self.text.errors,
                            _l("Choose a CSV file or paste the rows of the roster.")]
        return None


class RosterConfirmForm(FlaskForm):
    #: the roster text of the preview, checked again on the server
    roster = HiddenField(validators=[DataRequired(), Length(max=MAX_BYTES * 2)])


class EmptyForm(FlaskForm):
    """Only the CSRF token: for buttons that post."""
