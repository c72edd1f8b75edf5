"""Cohorts with many delegates, inserted in bulk straight through the models (fast).

Each delegate follows one of six patterns (by index), so every status, filter and
sort has something to find: not started, a lesson done, a module done after a
failed attempt, the course done, an attempt in progress only, and a fresh enrolment.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Lesson, Module
from kmi_learn.cohorts.models import CohortMember
from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment, LessonProgress, ModuleProgress
from kmi_learn.models_base import utcnow
from kmi_learn.quizzes.models import Attempt

ORGANISATIONS = ("Mission of Senegal", "Mission of Norway", "IOM")
COUNTRIES = ("Senegal", "Norway", "Chile", "Kenya")


def seed(cohort, n: int, *, prefix: str | None = None, now=None) -> list[int]:
    """Add ``n`` delegates with progress to ``cohort``; returns their ids. Commits."""
    now = now or utcnow()
    prefix = prefix or f"c{cohort.id}"
    modules = db.session.scalars(select(Module).where(
        Module.course_id == cohort.course_id, Module.retired_at.is_(None))
        .order_by(Module.position)).all()
    lessons = {m.id: db.session.scalars(select(Lesson.id).where(
        Lesson.module_id == m.id, Lesson.retired_at.is_(None)).order_by(Lesson.position)).all()
        for m in modules}
    ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [
        {"email": f"{prefix}-{i}@seed.example", "name": f"Delegate {prefix} {i:04d}",
         "password_hash": "!seed", "role": "delegate",
         "organisation": ORGANISATIONS[i % 3], "country": COUNTRIES[i % 4],
         "created_at": now} for i in range(n)]).all()
    enrolments, lesson_rows, progress, attempts = [], [], [], []

    def attempt(user_id, module, number, percent, when, finished=True):
        attempts.append({
            "user_id": user_id, "module_id": module.id, "number": number,
            "state": "finished" if finished else "in_progress", "lang": "en",
            "started_at": when - timedelta(minutes=20),
            "finished_at": when if finished else None,
            "score": percent / 50 if finished else None, "max_score": 2.0,
            "pass_mark": 50.0, "passed": percent >= 50 if finished else None})

    for i, user_id in enumerate(ids):
        kind = i % 6
        seen = now - timedelta(days=(30, 2, 1, 5, 40, 0)[kind], hours=i % 7)
        done_at = None
        if kind == 1:
            first = modules[0]
            lesson_rows.append({"user_id": user_id, "lesson_id": lessons[first.id][0],
                                "completed_at": seen})
            progress.append({"user_id": user_id, "module_id": first.id})
        elif kind == 2:
            first = modules[0]
            lesson_rows += [{"user_id": user_id, "lesson_id": lesson, "completed_at": seen}
                            for lesson in lessons[first.id]]
            attempt(user_id, first, 1, 25, seen - timedelta(hours=2))
            attempt(user_id, first, 2, 100, seen)
            progress.append({"user_id": user_id, "module_id": first.id, "best_percent": 100.0,
                             "quiz_passed_at": seen, "completed_at": seen})
        elif kind == 3:
            for module in modules:
                lesson_rows += [{"user_id": user_id, "lesson_id": lesson,
                                 "completed_at": seen - timedelta(days=1)}
                                for lesson in lessons[module.id]]
                best = 75.0 if i % 12 == 9 else 100.0
                attempt(user_id, module, 1, best, seen)
                progress.append({"user_id": user_id, "module_id": module.id,
                                 "best_percent": best,
                                 "quiz_passed_at": seen, "completed_at": seen})
            done_at = seen
        elif kind == 4:
            attempt(user_id, modules[0], 1, 0, now - timedelta(days=3), finished=False)
        enrolments.append({"user_id": user_id, "course_id": cohort.course_id,
                           "enrolled_at": seen - timedelta(days=1), "last_activity_at": seen,
                           "completed_at": done_at})
    members = [{"cohort_id": cohort.id, "user_id": user_id, "joined_at": now} for user_id in ids]
    for model, rows in ((CohortMember, members), (Enrolment, enrolments),
                        (LessonProgress, lesson_rows), (ModuleProgress, progress),
                        (Attempt, attempts)):
        if rows:
            db.session.execute(insert(model), rows)
    db.session.commit()
    return list(ids)
