"""The audit log page: every recorded action, newest first, with filters.

Facilitators and administrators (``role_required("facilitator")``; admins pass).
Administrators see every entry; facilitators see the authoring actions only (see
queries.py for why); delegates and trainers get 403.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from kmi_learn.accounts.auth import role_required
from kmi_learn.audit import queries
from kmi_learn.audit.forms import AuditFilterForm

bp = Blueprint("audit", __name__)


@bp.route("/audit/")
@role_required("facilitator")
def list_entries():
    all_actions = current_user.role == "admin"
    form = AuditFilterForm(request.args)
    form.set_choices(*queries.choices(all_actions))
    filters = queries.Filters()
    if form.validate():
        filters = queries.Filters(form.action.data or None, form.actor.data or None,
                                  form.target_type.data or None, form.since.data,
                                  form.until.data)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    result = queries.entry_page(filters, page, all_actions)
    # The filters, without the page, for the pager's links.
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("audit/entry_list.html", form=form, result=result, args=args,
                           all_actions=all_actions)
