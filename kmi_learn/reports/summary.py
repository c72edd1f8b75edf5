"""The dashboard's summary and filter choices, over the same filtered members as the matrix."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from kmi_learn.accounts.models import User
from kmi_learn.cohorts.models import CohortMember
from kmi_learn.extensions import db
from kmi_learn.reports.queries import (
    PAGE_SIZE,
    STATUSES,
    DelegateRow,
    Filters,
    ModuleColumn,
    Scope,
    cells_select,
    delegates,
    filtered_members,
    member_order,
)


@dataclass
class ModuleStat:
    module: ModuleColumn
    completed: int
    of: int

    @property
    def rate(self) -> int:
        return round(100 * self.completed / self.of) if self.of else 0


@dataclass
class Summary:
    members: int
    counts: dict[str, int]
    modules: list[ModuleStat]

    @property
    def matched(self) -> int:
        return sum(self.counts.values())


def summary(scope: Scope, filters: Filters) -> Summary:
    """Counts by status and completion per module over the filtered members: 2 statements."""
    members = filtered_members(scope, filters).subquery("f")
    done_columns = [func.sum(members.c[f"done_{i}"]) for i in range(len(scope.modules))]
    counts = {status: 0 for status in STATUSES}
    done = [0] * len(scope.modules)
    for status, n, *per_module in db.session.execute(
            select(members.c.status, func.count(), *done_columns).group_by(members.c.status)):
        counts[status] = n
        done = [a + int(b or 0) for a, b in zip(done, per_module, strict=True)]
    total = db.session.scalar(select(func.count()).where(
        CohortMember.cohort_id == scope.cohort_id)) or 0
    matched = sum(counts.values())
    return Summary(total, counts, [ModuleStat(m, d, matched)
                                  for m, d in zip(scope.modules, done, strict=True)])


def summary_and_page(scope: Scope, filters: Filters,
                     page: int) -> tuple[Summary, list[DelegateRow], int]:
    """The summary and a page of the matrix, in one statement; and the page shown.

    The filtered members are computed once (a CTE) for both: the summary's figures
    are uncorrelated scalar subqueries over it, evaluated once, repeated on each row.
    When the page comes back empty (nothing matches, or a page past the last), the
    summary is read on its own (:func:`summary`) and the last page fetched.
    """
    f = filtered_members(scope, filters).cte("f")
    m = (select(f).order_by(*member_order(filters.sort, f.c))
         .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE).cte("m"))
    figures = [select(func.count()).select_from(f).where(f.c.status == status)
               .scalar_subquery().label(f"count_{status}") for status in STATUSES]
    figures += [select(func.coalesce(func.sum(f.c[f"done_{i}"]), 0)).scalar_subquery()
                .label(f"sum_{i}") for i in range(len(scope.modules))]
    figures.append(select(func.count()).where(CohortMember.cohort_id == scope.cohort_id)
                   .scalar_subquery().label("members"))
    rows = db.session.execute(cells_select(scope, m, filters.sort).add_columns(*figures)).all()
    if not rows:
        result = summary(scope, filters)
        last = max(1, -(-result.matched // PAGE_SIZE))
        if result.matched and page > last:
            return summary_and_page(scope, filters, last)
        return result, [], 1
    first = rows[0]
    counts = {status: getattr(first, f"count_{status}") for status in STATUSES}
    matched = sum(counts.values())
    stats = [ModuleStat(module, int(getattr(first, f"sum_{i}")), matched)
             for i, module in enumerate(scope.modules)]
    return Summary(first.members, counts, stats), list(delegates(rows, scope)), page


def filter_choices(scope: Scope) -> tuple[list[str], list[str]]:
    """The organisations and countries present in the cohort, sorted: one statement."""
    rows = db.session.execute(
        select(User.organisation, User.country).distinct()
        .join(CohortMember, CohortMember.user_id == User.id)
        .where(CohortMember.cohort_id == scope.cohort_id)).all()
    organisations = sorted({o for o, _c in rows if o}, key=str.casefold)
    countries = sorted({c for _o, c in rows if c}, key=str.casefold)
    return organisations, countries
