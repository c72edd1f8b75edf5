"""Read-only views of cohorts, and the one ownership rule every cohort page applies."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from kmi_learn.accounts.models import User
from kmi_learn.cohorts.models import Cohort, CohortMember
from kmi_learn.extensions import db


@dataclass
class CohortItem:
    cohort: Cohort
    members: int
    trainer_name: str


def visible_cohort(user: User, cohort_id: int) -> Cohort | None:
    """The cohort if ``user`` may see it: its trainer, or an admin. One query."""
    query = (select(Cohort).options(joinedload(Cohort.course), joinedload(Cohort.trainer))
             .where(Cohort.id == cohort_id))
    if user.role != "admin":
        query = query.where(Cohort.trainer_id == user.id)
    return db.session.scalar(query)


def cohorts_for(user: User) -> list[CohortItem]:
    """The cohorts ``user`` may see (admins: all), newest first, with member counts."""
    counts = (select(CohortMember.cohort_id, func.count().label("n"))
              .group_by(CohortMember.cohort_id).subquery())
    query = (select(Cohort, func.coalesce(counts.c.n, 0), User.name)
             .options(joinedload(Cohort.course))
             .join(User, User.id == Cohort.trainer_id)
             .outerjoin(counts, counts.c.cohort_id == Cohort.id)
             .order_by(Cohort.created_at.desc(), Cohort.id.desc()))
    if user.role != "admin":
        query = query.where(Cohort.trainer_id == user.id)
    return [CohortItem(c, n, t) for c, n, t in db.session.execute(query)]


def member_count(cohort: Cohort) -> int:
    return db.session.scalar(select(func.count()).where(
        CohortMember.cohort_id == cohort.id)) or 0


def cohorts_of_member(user: User) -> list[Cohort]:
    """The cohorts ``user`` belongs to, for the join pages."""
    return list(db.session.scalars(
        select(Cohort).options(joinedload(Cohort.course))
        .join(CohortMember, CohortMember.cohort_id == Cohort.id)
        .where(CohortMember.user_id == user.id).order_by(Cohort.name)))
