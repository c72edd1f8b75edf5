"""The page behind a one-time set-password link: ``/password/set/<token>``.

Its routes join the ``accounts`` blueprint; this module must be imported before
the blueprint is registered (see the import in kmi_learn/cohorts/views.py).
"""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from kmi_learn.accounts import password_links
from kmi_learn.accounts.auth import start_session
from kmi_learn.accounts.models import User
from kmi_learn.accounts.services import MIN_PASSWORD
from kmi_learn.accounts.views import bp
from kmi_learn.audit.services import record
from kmi_learn.extensions import db


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200, message=_l(
            "The password must have at least %(n)s characters.", n=MIN_PASSWORD))],
        description=_l("At least %(n)s characters.", n=MIN_PASSWORD))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


def _invalid():
    return render_template("accounts/password_set_invalid.html"), 404


@bp.route("/password/set/<token>", methods=["GET", "POST"])
def set_password(token: str):
    link = password_links.find_valid(token)
    if link is None:
        return _invalid()
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = password_links.use(token, form.password.data)
        if user is None:  # spent by another submission in the meantime
            db.session.rollback()
            return _invalid()
        record(user, "account.password_link_used", "user", user.id,
               "Password set through a one-time link")
        start_session(user)
        db.session.commit()
        flash(_("Your password is set. Welcome, %(name)s.", name=user.name), "success")
        return redirect(url_for("learning.home"))
    account = db.session.get(User, link.user_id)
    return render_template("accounts/password_set.html", form=form, account=account)
