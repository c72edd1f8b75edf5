"""Account forms. They validate; they never save."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from kmi_learn.accounts.models import ROLES
from kmi_learn.accounts.services import MIN_PASSWORD


def _password_length():
    return Length(min=MIN_PASSWORD, max=200, message=_l(
        "The password must have at least %(n)s characters.", n=MIN_PASSWORD))


class SignUpForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    organisation = StringField(_l("Mission or organisation"), validators=[Length(max=200)])
    country = StringField(_l("Country"), validators=[Length(max=100)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), _password_length()],
        description=_l("At least %(n)s characters.", n=MIN_PASSWORD),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), _password_length()]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[(r, r) for r in ROLES])


class EmptyForm(FlaskForm):
    """A form with only the CSRF token: for buttons that post."""
