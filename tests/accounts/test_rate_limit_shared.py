"""With Redis, every web worker counts failed sign-ins together."""
from __future__ import annotations

import os
import uuid

from kmi_learn.extensions import db
from tests.conftest import Client, make_app

REDIS_URL = os.environ.get("KMI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_two_workers_share_the_failed_sign_in_count(app, database_url):
    prefix = f"kmi-test-{uuid.uuid4().hex}"  # this test's own counters
    workers = [make_app(database_url, LOGIN_RATE_LIMIT="3 per minute",
                        RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
               for _ in range(2)]
    codes = []
    for attempt in range(4):
        worker = workers[attempt % 2]  # the load balancer alternates
        with worker.app_context():
            db.create_all()  # each app has its own engine; the schema is the same
            client = Client(worker.test_client())
            codes.append(client.post("/signin", {"email": "x@example.org",
                                                 "password": "wrong password"},
                                     token_from="/signin").status_code)
    assert codes == [200, 200, 200, 429]


def test_behind_a_load_balancer_each_client_has_its_own_count(database_url):
    app = make_app(database_url, LOGIN_RATE_LIMIT="2 per minute", TRUSTED_PROXIES=1)
    with app.app_context():
        db.create_all()
        client = Client(app.test_client())

        def fail(address):
            return client.post("/signin", {"email": "x@example.org", "password": "wrong one"},
                               token_from="/signin",
                               headers={"X-Forwarded-For": address}).status_code

        assert [fail("203.0.113.1") for _ in range(3)] == [200, 200, 429]
        assert fail("203.0.113.2") == 200  # another delegate behind the same balancer
        db.engine.dispose()
