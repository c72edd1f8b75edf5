"""The dashboard and the exports run as many SQL statements for 500 delegates as for 20."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from kmi_learn.accounts.models import User
from kmi_learn.extensions import db

PAGES = ["/dashboard", "/dashboard?status=in_progress&sort=progress&inactive=1",
         "/dashboard?organisation=IOM&country=Chile&q=delegate&sort=activity",
         "/dashboard.csv", "/dashboard.xlsx",
         "/dashboard.csv?sort=activity_asc&status=completed",
         "/attempts", "/attempts?sort=progress", "/attempts.csv", "/attempts.xlsx"]


@contextmanager
def counting():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_for(client, url: str) -> int:
    with counting() as statements:
        response = client.get(url)
        body = response.data  # a streamed export runs its query while it is read
    assert response.status_code == 200 and body, url
    return len(statements)


def test_statement_counts_do_not_grow_with_the_cohort(trainer, make_cohort):
    client, user = trainer
    small, large = make_cohort(user, 20, "Small"), make_cohort(user, 500, "Large")
    for page in PAGES:
        assert statements_for(client, f"/cohorts/{small.id}{page}") == \
            statements_for(client, f"/cohorts/{large.id}{page}"), page
    # the second page of the large cohort costs what its first page does
    assert statements_for(client, f"/cohorts/{large.id}/dashboard?page=2") == \
        statements_for(client, f"/cohorts/{large.id}/dashboard")
    # the drill-down of one delegate of each, with the same pattern (completed course)
    counts = []
    for cohort in (small, large):
        delegate = db.session.scalar(select(User.id).where(
            User.email == f"c{cohort.id}-3@seed.example"))
        counts.append(statements_for(client, f"/cohorts/{cohort.id}/delegates/{delegate}"))
    assert counts[0] == counts[1]


def test_the_dashboard_budget(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 20)
    # session + user, cohort, modules, filter choices, the summary with the page
    assert statements_for(client, f"/cohorts/{cohort.id}/dashboard") == 5
    assert statements_for(client, f"/cohorts/{cohort.id}/dashboard.csv") <= 5
