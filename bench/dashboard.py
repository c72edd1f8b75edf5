"""Benchmark of the cohort dashboard: a cohort of 2,000 delegates over the 10 modules.

    python bench/dashboard.py [--delegates N] [--requests N] [--concurrency C]
                              [--workers W] [--database-url URL] [--courses PATH]

In one run: a fresh database (SQLite in a temp dir, or a schema of its own on
``--database-url``), ``kmi-learn db upgrade``, ``kmi-learn courses sync`` of the
real course, one trainer (made through the app's service), one cohort, and N
delegates with varied progress inserted in bulk straight through the models
(accounts, memberships, enrolments, lesson and module progress, quiz attempts).
Then ``gunicorn -w W wsgi:app`` serves the app, the trainer signs in through the
real form, and the load generator of bench/loadgen.py requests the dashboard
(first page, then a filtered and sorted page); each export (CSV, XLSX) of the whole
matrix is timed too. Prints a table, writes bench/results/dashboard.json, and exits
1 unless every response was a 200.

Reuses bench/seed.py, servers.py, loadgen.py and lesson_page.py without changing them.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import lesson_page
import loadgen
import seed
import servers

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TRAINER_EMAIL = "trainer@bench.example"


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--delegates", type=int, default=2000, help="delegates in the cohort")
    p.add_argument("--requests", type=int, default=300, help="measured requests per case")
    p.add_argument("--warmup", type=int, default=None, help="default: N/5, at least 50")
    p.add_argument("--concurrency", type=int, default=4, help="connections at once")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--database-url", help="PostgreSQL URL; a schema is made and dropped")
    p.add_argument("--courses", default=str(ROOT / "courses"))
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--max-seconds", type=int, default=600, help="time limit of each run")
    p.add_argument("--seed", type=int, default=2025, help="random seed of the progress")
    p.add_argument("--output", default=str(BENCH / "results" / "dashboard.json"))
    args = p.parse_args(argv)
    if args.warmup is None:
        args.warmup = max(50, args.requests // 5)
    return args


def seed_cohort(app, delegates: int, rng_seed: int) -> dict:
    """A trainer, a cohort of the first course and ``delegates`` delegates, in bulk."""
    from sqlalchemy import insert, select

    from kmi_learn.accounts.models import User
    from kmi_learn.accounts.services import create_user
    from kmi_learn.catalog.models import Course, Lesson, Module
    from kmi_learn.cohorts.models import CohortMember
    from kmi_learn.cohorts.services import create_cohort
    from kmi_learn.extensions import db
    from kmi_learn.learning.models import Enrolment, LessonProgress, ModuleProgress
    from kmi_learn.models_base import utcnow
    from kmi_learn.quizzes.models import Attempt

    rng, now = random.Random(rng_seed), utcnow()
    with app.app_context():
        course = db.session.scalars(select(Course).where(Course.retired_at.is_(None))
                                    .order_by(Course.slug)).first()
        if course is None:
            raise SystemExit("no course was synced: nothing to benchmark")
        modules = db.session.scalars(select(Module).where(
            Module.course_id == course.id, Module.retired_at.is_(None))
            .order_by(Module.position)).all()
        lessons = {m.id: db.session.scalars(select(Lesson.id).where(
            Lesson.module_id == m.id, Lesson.retired_at.is_(None))
            .order_by(Lesson.position)).all() for m in modules}
        trainer = create_user(TRAINER_EMAIL, "Bench Trainer", seed.PASSWORD, role="trainer")
        cohort = create_cohort(trainer, "Bench cohort", course, None, None)
        db.session.commit()
        countries = ["Senegal", "Norway", "Chile", "Kenya", "Philippines", "Mexico", "Jordan"]
        ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [
            {"email": f"cohort{n}@bench.example", "name": f"Delegate {n:05d}",
             "password_hash": "!bench", "role": "delegate",
             "organisation": f"Permanent Mission {n % 40}", "country": countries[n % 7],
             "created_at": now} for n in range(delegates)]).all()
        members, enrolments, done, progress, attempts = [], [], [], [], []
        for user_id in ids:
            seen = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 1440))
            finished = rng.choice([0, 0, 1, 2, 3, 5, 7, 9, 10, 10])  # modules completed
            for index, module in enumerate(modules):
                if index > finished:
                    break
                count = len(lessons[module.id]) if index < finished else rng.randint(
                    0, len(lessons[module.id]))
                done += [{"user_id": user_id, "lesson_id": lesson, "completed_at": seen}
                         for lesson in lessons[module.id][:count]]
                tries = rng.randint(1, 3) if index < finished and module.quiz else 0
                best = None
                for number in range(1, tries + 1):
                    percent = 40 + 60 * number / tries - rng.randint(0, 10)
                    best = max(best or 0, percent)
                    attempts.append({
                        "user_id": user_id, "module_id": module.id, "number": number,
                        "state": "finished", "lang": "en", "started_at": seen,
                        "finished_at": seen, "score": percent / 10, "max_score": 10.0,
                        "pass_mark": 70.0, "passed": percent >= 70})
                if count or tries:
                    progress.append({
                        "user_id": user_id, "module_id": module.id, "best_percent": best,
                        "quiz_passed_at": seen if index < finished else None,
                        "completed_at": seen if index < finished else None})
            members.append({"cohort_id": cohort.id, "user_id": user_id, "joined_at": now})
            enrolments.append({"user_id": user_id, "course_id": course.id, "enrolled_at": seen,
                               "last_activity_at": seen,
                               "completed_at": seen if finished == len(modules) else None})
        for model, rows in ((CohortMember, members), (Enrolment, enrolments),
                            (LessonProgress, done), (ModuleProgress, progress),
                            (Attempt, attempts)):
            for start in range(0, len(rows), 5000):
                db.session.execute(insert(model), rows[start:start + 5000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # Autovacuum would analyse the bulk-loaded tables within a minute; without
            # statistics the planner picks poor plans for the first requests.
            with db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
        info = {"cohort_id": cohort.id, "course": course.slug, "modules": len(modules),
                "lessons": sum(len(v) for v in lessons.values()), "delegates": len(ids),
                "lesson_completions": len(done), "attempts": len(attempts)}
        db.engine.dispose()
    return info


def timed_get(port: int, path: str, cookie: str) -> dict:
    started = time.perf_counter()
    status, headers, body = servers.request(port, "GET", path, {"Cookie": cookie})
    return {"path": path, "status": status, "ms": round(1000 * (time.perf_counter() - started), 1),
            "bytes": len(body), "type": headers.get("Content-Type", "")}


def main(argv=None) -> int:
    args = parse_args(argv)
    kind = loadgen.available() if args.loadgen == "auto" else args.loadgen
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="kmi-bench-dash-"))
        if args.database_url:
            database_url, _schema = stack.enter_context(seed.postgres_schema(args.database_url))
            database = "PostgreSQL"
        else:
            database_url, database = f"sqlite:///{tmp}/kmi.sqlite3", "SQLite"
        env = lesson_page.kmi_env(database_url, os.path.abspath(args.courses))
        print(f"database: {database}", flush=True)
        seed.kmi_cli(["db", "upgrade"], env, str(ROOT))
        print(seed.kmi_cli(["courses", "sync", args.courses], env, str(ROOT)).strip(), flush=True)
        from kmi_learn import create_app

        app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": env["KMI_SECRET_KEY"],
                          "ENV": "production", "SECURE_COOKIES": False,
                          "COURSES_PATH": args.courses})
        started = time.monotonic()
        info = seed_cohort(app, args.delegates, args.seed)
        print(f"seeded in {time.monotonic() - started:.1f}s: {info}", flush=True)

        server = servers.Server("kmi", "wsgi:app", str(ROOT), env, args.workers, tmp)
        stack.callback(server.stop)
        server.wait_ready("/signin")
        cookie = servers.sign_in(server.port, TRAINER_EMAIL, seed.PASSWORD)
        base = f"/cohorts/{info['cohort_id']}"
        cases = {"dashboard": f"{base}/dashboard",
                 "dashboard_filtered": f"{base}/dashboard?status=in_progress&inactive=14"
                                       f"&sort=activity_asc"}
        results, problems = {}, []
        for name, path in cases.items():
            first = timed_get(server.port, path, cookie)
            if first["status"] != 200:
                raise SystemExit(f"GET {path} gave {first['status']}:\n{server.log_tail()}")
            loadgen.run(kind, server.port, path, cookie, args.warmup, args.concurrency, 1,
                        args.max_seconds)
            result = loadgen.run(kind, server.port, path, cookie, args.requests,
                                 args.concurrency, 1, args.max_seconds)
            results[name] = result | {"path": path}
            print(f"  {name}: {result['rps']} req/s, p50 {result['p50_ms']} ms, "
                  f"p99 {result['p99_ms']} ms", flush=True)
            if result["status"] != {"200": args.requests} or result["errors"]:
                problems.append(f"{name}: {result['status']} {result['errors']}")
        exports = {}
        for fmt in ("csv", "xlsx"):
            exports[fmt] = [timed_get(server.port, f"{base}/dashboard.{fmt}", cookie)
                            for _ in range(3)]
            problems += [f"export {fmt}: {e['status']}" for e in exports[fmt]
                         if e["status"] != 200]

    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": "python bench/dashboard.py " + " ".join(sys.argv[1:] if argv is None
                                                           else argv),
        "loadgen": loadgen.describe(kind), "machine": lesson_page.machine(),
        "config": {"requests": args.requests, "warmup": args.warmup,
                   "concurrency": args.concurrency, "workers": args.workers,
                   "database": database},
        "seed": info, "results": results, "exports": exports,
        "ok": not problems, "problems": problems,
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")
    print(table(report) + f"\n\nJSON: {args.output}")
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


def table(report: dict) -> str:
    c, s = report["config"], report["seed"]
    lines = [
        "", f"cohort dashboard: {s['delegates']} delegates x {s['modules']} modules "
        f"({s['lessons']} lessons; {s['lesson_completions']} lesson completions, "
        f"{s['attempts']} attempts), as the signed-in trainer",
        f"{c['requests']} requests after {c['warmup']} warm-up, concurrency {c['concurrency']}, "
        f"gunicorn -w {c['workers']} (sync), {c['database']}",
        f"load generator: {report['loadgen']}; machine: {report['machine']['cpus']} CPUs "
        f"({report['machine']['cpu']})", "",
        f"{'case':<20}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'bytes':>9}  status"]
    for name, x in report["results"].items():
        status = ", ".join(f"{k}: {v}" for k, v in x["status"].items())
        lines.append(f"{name:<20}{x['rps']:>9.1f}{x['p50_ms']:>9.2f}{x['p99_ms']:>9.2f}"
                     f"{x['body_bytes_max']:>9}  {status}")
    for fmt, runs in report["exports"].items():
        lines.append(f"export {fmt:<13}{'':>9}{min(r['ms'] for r in runs):>9.1f}"
                     f"{max(r['ms'] for r in runs):>9.1f}{runs[0]['bytes']:>9}  "
                     f"(min / max of {len(runs)} single requests)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
