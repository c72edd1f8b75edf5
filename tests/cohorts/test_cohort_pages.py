"""Creating cohorts, listing them, and who may see them."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kmi_learn.audit.models import AuditEntry
from kmi_learn.cohorts import services
from kmi_learn.cohorts.models import Cohort
from kmi_learn.extensions import db
from tests import factories


def test_a_trainer_creates_a_cohort_and_sees_its_join_code_and_link(sign_in, course):
    client, trainer = sign_in("trainer")
    response = client.post("/cohorts/new", {
        "name": "Geneva, spring 2025", "course": str(course.id),
        "starts_on": "2025-03-01", "ends_on": "2025-06-30"}, token_from="/cohorts/new")
    assert response.status_code == 302
    cohort = db.session.scalar(select(Cohort))
    assert cohort.trainer_id == trainer.id and cohort.course_id == course.id
    assert response.headers["Location"].endswith(f"/cohorts/{cohort.id}")
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert services.display_code(cohort.join_code) in page
    assert f"http://localhost/join/{cohort.join_code}" in page
    assert db.session.scalar(select(AuditEntry.action)) == "cohort.create"
    assert "Geneva, spring 2025" in client.get("/cohorts/").get_data(as_text=True)


def test_the_end_date_must_not_be_before_the_start(sign_in, course):
    client, _trainer = sign_in("trainer")
    response = client.post("/cohorts/new", {
        "name": "Backwards", "course": str(course.id),
        "starts_on": "2025-06-30", "ends_on": "2025-03-01"}, token_from="/cohorts/new")
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.get_data(as_text=True)
    assert db.session.scalar(select(Cohort)) is None


def test_join_codes_are_random_long_and_unambiguous(app):
    codes = {services.new_join_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == services.CODE_LENGTH == 13  # 13 x 5 bits = 65 bits
        assert not set(code) & set("ILOU")
    assert services.normalise_code(" abcd-efgh io ") == "ABCDEFGH10"
    assert services.display_code("ABCDEFGHJKMNP") == "ABCD-EFGH-JKMNP"


def test_trainers_list_only_their_own_cohorts_and_admins_all(sign_in, make_cohort):
    one, trainer_one = sign_in("trainer")
    two, trainer_two = sign_in("trainer")
    admin, _admin = sign_in("admin")
    make_cohort(trainer_one, "Cohort of one")
    make_cohort(trainer_two, "Cohort of two")
    page_one = one.get("/cohorts/").get_data(as_text=True)
    assert "Cohort of one" in page_one and "Cohort of two" not in page_one
    page_admin = admin.get("/cohorts/").get_data(as_text=True)
    assert "Cohort of one" in page_admin and "Cohort of two" in page_admin


def _urls(cohort_id: int, member_id: int) -> list[str]:
    base = f"/cohorts/{cohort_id}"
    return [base, f"{base}/roster", f"{base}/dashboard", f"{base}/dashboard.csv",
            f"{base}/dashboard.xlsx", f"{base}/dashboard?status=completed",
            f"{base}/attempts", f"{base}/attempts.csv", f"{base}/attempts.xlsx",
            f"{base}/delegates/{member_id}"]


def test_another_trainer_gets_404_on_every_page_of_a_cohort(sign_in, make_cohort):
    owner, trainer = sign_in("trainer")
    other, _other = sign_in("trainer")
    admin, _admin = sign_in("admin")
    cohort = make_cohort(trainer)
    delegate = factories.make_user()
    services.join(delegate, cohort)
    db.session.commit()
    for url in _urls(cohort.id, delegate.id):
        assert other.get(url).status_code == 404, url
        assert owner.get(url).status_code == 200, url
        assert admin.get(url).status_code == 200, url
    # posts too: a roster preview, a confirmation, a download of links
    for url, data in ((f"/cohorts/{cohort.id}/roster", {"text": "Name,Email\nA,a@b.example"}),
                      (f"/cohorts/{cohort.id}/roster/confirm",
                       {"roster": "Name,Email\nA,a@b.example"}),
                      (f"/cohorts/{cohort.id}/roster/links.csv", {"token": "x"})):
        assert other.post(url, data, token_from="/cohorts/").status_code == 404, url


def test_a_trainer_cannot_drill_into_a_delegate_of_another_cohort(sign_in, make_cohort):
    owner, trainer = sign_in("trainer")
    _other, other_trainer = sign_in("trainer")
    mine, theirs = make_cohort(trainer), make_cohort(other_trainer)
    stranger = factories.make_user()
    services.join(stranger, theirs)
    db.session.commit()
    # the cohort is mine, the delegate is not in it
    assert owner.get(f"/cohorts/{mine.id}/delegates/{stranger.id}").status_code == 404


@pytest.mark.parametrize("url", ["/cohorts/", "/cohorts/new"])
def test_delegates_and_visitors_cannot_reach_the_trainer_pages(sign_in, client, url):
    delegate, _user = sign_in("delegate")
    assert delegate.get(url).status_code == 403
    assert client.get(url).status_code == 302  # to the sign-in page


def test_a_cohort_page_of_a_delegate_is_forbidden(sign_in, make_cohort):
    _owner, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    delegate, _user = sign_in("delegate")
    assert delegate.get(f"/cohorts/{cohort.id}/dashboard").status_code == 403
    assert delegate.get(f"/cohorts/{cohort.id}/dashboard.csv").status_code == 403


def test_the_join_link_on_the_cohort_page_is_the_canonical_one(sign_in, make_cohort):
    client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    link = re.search(r'class="join-link">([^<]+)<', page).group(1)
    assert link.endswith("/join/" + cohort.join_code)
