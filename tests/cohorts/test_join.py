"""Joining a cohort with its link or its code, signed in or not."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from kmi_learn.cohorts import services
from kmi_learn.cohorts.models import CohortMember
from kmi_learn.extensions import db
from kmi_learn.learning.models import Enrolment


def members(cohort) -> int:
    return db.session.scalar(select(func.count()).where(CohortMember.cohort_id == cohort.id))


def enrolled(user, cohort) -> bool:
    return db.session.scalar(select(Enrolment.id).where(
        Enrolment.user_id == user.id, Enrolment.course_id == cohort.course_id)) is not None


def test_a_signed_in_delegate_joins_with_the_link_once(sign_in, make_cohort):
    _trainer_client, trainer = sign_in("trainer")
    cohort = make_cohort(trainer, "Geneva spring")
    client, delegate = sign_in("delegate")
    url = f"/join/{cohort.join_code}"
    page = client.get(url).get_data(as_text=True)
    assert "Join Geneva spring" in page and "Join the cohort" in page
    assert members(cohort) == 0  # GET changes nothing
    response = client.post(url, token_from=url)
    assert response.headers["Location"].endswith("/courses/demo/")
    assert members(cohort) == 1 and enrolled(delegate, cohort)
    client.post(url, token_from=url)  # again: still one membership
    assert members(cohort) == 1
    assert "You are in this cohort." in client.get(url).get_data(as_text=True)


def test_the_code_typed_in_the_form_leads_to_the_join_page(sign_in, make_cohort):
    _t, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    client, _delegate = sign_in("delegate")
    typed = services.display_code(cohort.join_code).lower()  # dashes, lower case
    response = client.get("/join", query_string={"code": f" {typed} "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/join/{cohort.join_code}")
    sloppy = client.get(f"/join/{typed}")
    assert sloppy.headers["Location"].endswith(f"/join/{cohort.join_code}")


def test_an_unknown_code_says_so(sign_in):
    client, _delegate = sign_in("delegate")
    response = client.get("/join/ABCDEFGHJKMNP")
    assert response.status_code == 404
    assert "No cohort has this code." in response.get_data(as_text=True)
    assert client.post("/join/ABCDEFGHJKMNP", token_from="/join").status_code == 404


def test_a_visitor_signs_up_and_comes_back_to_join(client, sign_in, make_cohort):
    _t, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    url = f"/join/{cohort.join_code}"
    page = client.get(url).get_data(as_text=True)
    assert f'href="/signup?next=/join/{cohort.join_code}"' in page
    response = client.post(f"/signup?next={url}", {
        "name": "Amina Diallo", "email": "amina@mission.example", "organisation": "Mission",
        "country": "Senegal", "password": "a long enough pass", "confirm": "a long enough pass",
        "next": url}, token_from=f"/signup?next={url}")
    assert response.headers["Location"] == url
    joined = client.post(url, token_from=url)
    assert joined.status_code == 302 and members(cohort) == 1


def test_a_visitor_signs_in_and_comes_back_to_join(app, client, sign_in, make_cohort):
    _t, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    _other, delegate = sign_in("delegate")
    url = f"/join/{cohort.join_code}"
    assert f'href="/signin?next=/join/{cohort.join_code}"' in client.get(url).get_data(
        as_text=True)
    from tests.factories import PASSWORD
    response = client.post("/signin", {"email": delegate.email, "password": PASSWORD,
                                       "next": url}, token_from=f"/signin?next={url}")
    assert response.headers["Location"] == url
    client.post(url, token_from=url)
    assert members(cohort) == 1 and enrolled(delegate, cohort)


def test_a_delegate_may_be_in_several_cohorts(sign_in, make_cohort):
    _t, trainer = sign_in("trainer")
    first, second = make_cohort(trainer, "First"), make_cohort(trainer, "Second")
    client, delegate = sign_in("delegate")
    for cohort in (first, second):
        url = f"/join/{cohort.join_code}"
        client.post(url, token_from=url)
    assert members(first) == members(second) == 1
    page = client.get("/join").get_data(as_text=True)
    assert "First" in page and "Second" in page


def test_an_ended_cohort_refuses_new_members(sign_in, make_cohort):
    _t, trainer = sign_in("trainer")
    cohort = make_cohort(trainer, starts_on=date.today() - timedelta(days=60),
                         ends_on=date.today() - timedelta(days=1))
    client, _delegate = sign_in("delegate")
    url = f"/join/{cohort.join_code}"
    response = client.post(url, token_from=url)
    assert response.headers["Location"].endswith(url)
    assert "This cohort ended on" in client.get(url).get_data(as_text=True)
    assert members(cohort) == 0


def test_joining_needs_the_csrf_token(sign_in, make_cohort):
    _t, trainer = sign_in("trainer")
    cohort = make_cohort(trainer)
    client, _delegate = sign_in("delegate")
    response = client.post(f"/join/{cohort.join_code}", csrf=False)
    assert response.status_code in (302, 400) and members(cohort) == 0
