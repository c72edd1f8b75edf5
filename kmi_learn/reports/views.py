"""The trainer's follow-up pages of a cohort: dashboard, attempts, a delegate, exports.

Only the cohort's trainer and admins see them (404 for anyone else, exports and
drill-downs included). Pages and exports take the same query-string filters and
call the same query functions, so an export holds exactly the rows of the page
(every page of it) in the same order, with the same numbers.
"""
from __future__ import annotations

from math import ceil

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from kmi_learn.accounts.auth import role_required
from kmi_learn.cohorts.models import Cohort
from kmi_learn.cohorts.queries import visible_cohort
from kmi_learn.i18n import content_lang
from kmi_learn.reports import attempts, charts, exports, queries
from kmi_learn.reports import summary as summaries
from kmi_learn.reports.forms import FilterForm
from kmi_learn.reports.labels import attempt_state_label, iso, result_label, status_label

bp = Blueprint("reports", __name__)
bp.add_app_template_filter(iso, "iso")
for _helper in (status_label, attempt_state_label, result_label):
    bp.add_app_template_global(_helper)


def _load(cohort_id: int) -> tuple[Cohort, queries.Scope, str]:
    cohort = visible_cohort(current_user, cohort_id)
    if cohort is None:
        abort(404)
    lang = content_lang(cohort.course.languages)
    return cohort, queries.scope_for(cohort, lang), lang


def _export_args() -> MultiDict:
    """The query string of this page without its page number, for the export links."""
    args = MultiDict(request.args)
    args.pop("page", None)
    return args


def _table_download(fmt: str, stem: str, sheet: str, header, rows):
    """The rows as a streamed CSV or an XLSX file named ``stem.fmt``."""
    if fmt == "csv":
        return exports.csv_response(f"{stem}.csv", header, rows)
    return exports.xlsx_response(f"{stem}.xlsx", sheet, header, rows)


def _completion_chart(summary: summaries.Summary):
    bars = [charts.Bar(f"{s.module.number}. {s.module.title}", s.completed, s.of,
                       f"{s.rate}% ({s.completed}/{s.of})") for s in summary.modules]
    return charts.bar_chart(
        bars, _("Completion per module"),
        _("Share of the %(n)d delegates shown who completed each module.", n=summary.matched),
        chart_id="completion")


@bp.route("/cohorts/<int:cohort_id>/dashboard")
@role_required("trainer")
def show_dashboard(cohort_id: int):
    cohort, scope, _lang = _load(cohort_id)
    organisations, countries = summaries.filter_choices(scope)
    form = FilterForm(request.args, organisations, countries)
    filters = form.filters()
    summary, rows, page = summaries.summary_and_page(scope, filters, form.page_number())
    pages = max(1, ceil(summary.matched / queries.PAGE_SIZE))
    delegate_base = url_for("reports.show_delegate", cohort_id=cohort.id, user_id=0)[:-1]
    return render_template(
        "reports/dashboard.html", cohort=cohort, scope=scope, form=form, summary=summary,
        rows=rows, page=page, pages=pages, chart=_completion_chart(summary),
        export_args=_export_args(), delegate_base=delegate_base,
        labels={status: status_label(status) for status in queries.STATUSES})


@bp.route("/cohorts/<int:cohort_id>/dashboard.<fmt>")
@role_required("trainer")
def export_matrix(cohort_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    cohort, scope, _lang = _load(cohort_id)
    filters = FilterForm(request.args, None, None).filters()
    header, rows = exports.matrix_table(scope.modules, queries.iter_matrix(scope, filters))
    return _table_download(fmt, f"cohort-{cohort.id}-progress", _("Progress"), header, rows)


@bp.route("/cohorts/<int:cohort_id>/attempts")
@role_required("trainer")
def list_attempts(cohort_id: int):
    cohort, scope, _lang = _load(cohort_id)
    organisations, countries = summaries.filter_choices(scope)
    form = FilterForm(request.args, organisations, countries)
    filters = form.filters()
    page = form.page_number()
    rows, total = attempts.attempts_page(scope, filters, page)
    pages = max(1, ceil(total / attempts.PAGE_SIZE))
    return render_template(
        "reports/attempt_list.html", cohort=cohort, scope=scope, form=form, rows=rows,
        total=total, page=page, pages=pages, export_args=_export_args())


@bp.route("/cohorts/<int:cohort_id>/attempts.<fmt>")
@role_required("trainer")
def export_attempts(cohort_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    cohort, scope, _lang = _load(cohort_id)
    filters = FilterForm(request.args, None, None).filters()
    header, rows = exports.attempts_table(attempts.iter_attempts(scope, filters))
    return _table_download(fmt, f"cohort-{cohort.id}-attempts", _("Attempts"), header, rows)


@bp.route("/cohorts/<int:cohort_id>/delegates/<int:user_id>")
@role_required("trainer")
def show_delegate(cohort_id: int, user_id: int):
    cohort, scope, lang = _load(cohort_id)
    detail = attempts.delegate_detail(scope, user_id, lang, cohort.course.default_lang)
    if detail is None:  # not a member of this cohort
        abort(404)
    return render_template("reports/delegate.html", cohort=cohort, scope=scope,
                           detail=detail, sparkline=charts.sparkline)
