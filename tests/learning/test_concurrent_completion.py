"""Two requests of one delegate completing the last two lessons at the same moment:
the module is still recorded complete (each waits for the other's row lock)."""
from __future__ import annotations

import threading

from sqlalchemy import select

from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Course, Lesson
from kmi_learn.extensions import db
from kmi_learn.learning import services
from kmi_learn.learning.models import ModuleProgress
from tests import factories


def test_the_last_two_lessons_completed_at_once_complete_the_module(threaded_app, tmp_path,
                                                                   monkeypatch):
    factories.sync(factories.write_course(tmp_path / "courses", lessons=2, questions=0))
    user = factories.make_user()
    services.enrol(user, db.session.scalar(select(Course)))
    db.session.commit()
    user_id = user.id
    lesson_ids = db.session.scalars(select(Lesson.id).order_by(Lesson.position)).all()

    # Hold each request between its insert and its count until the other has
    # inserted too: the window in which neither sees the other's lesson. With the
    # row lock (and the update of the enrolment row) the second request cannot get
    # there, so the wait times out.
    both_inserted = threading.Barrier(2)
    real = services.update_module_completion

    def count_together(*args, **kwargs):
        try:
            both_inserted.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "update_module_completion", count_together)
    errors = []

    def complete(lesson_id):
        try:
            with threaded_app.app_context():
                services.complete_lesson(db.session.get(User, user_id),
                                         db.session.get(Lesson, lesson_id))
                db.session.commit()
        except Exception as error:  # reported in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=complete, args=(i,)) for i in lesson_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    db.session.expire_all()
    progress = db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == user_id))
    assert progress is not None and progress.completed_at is not None
