"""The benchmark's database: a fresh one, migrated, synced from courses/, seeded.

Migrations and sync go through the real ``kmi-learn`` command; the delegates are
made in this process through the app's own services (``create_user``, ``enrol``,
``complete_lesson``, ``start_attempt``/``submit_attempt``), as the site makes them.
"""
from __future__ import annotations

import random
import subprocess
import sys
import time
from contextlib import contextmanager

from sqlalchemy import create_engine, text

PASSWORD = "bench-delegate-password"
READER_EMAIL = "reader@bench.example"
KMI_CLI = [sys.executable, "-c", "from kmi_learn.cli import main; main()"]


def kmi_cli(args: list[str], env: dict[str, str], cwd: str) -> str:
    """Run ``kmi-learn ARGS``; fail loudly with its output."""
    out = subprocess.run(KMI_CLI + args, env=env, cwd=cwd, capture_output=True, text=True,
                         timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"kmi-learn {' '.join(args)} failed ({out.returncode}):\n"
                         f"{out.stdout}{out.stderr}")
    return out.stdout + out.stderr


@contextmanager
def postgres_schema(url: str):
    """A schema of its own on the given PostgreSQL database, dropped at the end."""
    from kmi_learn.config import normalise_database_url

    url = normalise_database_url(url)
    schema = f"kmi_bench_{int(time.time())}_{random.randrange(10**6)}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}", schema
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@contextmanager
def _one_hash_per_password():
    """argon2 costs ~50 ms a call by design: hash each distinct password once.

    Every stored hash is still a real argon2 hash of the real password (they share
    a salt), so signing in works exactly as it does on the site.
    """
    from kmi_learn.accounts import services

    original, cache = services.hash_password, {}

    def hash_once(password: str) -> str:
        if password not in cache:
            cache[password] = original(password)
        return cache[password]

    services.hash_password = hash_once
    try:
        yield
    finally:
        services.hash_password = original


def _answer(slot, rng: random.Random):
    q = slot.question_version.parsed()
    if q.qtype in ("multichoice", "missingword") and q.choices:
        return rng.randrange(len(q.choices))
    if q.qtype == "truefalse":
        return rng.random() < 0.5
    return None  # left unanswered: graded 0


def _finish_quiz(user, module, lang: str, rng: random.Random) -> None:
    from kmi_learn.quizzes import services as quizzes

    attempt = quizzes.start_attempt(user, module, lang, rng=rng)
    for slot in attempt.slots:
        slot.response = _answer(slot, rng)
    quizzes.submit_attempt(user, attempt)


def seed(app, delegates: int, lesson_choice: str | None = None, rng_seed: int = 1234) -> dict:
    """Seed ``delegates`` delegates with progress, and the reader who is signed in.

    Returns the reader's email and the lesson page path the benchmark requests.
    """
    from sqlalchemy import select

    from kmi_learn.accounts.services import create_user
    from kmi_learn.catalog.models import Course, Lesson, Module
    from kmi_learn.extensions import db
    from kmi_learn.learning import queries, services

    rng = random.Random(rng_seed)
    with app.app_context(), _one_hash_per_password():
        course = db.session.scalars(select(Course).where(Course.retired_at.is_(None))
                                    .order_by(Course.slug)).first()
        if course is None:
            raise SystemExit("no course was synced: nothing to benchmark")
        lang = course.default_lang
        items = queries.outline(course, lang, None).lessons
        lessons = [db.session.get(Lesson, item.id) for item in items]
        modules = [m for m in db.session.scalars(select(Module).where(
            Module.course_id == course.id, Module.retired_at.is_(None))
            .order_by(Module.position)) if m.quiz is not None]
        if lesson_choice:
            index = next((i for i, item in enumerate(items)
                          if f"{item.module_slug}/{item.slug}" == lesson_choice), None)
            if index is None:
                raise SystemExit(f"--lesson {lesson_choice}: no such MODULE/LESSON")
        else:
            index = len(items) // 2  # a lesson in the middle of the course
        attempts = completions = 0
        for n in range(delegates):
            user = create_user(f"delegate{n}@bench.example", f"Bench Delegate {n}", PASSWORD)
            services.enrol(user, course)
            done = rng.randint(0, len(lessons))
            for lesson in lessons[:done]:
                services.complete_lesson(user, lesson)
            completions += done
            if modules and n % 3 == 0:  # a third of them finished a quiz attempt
                _finish_quiz(user, modules[0], lang, rng)
                attempts += 1
            db.session.commit()
        reader = create_user(READER_EMAIL, "Bench Reader", PASSWORD)
        services.enrol(reader, course)
        for lesson in lessons[:index]:  # read up to the benchmarked lesson
            services.complete_lesson(reader, lesson)
        if modules:
            _finish_quiz(reader, modules[0], lang, rng)
        db.session.commit()
        target = items[index]
        return {
            "course": course.slug, "lessons_in_course": len(items),
            "lesson": f"{target.module_slug}/{target.slug}",
            "path": f"/courses/{course.slug}/modules/{target.module_slug}/{target.slug}",
            "reader_email": READER_EMAIL, "password": PASSWORD, "delegates": delegates,
            "lesson_completions": completions + index,
            "finished_attempts": attempts + bool(modules),
        }
