"""Certificate forms. They validate; they never save."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from kmi_learn.certificates import codes


class VerifyForm(FlaskForm):
    """The code typed on the public verification page: sent by GET, so no CSRF token
    (it changes nothing and must work from a bookmark)."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Certificate code"), validators=[DataRequired(), Length(max=64)],
        description=_l("The 16 letters and digits printed on the certificate, "
                       "for example 7KQ2-M9XD-4HTW-0RBE."),
    )

    def validate_code(self, field) -> None:
        if codes.normalise(field.data or "") is None:
            raise ValidationError(_l("This is not a certificate code: a code has 16 letters "
                                     "and digits."))


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(), Length(min=3, max=500)],
        description=_l("Kept in the audit log. The public page shows only that the "
                       "certificate was revoked, and when."),
    )
