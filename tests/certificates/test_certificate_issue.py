"""A certificate is issued once, when the course is completed, with frozen details."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from kmi_learn.accounts.models import User
from kmi_learn.catalog.models import Course
from kmi_learn.certificates import codes, services
from kmi_learn.certificates.models import Certificate
from kmi_learn.extensions import db
from kmi_learn.learning import services as learning
from kmi_learn.learning.models import Enrolment
from tests import factories
from tests.certificates.conftest import certificate_of, complete_course, lessons_of


def count_certificates() -> int:
    return db.session.scalar(select(func.count(Certificate.id)))


def test_the_hook_is_registered_with_the_learning_services():
    assert services.issue_for_completion in learning.COURSE_COMPLETED_HOOKS
    assert learning.COURSE_COMPLETED_HOOKS.count(services.issue_for_completion) == 1


def test_completing_the_course_issues_a_certificate_with_frozen_details(course):
    delegate = factories.make_user(name="Đặng Thị Ngọc Thịnh")
    db.session.commit()
    certificate = complete_course(delegate, course)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == delegate.id))
    assert certificate is not None
    assert certificate.holder_name == "Đặng Thị Ngọc Thịnh"
    assert certificate.course_title == {"en": "Demo course demo"}
    assert certificate.title == {"en": "Certificate of completion"}
    assert certificate.issuer == "Test facilitators"
    assert certificate.completed_at == enrolment.completed_at
    assert certificate.issued_at is not None and certificate.is_valid
    assert codes.normalise(certificate.code) == certificate.code


def test_no_certificate_before_the_last_lesson(course):
    delegate = factories.make_user()
    learning.enrol(delegate, course)
    learning.complete_lesson(delegate, lessons_of(course)[0])
    db.session.commit()
    assert count_certificates() == 0


def test_no_certificate_when_the_course_gives_none(course):
    course.certificate = {**course.certificate, "enabled": False}
    delegate = factories.make_user()
    db.session.commit()
    assert complete_course(delegate, course) is None
    assert count_certificates() == 0


def test_renaming_the_delegate_or_the_course_later_changes_nothing_printed(client, issued, course):
    delegate, certificate = issued
    delegate.name = "Someone Else"
    course.title = {"en": "A renamed course"}
    db.session.commit()
    page = client.get(f"/verify/{codes.display(certificate.code)}").get_data(as_text=True)
    assert "Zoë Saldaña-Müller" in page and "Demo course demo" in page
    assert "Someone Else" not in page and "A renamed course" not in page


def test_issuing_again_returns_the_same_certificate(issued, course):
    delegate, certificate = issued
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == delegate.id))
    again = services.issue_for_completion(delegate, course, enrolment)
    db.session.commit()
    assert again.id == certificate.id and count_certificates() == 1


def test_completion_through_the_pages_issues_it(sign_in, course):
    client, delegate = sign_in("delegate")
    client.post("/courses/demo/enrol", token_from="/courses/demo/")
    for lesson in lessons_of(course):
        url = f"/courses/demo/modules/{lesson.module.slug}/{lesson.slug}"
        response = client.post(url + "/complete", token_from=url)
        assert response.status_code == 302
    assert certificate_of(delegate, course) is not None


def test_issued_exactly_once_when_completion_is_recorded_twice_at_once(threaded_app, tmp_path,
                                                                       monkeypatch):
    factories.write_course(tmp_path / "courses", questions=0)
    factories.sync(tmp_path / "courses")
    delegate = factories.make_user()
    course = db.session.scalar(select(Course).where(Course.slug == "demo"))
    enrolment = learning.enrol(delegate, course)
    enrolment.completed_at = enrolment.enrolled_at
    db.session.commit()
    ids = (delegate.id, course.id, enrolment.id)

    # Both threads look for an existing certificate, find none, and only then go on
    # to insert: the window that a check-then-insert would lose.
    both_looked = threading.Barrier(2, timeout=20)
    looked = threading.local()
    lookups = []
    real_lookup = services.certificate_of

    def lookup_then_wait(user_id, course_id):
        found = real_lookup(user_id, course_id)
        lookups.append(found)
        if not getattr(looked, "once", False):
            looked.once = True
            both_looked.wait()
        return found

    monkeypatch.setattr(services, "certificate_of", lookup_then_wait)
    codes_seen, errors = [], []

    def complete_in_its_own_request():
        try:
            with threaded_app.app_context():
                user = db.session.get(User, ids[0])
                row = db.session.get(Course, ids[1])
                enrolment = db.session.get(Enrolment, ids[2])
                certificate = services.issue_for_completion(user, row, enrolment)
                code = certificate.code
                db.session.commit()
                codes_seen.append(code)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=complete_in_its_own_request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(codes_seen) == 2 and codes_seen[0] == codes_seen[1]
    db.session.expire_all()
    assert count_certificates() == 1
    # Both saw nothing at first; the loser read the winner's row after its insert failed.
    assert lookups[:2] == [None, None] and len(lookups) == 3 and lookups[2] is not None
