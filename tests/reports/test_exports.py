"""Exports hold exactly what the page shows for the same filters, typed."""
from __future__ import annotations

from datetime import datetime

import pytest

from tests.reports.tables import (
    csv_rows,
    html_attempts,
    html_matrix,
    xlsx_cells,
    xlsx_rows,
)

FILTERS = [
    {},
    {"status": "completed"},
    {"status": "in_progress", "sort": "progress"},
    {"status": "not_started"},
    {"inactive": "20", "sort": "activity_asc"},
    {"organisation": "IOM", "sort": "activity"},
    {"country": "Norway", "sort": "progress_asc"},
    {"q": "00"},
    {"q": "nobody at all"},
]


def _get(client, url, args):
    response = client.get(url, query_string=args)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("args", FILTERS)
def test_matrix_exports_equal_the_page(trainer, make_cohort, args):
    client, user = trainer
    cohort = make_cohort(user, 24)
    base = f"/cohorts/{cohort.id}/dashboard"
    screen = html_matrix(_get(client, base, args).get_data(as_text=True))
    csv_header, from_csv = csv_rows(_get(client, base + ".csv", args).data)
    xlsx_header, from_xlsx = xlsx_rows(_get(client, base + ".xlsx", args).data)
    assert from_csv == screen
    assert from_xlsx == screen
    assert csv_header == xlsx_header and len(csv_header) == 7 + 2 * 2
    assert csv_header[7] == "M1 Module 1: status"


@pytest.mark.parametrize("args", FILTERS)
def test_attempt_exports_equal_the_page(trainer, make_cohort, args):
    client, user = trainer
    cohort = make_cohort(user, 24)
    base = f"/cohorts/{cohort.id}/attempts"
    screen = html_attempts(_get(client, base, args).get_data(as_text=True))
    assert from_export(client, base + ".csv", args, csv_rows) == screen
    assert from_export(client, base + ".xlsx", args, xlsx_rows) == screen


def from_export(client, url, args, reader):
    _header, rows = reader(_get(client, url, args).data)
    return rows


def test_xlsx_cells_are_typed(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 6)
    response = client.get(f"/cohorts/{cohort.id}/dashboard.xlsx")
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert 'filename="cohort-' in response.headers["Content-Disposition"]
    header, *rows = xlsx_cells(response.data)
    completed = next(r for r in rows if r[2].value == "Completed")
    assert completed[3].data_type == "n" and completed[3].value == 100
    assert completed[4].is_date and isinstance(completed[4].value, datetime)
    assert completed[8].data_type == "n" and completed[8].value == 100.0
    attempts = xlsx_cells(client.get(f"/cohorts/{cohort.id}/attempts.xlsx").data)[1:]
    finished = next(r for r in attempts if r[6].value == "Finished")
    assert finished[5].data_type == "n" and finished[7].is_date and finished[8].is_date
    assert {finished[9].data_type, finished[10].data_type, finished[11].data_type} == {"n"}


def test_csv_dates_are_iso_and_numbers_plain(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 6)
    response = client.get(f"/cohorts/{cohort.id}/dashboard.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.is_streamed
    _header, rows = csv_rows(response.data)
    activity = rows[0][4]
    assert datetime.fromisoformat(activity).utcoffset().total_seconds() == 0
    assert isinstance(rows[0][3], int)


def test_cells_that_look_like_formulas_stay_text(trainer, make_cohort, app):
    from kmi_learn.accounts.models import User
    from kmi_learn.extensions import db

    client, user = trainer
    cohort = make_cohort(user, 1)
    delegate = db.session.scalar(db.select(User).where(User.role == "delegate"))
    delegate.name = '=HYPERLINK("http://evil.example","x")'
    db.session.commit()
    _h, rows = csv_rows(client.get(f"/cohorts/{cohort.id}/dashboard.csv").data)
    assert rows[0][0].startswith("'=")
    cells = xlsx_cells(client.get(f"/cohorts/{cohort.id}/dashboard.xlsx").data)
    assert cells[1][0].data_type == "s" and cells[1][0].value.startswith("=HYPERLINK")
