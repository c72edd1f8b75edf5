"""GIFT import (paste or upload, preview, confirm) and export (a module, a course).

Facilitators only (admins pass). The preview saves nothing; the confirmation carries
the text back and the server plans it again, against the bank the preview showed.
The lessons pages register their routes on ``bp`` too (lessons_views.py).
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from kmi_learn.accounts.auth import role_required
from kmi_learn.authoring import gift_export, gift_import
from kmi_learn.authoring.transfer_forms import ImportConfirmForm, ImportForm
from kmi_learn.catalog.models import Course, Module
from kmi_learn.extensions import db
from kmi_learn.i18n import LANGUAGE_NAMES

bp = Blueprint("authoring_transfer", __name__)


def module_or_404(module_id: int) -> Module:
    module = db.session.scalar(select(Module).where(
        Module.id == module_id, Module.retired_at.is_(None)).options(joinedload(Module.course)))
    if module is None or module.course.retired_at is not None:
        abort(404)
    return module


def _lang_choices(course: Course) -> list[tuple[str, str]]:
    return [(lang, LANGUAGE_NAMES.get(lang, lang)) for lang in course.languages]


def _form_page(module: Module, form: ImportForm, status: int = 200, problem: str | None = None):
    return render_template("authoring/transfer_import.html", module=module, course=module.course,
                           form=form, languages=_lang_choices(module.course),
                           problem=problem), status


def _preview(module: Module, plan: gift_import.ImportPlan, text: str, status: int = 200):
    confirm = ImportConfirmForm(formdata=None, gift=text, lang=plan.lang,
                                bank_hash=plan.bank_hash)
    return render_template(
        "authoring/transfer_preview.html", module=module, course=module.course, plan=plan,
        confirm=confirm, lines=text.replace("\r\n", "\n").replace("\r", "\n").split("\n"),
        lang_name=LANGUAGE_NAMES.get(plan.lang, plan.lang),
    ), status


@bp.route("/authoring/modules/<int:module_id>/import", methods=["GET", "POST"])
@role_required("facilitator")
def import_gift(module_id: int):
    """GET: the form. POST: the preview of what the import would do; nothing is saved."""
    module = module_or_404(module_id)
    form = ImportForm()
    form.lang.choices = _lang_choices(module.course)
    if request.method == "GET":
        form.lang.data = module.course.default_lang
    if module.quiz is None:
        return _form_page(module, form, 409, _("This module has no quiz: add its quiz "
                                                "settings first, then import its questions."))
    if form.validate_on_submit():
        text = form.gift_text()
        if text is not None:
            plan = gift_import.plan_import(module, text, form.lang.data)
            return _preview(module, plan, text, 200 if plan.can_apply else 422)
    return _form_page(module, form, 422 if request.method == "POST" else 200)


@bp.route("/authoring/modules/<int:module_id>/import/confirm", methods=["POST"])
@role_required("facilitator")
def confirm_import(module_id: int):
    module = module_or_404(module_id)
    form = ImportConfirmForm()
    if not form.validate_on_submit() or form.lang.data not in module.course.languages:
        flash(_("The preview had expired; please check the questions again."), "error")
        return redirect(url_for(".import_gift", module_id=module.id))
    text, lang = form.gift.data, form.lang.data
    try:
        plan = gift_import.apply_import(current_user, module, text, lang, form.bank_hash.data)
        db.session.commit()
    except gift_import.BankChanged:
        db.session.rollback()
        flash(_("The quiz changed since your preview; nothing was saved. Here is the "
                "preview again."), "error")
        return _preview(module, gift_import.plan_import(module, text, lang), text, 409)
    except ValueError:
        db.session.rollback()
        return _preview(module, gift_import.plan_import(module, text, lang), text, 422)
    except IntegrityError:  # another import created one of the questions meanwhile
        db.session.rollback()
        flash(_("The quiz changed while you were importing; nothing was saved. Please "
                "check the questions again."), "error")
        return redirect(url_for(".import_gift", module_id=module.id))
    flash(_("Imported: %(new)d new, %(changed)d changed, %(restored)d restored, "
            "%(unchanged)d unchanged.", new=plan.count("new"), changed=plan.count("changed"),
            restored=plan.count("restored"), unchanged=plan.count("unchanged")), "success")
    return redirect(url_for(".list_lessons", _anchor=f"module-{module.id}"))


def _download(text: str, name: str) -> Response:
    response = Response(text.encode("utf-8"), mimetype="text/plain")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _lang_or_404(course: Course) -> str:
    lang = request.args.get("lang") or course.default_lang
    if lang not in course.languages:
        abort(404)
    return lang


@bp.route("/authoring/modules/<int:module_id>/export.gift")
@role_required("facilitator")
def export_module(module_id: int):
    """The module's quiz as a .gift download (``?lang=`` for a translation)."""
    module = module_or_404(module_id)
    lang = _lang_or_404(module.course)
    return _download(gift_export.module_gift(module, lang),
                     gift_export.filename(module.course, module, lang))


@bp.route("/authoring/courses/<course_slug>/export.gift")
@role_required("facilitator")
def export_course(course_slug: str):
    """The whole bank of the course, each module under its own $CATEGORY."""
    course = db.session.scalar(select(Course).where(
        Course.slug == course_slug, Course.retired_at.is_(None)))
    if course is None:
        abort(404)
    lang = _lang_or_404(course)
    return _download(gift_export.course_gift(course, lang),
                     gift_export.filename(course, None, lang))


# The lessons pages register their routes on ``bp``.
from kmi_learn.authoring import lessons_views as _lessons_views  # noqa: E402, F401
