"""The cohort dashboard: counts, chart, matrix, filters, sorting, search, drill-down."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kmi_learn.accounts.models import User
from kmi_learn.extensions import db
from tests.reports.tables import html_attempts, html_matrix


def dashboard(client, cohort, **args):
    response = client.get(f"/cohorts/{cohort.id}/dashboard", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def count(page: str, status: str) -> int:
    return int(re.search(rf'id="count-{status}">(\d+)<', page).group(1))


def test_counts_chart_and_matrix_of_a_cohort(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 12)  # two of each of the six patterns
    page = dashboard(client, cohort)
    assert (count(page, "not_started"), count(page, "in_progress"), count(page, "completed")) \
        == (4, 6, 2)
    rows = html_matrix(page)
    assert len(rows) == 12
    by_name = {row[0]: row for row in rows}
    done = by_name["Delegate c1 0003"]
    assert done[2] == "Completed" and done[3] == 100
    assert done[7:] == ["Completed", 100.0, "Completed", 100.0]
    assert by_name["Delegate c1 0009"][7:] == ["Completed", 75.0, "Completed", 75.0]
    one_lesson = by_name["Delegate c1 0001"]
    assert one_lesson[2] == "In progress" and one_lesson[3] == 17  # 1 of 6 steps
    assert one_lesson[7:] == ["In progress", None, "Not started", None]
    module_done = by_name["Delegate c1 0002"]
    assert module_done[3] == 50 and module_done[7:9] == ["Completed", 100.0]
    attempt_only = by_name["Delegate c1 0004"]
    assert attempt_only[2] == "In progress" and attempt_only[7] == "In progress"


def test_the_chart_is_inline_svg_without_style_attributes(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 12)
    page = dashboard(client, cohort)
    svg = re.search(r"<svg class=\"chart\".*?</svg>", page, re.S).group(0)
    assert "style=" not in svg and "<script" not in page.split("<footer")[0].split("<main")[1]
    # module 1 is completed by kinds 2 and 3 (4 of 12), module 2 by kind 3 (2 of 12)
    assert "33% (4/12)" in svg and "17% (2/12)" in svg
    assert "Content-Security-Policy" in client.get(f"/cohorts/{cohort.id}/dashboard").headers


def test_chart_labels_are_escaped(app):
    from kmi_learn.reports.charts import Bar, bar_chart

    svg = str(bar_chart([Bar("<script>x</script> & co", 1, 2, "50%")], "T <b>", "D"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "T &lt;b&gt;" in svg


@pytest.mark.parametrize("args, expected", [
    ({"status": "completed"}, {3, 9}),
    ({"status": "not_started"}, {0, 5, 6, 11}),
    ({"inactive": "20"}, {0, 6}),  # the kind-4 attempt was 3 days ago: active
    ({"organisation": "IOM"}, {2, 5, 8, 11}),
    ({"country": "Kenya"}, {3, 7, 11}),
    ({"q": "0010"}, {10}),
    ({"q": "C1-7@SEED"}, {7}),  # the email too, in any case
    ({"status": "in_progress", "country": "Norway"}, {1}),
])
def test_filters(trainer, make_cohort, args, expected):
    client, user = trainer
    cohort = make_cohort(user, 12)
    page = dashboard(client, cohort, **args)
    names = {row[0] for row in html_matrix(page)}
    assert names == {f"Delegate c1 {i:04d}" for i in expected}
    assert count(page, "not_started") + count(page, "in_progress") + count(page, "completed") \
        == len(expected)


def test_search_is_not_a_pattern(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 3)
    assert html_matrix(dashboard(client, cohort, q="%")) == []
    assert html_matrix(dashboard(client, cohort, q="_")) == []


@pytest.mark.parametrize("sort", ["name", "progress", "progress_asc", "activity",
                                  "activity_asc"])
def test_sorting(trainer, make_cohort, sort):
    client, user = trainer
    cohort = make_cohort(user, 12)
    rows = html_matrix(dashboard(client, cohort, sort=sort))
    key = {"name": lambda r: r[0], "progress": lambda r: -r[3],
           "progress_asc": lambda r: r[3], "activity": lambda r: _neg(r[4]),
           "activity_asc": lambda r: r[4]}[sort]
    assert [key(r) for r in rows] == sorted(key(r) for r in rows)


def _neg(iso: str) -> tuple:
    return tuple(-ord(ch) for ch in iso)


def test_bad_filter_values_filter_nothing_and_say_so(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 6)
    page = dashboard(client, cohort, inactive="-3", status="nonsense", sort="x", page="zz")
    assert len(html_matrix(page)) == 6
    assert "Number must be between 1 and 3650." in page


def test_pages_of_one_hundred(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 130)
    first = html_matrix(dashboard(client, cohort))
    second_page = dashboard(client, cohort, page="2")
    assert len(first) == 100 and len(html_matrix(second_page)) == 30
    assert "Page 2 of 2" in second_page
    past_the_end = dashboard(client, cohort, page="7")  # shows the last page
    assert html_matrix(past_the_end) == html_matrix(second_page)


def test_drill_down_shows_lessons_attempts_and_trend(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 12)
    delegate = db.session.scalar(select(User).where(User.name == "Delegate c1 0002"))
    response = client.get(f"/cohorts/{cohort.id}/delegates/{delegate.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Lesson 1.1" in page and page.count("completed <time") == 2  # module 1 lessons
    assert "not yet" in page  # module 2
    assert "From 25.0% to 100.0% (+75.0 points)" in page
    assert '<svg class="sparkline"' in page
    attempts = html_attempts_of(page)
    assert [(a[0], a[2], a[3]) for a in attempts] == [(1, 25.0, "Failed"), (2, 100.0, "Passed")]


def html_attempts_of(page: str):
    rows = re.findall(r'<td class="num">(\d+)</td>.*?<td class="num">([\d.]+)%</td>\s*'
                      r'<td><span class="pill \w+">(\w+)</span>', page, re.S)
    return [(int(n), None, float(p), r) for n, p, r in rows]


def test_attempts_page_lists_every_attempt_in_the_dashboard_order(trainer, make_cohort):
    client, user = trainer
    cohort = make_cohort(user, 12)
    page = client.get(f"/cohorts/{cohort.id}/attempts").get_data(as_text=True)
    rows = html_attempts(page)
    # kinds 2 (two attempts), 3 (one per module), 4 (one in progress): 2 each
    assert len(rows) == 2 * 2 + 2 * 2 + 2
    in_progress = [r for r in rows if r[6] == "In progress"]
    assert len(in_progress) == 2 and all(r[8] is None and r[9] is None for r in in_progress)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
