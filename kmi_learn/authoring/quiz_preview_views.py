"""Take a module's quiz as a delegate would, without the attempt counting anywhere.

The draw, the answers and the grades live in the request only: the page carries the
draw in a hidden field and the submit grades it in memory. No Attempt row is written,
so no report, statistic or completion ever sees a preview.
"""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from kmi_learn.accounts.auth import role_required
from kmi_learn.accounts.forms import EmptyForm
from kmi_learn.authoring import preview, queries
from kmi_learn.authoring.views import bp, module_or_404, quiz_settings
from kmi_learn.i18n import content_lang


def _page(module, settings, slots, versions, forms=None, result=None, status=200):
    lang = content_lang(module.course.languages)
    views = preview.slot_views(slots, versions, lang)
    forms = forms or preview.answer_forms(views, None)
    if result is None:
        rendered = [preview.render(v, f, prefix=preview.prefix(v))
                    for v, f in zip(views, forms, strict=True)]
    else:
        rendered = [preview.render(v, mode="review", show_feedback=True) for v in views]
    return render_template(
        "authoring/quiz_preview.html", module=module, course=module.course, settings=settings,
        lang=lang, rendered=rendered, draw=preview.encode(slots), result=result,
        invalid=any(f.errors for f in forms) if result is None else False,
        form=EmptyForm()), status


@bp.route("/modules/<int:module_id>/preview")
@role_required("facilitator")
def preview_quiz(module_id: int):
    module = module_or_404(module_id)
    settings = quiz_settings(module)
    versions = queries.active_versions(module.id)
    slots = preview.draw(versions, settings)
    return _page(module, settings, slots, {v.id: v for v in versions})


@bp.route("/modules/<int:module_id>/preview", methods=["POST"])
@role_required("facilitator")
def grade_preview(module_id: int):
    module = module_or_404(module_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    settings = quiz_settings(module)
    raw = request.form.get("draw", "")
    versions = queries.versions_in_module(module.id, preview.posted_ids(raw))
    slots = preview.decode(raw, versions)
    if slots is None:
        abort(400, _("This preview no longer matches the quiz: start it again."))
    lang = content_lang(module.course.languages)
    views = preview.slot_views(slots, versions, lang)
    forms = preview.answer_forms(views, request.form)
    if not all([f.validate() for f in forms]):  # a list: every form gets its messages
        for view, form in zip(views, forms, strict=True):
            if view.question.is_graded:  # what was chosen stays chosen
                view.slot.response = form.response()
        return _page(module, settings, slots, versions, forms=forms, status=422)
    result = preview.grade(views, forms, float(settings["pass_mark"]))
    return _page(module, settings, slots, versions, result=result)
