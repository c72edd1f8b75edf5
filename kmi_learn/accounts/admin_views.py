"""The admin's page of users: list, change a role, disable or enable an account."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from kmi_learn.accounts import services
from kmi_learn.accounts.auth import role_required
from kmi_learn.accounts.forms import EmptyForm, RoleForm
from kmi_learn.accounts.models import ROLES, User
from kmi_learn.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE_SIZE = 50


@bp.route("/users")
@role_required("admin")
def list_users():
    query = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    page = max(request.args.get("page", 1, type=int), 1)
    stmt = select(User)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(or_(func.lower(User.name).like(like), User.email.like(like)))
    if role in ROLES:
        stmt = stmt.where(User.role == role)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    users = db.session.scalars(
        stmt.order_by(User.name, User.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return render_template(
        "admin/users_list.html", users=users, total=total, page=page, page_size=PAGE_SIZE,
        query=query, role=role, roles=ROLES, form=EmptyForm(),
    )


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required("admin")
def change_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            services.set_role(current_user, user, form.role.data)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s is now %(role)s.", name=user.name, role=user.role), "success")
    else:
        flash(_("Choose one of the listed roles."), "error")
    return redirect(request.referrer or url_for("admin.list_users"))


@bp.route("/users/<int:user_id>/disabled", methods=["POST"])
@role_required("admin")
def toggle_disabled(user_id: int):
    user = _user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        disable = request.form.get("disabled") == "1"
        try:
            services.set_disabled(current_user, user, disable)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            message = _("%(name)s is disabled.", name=user.name) if disable else \
                _("%(name)s is enabled.", name=user.name)
            flash(message, "success")
    return redirect(url_for("admin.list_users"))
