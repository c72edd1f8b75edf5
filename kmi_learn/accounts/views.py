"""Sign up, sign in, sign out, change password, choose a language."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from kmi_learn.accounts import services
from kmi_learn.accounts.auth import end_session, start_session
from kmi_learn.accounts.forms import EmptyForm, PasswordForm, SignInForm, SignUpForm
from kmi_learn.extensions import db, limiter
from kmi_learn.i18n import supported

bp = Blueprint("accounts", __name__)


def safe_next(default: str) -> str:
    """The ``next`` target if it stays on this site, else ``default``."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and "\\" not in target:
        return target
    return default


def _login_limit() -> str:
    return current_app.config["KMI_LOGIN_RATE_LIMIT"]


@bp.route("/signup", methods=["GET", "POST"])
def sign_up():
    if current_user.is_authenticated:
        return redirect(url_for("learning.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data, form.name.data, form.password.data,
                organisation=form.organisation.data or "", country=form.country.data or "",
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            if session.get("locale") in supported():
                user.locale = session["locale"]
            start_session(user)
            db.session.commit()
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            return redirect(safe_next(url_for("learning.home")))
    return render_template("accounts/sign_up.html", form=form)


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"],
               deduct_when=lambda response: g.get("sign_in_failed", False))
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("learning.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            g.sign_in_failed = True
            form.password.errors.append(_("The email address or the password is not right."))
        else:
            start_session(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(url_for("learning.home")))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/signout", methods=["POST"])
def sign_out():
    if EmptyForm().validate_on_submit():
        end_session()
        db.session.commit()
        flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.AccountError as error:
            form.current.errors.append(str(error))
        else:
            # Every session is revoked, this one too; open a fresh one here.
            start_session(current_user._get_current_object())
            db.session.commit()
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("learning.home"))
    return render_template("accounts/password_change.html", form=form)


@bp.route("/language", methods=["POST"])
def set_language():
    form = EmptyForm()
    lang = request.form.get("lang", "")
    if form.validate_on_submit() and lang in supported():
        session["locale"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(url_for("learning.home")))
