"""Benchmark of the lesson page of kmi_learn against a bare Flask app of the same size.

    python bench/lesson_page.py [--requests N] [--concurrency C] [--workers W]
                                [--delegates D] [--database-url URL] [--courses PATH]

In one run: a fresh database (SQLite in a temp dir, or a schema of its own on
``--database-url``), ``kmi-learn db upgrade``, ``kmi-learn courses sync``, D seeded
delegates with progress, one delegate signed in through the real sign-in form;
then kmi_learn (``gunicorn -w W wsgi:app``) and bench/bare_app.py (same page bytes,
same worker count) are each warmed up and measured with the same load generator.
Prints a table, writes bench/results/latest.json, and exits 1 unless every
response was a 200. See bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from importlib.metadata import version
from pathlib import Path

import loadgen
import seed
import servers

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--requests", type=int, default=2000, help="measured requests per app")
    p.add_argument("--concurrency", type=int, default=8, help="connections at once")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers per app")
    p.add_argument("--delegates", type=int, default=200, help="seeded delegates")
    p.add_argument("--warmup", type=int, default=None,
                   help="warm-up requests per app, not measured (default: N/5, at least 200)")
    p.add_argument("--database-url", help="PostgreSQL URL; a schema is made and dropped")
    p.add_argument("--courses", default=str(ROOT / "courses"),
                   help="course tree to sync (default: courses/ of the repository)")
    p.add_argument("--lesson", help="MODULE/LESSON slugs (default: the middle lesson)")
    p.add_argument("--rounds", type=int, default=1,
                   help="measure kmi then bare R times, alternating; report the median round")
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--client-threads", type=int, default=1, help="wrk threads")
    p.add_argument("--max-seconds", type=int, default=300, help="time limit of each run")
    p.add_argument("--output", default=str(BENCH / "results" / "latest.json"))
    args = p.parse_args(argv)
    if min(args.requests, args.concurrency, args.workers, args.rounds) < 1 \
            or args.delegates < 0:
        p.error("--requests, --concurrency, --workers, --rounds must be >= 1, --delegates >= 0")
    if args.warmup is None:
        args.warmup = max(200, args.requests // 5)
    return args


def kmi_env(database_url: str, courses: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KMI_")}
    env.update({
        "KMI_DATABASE_URL": database_url, "KMI_COURSES_PATH": courses,
        "KMI_ENV": "production", "KMI_SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "KMI_SECURE_COOKIES": "false", "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def prepare_database(args, env: dict[str, str]) -> dict:
    print(f"database: {env['KMI_DATABASE_URL'].split('?')[0]}", flush=True)
    seed.kmi_cli(["db", "upgrade"], env, str(ROOT))
    print(seed.kmi_cli(["courses", "sync", args.courses], env, str(ROOT)).strip(), flush=True)
    from kmi_learn import create_app

    app = create_app({
        "DATABASE_URL": env["KMI_DATABASE_URL"], "SECRET_KEY": env["KMI_SECRET_KEY"],
        "ENV": "production", "SECURE_COOKIES": False, "COURSES_PATH": args.courses,
    })
    started = time.monotonic()
    info = seed.seed(app, args.delegates, args.lesson)
    with app.app_context():
        from kmi_learn.extensions import db
        db.engine.dispose()
    print(f"seeded {info['delegates']} delegates + 1 reader in "
          f"{time.monotonic() - started:.1f}s: {info['lesson_completions']} lesson "
          f"completions, {info['finished_attempts']} finished quiz attempts", flush=True)
    return info


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu": cpu, "platform": platform.platform(),
            "python": platform.python_version(),
            **{name: version(name) for name in ("flask", "jinja2", "gunicorn", "sqlalchemy")}}


def measure(kind: str, server: servers.Server, path: str, cookie: str, args,
            warmup: bool) -> dict:
    if warmup:
        loadgen.run(kind, server.port, path, cookie, args.warmup, args.concurrency,
                    args.client_threads, args.max_seconds)
    cpu = server.cpu_seconds()
    result = loadgen.run(kind, server.port, path, cookie, args.requests, args.concurrency,
                         args.client_threads, args.max_seconds)
    cpu = server.cpu_seconds() - cpu
    result["server_cpu_ms_per_request"] = round(1000 * cpu / result["requests"], 3)
    result["loadavg_after"] = round(os.getloadavg()[0], 2)
    print(f"  {server.name}: {result['rps']} req/s, p50 {result['p50_ms']} ms, server CPU "
          f"{result['server_cpu_ms_per_request']} ms/request "
          f"(load average {result['loadavg_after']})", flush=True)
    return result


def median_round(rounds: list[dict], name: str) -> dict:
    """The round whose req/s is the median for ``name`` (the lower one of two)."""
    ordered = sorted(rounds, key=lambda r: r[name]["rps"])
    return ordered[(len(ordered) - 1) // 2][name]


def problems(name: str, result: dict, requests: int) -> list[str]:
    found = []
    if result["status"] != {"200": requests}:
        found.append(f"{name}: status codes {result['status']}, expected {{'200': {requests}}}")
    if result["errors"]:
        found.append(f"{name}: client errors {result['errors']}")
    return found


def _row(label: str, x: dict) -> str:
    size = str(x["body_bytes_min"]) if x["body_bytes_min"] == x["body_bytes_max"] \
        else f"{x['body_bytes_min']}-{x['body_bytes_max']}"
    status = ", ".join(f"{k}: {v}" for k, v in x["status"].items())
    return (f"{label:<10}{x['rps']:>9.1f}{x['p50_ms']:>9.2f}{x['p99_ms']:>9.2f}"
            f"{x['mean_ms']:>9.2f}{x['server_cpu_ms_per_request']:>9.2f}{size:>8}  {status}")


def table(report: dict) -> str:
    c, r, m = report["config"], report["results"], report["machine"]
    lines = [
        f"lesson page {report['lesson']['path']} as a signed-in delegate",
        f"{c['requests']} requests after {c['warmup']} warm-up, concurrency {c['concurrency']}, "
        f"gunicorn -w {c['workers']} (sync), {c['database']}, {c['delegates']} delegates",
        f"load generator: {report['loadgen']}",
        f"machine: {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}; 1-min load average "
        f"{c['loadavg_before']} before the runs", "",
        f"{'app':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'CPU ms':>9}"
        f"{'bytes':>8}  status",
    ]
    if len(report["rounds"]) > 1:
        for n, one in enumerate(report["rounds"], start=1):
            lines += [_row(f"{name} r{n}", one[name]) for name in ("kmi", "bare")]
        lines.append("median round per app:")
    lines += [_row(name, r[name]) for name in ("kmi", "bare")]
    q = report["ratio_kmi_over_bare"]
    q = {k: float("nan") if v is None else v for k, v in q.items()}
    lines += [f"\nkmi/bare: req/s {q['rps']:.3f} (kmi does {q['rps']:.0%} of bare's rate), "
              f"p50 {q['p50']:.2f}x, server CPU per request {q['cpu']:.2f}x",
              "(CPU ms = CPU time of the gunicorn master and workers per request)"]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    kind = loadgen.available() if args.loadgen == "auto" else args.loadgen
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="kmi-bench-"))
        if args.database_url:
            database_url, _schema = stack.enter_context(seed.postgres_schema(args.database_url))
            database = "PostgreSQL"
        else:
            database_url, database = f"sqlite:///{tmp}/kmi.sqlite3", "SQLite"
        env = kmi_env(database_url, os.path.abspath(args.courses))
        info = prepare_database(args, env)

        kmi = servers.Server("kmi", "wsgi:app", str(ROOT), env, args.workers, tmp)
        stack.callback(kmi.stop)
        kmi.wait_ready("/signin")
        cookie = servers.sign_in(kmi.port, info["reader_email"], info["password"])
        status, _headers, page = servers.request(kmi.port, "GET", info["path"],
                                                 {"Cookie": cookie})
        if status != 200:
            raise SystemExit(f"GET {info['path']} as the reader gave {status}, not 200")
        page_path = os.path.join(tmp, "lesson.html")
        Path(page_path).write_bytes(page)

        bare_env = dict(env, BENCH_PAGE=page_path)
        bare = servers.Server("bare", "bare_app:app", str(BENCH), bare_env, args.workers, tmp)
        stack.callback(bare.stop)
        bare.wait_ready()
        status, _headers, bare_page = servers.request(bare.port, "GET", info["path"])
        if status != 200 or len(bare_page) != len(page):
            raise SystemExit(f"bare app gave {status}, {len(bare_page)} bytes; "
                             f"expected 200, {len(page)} bytes")
        loadavg_before = round(os.getloadavg()[0], 2)
        print(f"lesson page: {info['path']} ({len(page)} bytes); "
              f"kmi on :{kmi.port}, bare on :{bare.port}; load generator {kind}", flush=True)

        rounds = []
        for n in range(args.rounds):
            print(f"round {n + 1}/{args.rounds}", flush=True)
            rounds.append({name: measure(kind, server, info["path"], cookie, args, n == 0)
                           for name, server in (("kmi", kmi), ("bare", bare))})
        results = {name: median_round(rounds, name) for name in ("kmi", "bare")}

    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": "python bench/lesson_page.py " + " ".join(sys.argv[1:] if argv is None
                                                             else argv),
        "loadgen": loadgen.describe(kind), "machine": machine(),
        "config": {"requests": args.requests, "warmup": args.warmup,
                   "concurrency": args.concurrency, "workers": args.workers,
                   "delegates": args.delegates, "database": database,
                   "courses": args.courses, "client_threads": args.client_threads,
                   "rounds": args.rounds, "loadavg_before": loadavg_before},
        "lesson": {k: info[k] for k in ("course", "lesson", "path", "lessons_in_course")}
        | {"page_bytes": len(page)},
        "results": results, "rounds": rounds,
        "ratio_kmi_over_bare": {
            key: round(results["kmi"][field] / results["bare"][field], 4)
            if results["bare"][field] else None
            for key, field in (("rps", "rps"), ("p50", "p50_ms"),
                               ("cpu", "server_cpu_ms_per_request"))},
    }
    found = [p for one in rounds for name in one for p in problems(name, one[name],
                                                                   args.requests)]
    report["ok"], report["problems"] = not found, found
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")
    print("\n" + table(report) + f"\n\nJSON: {args.output}")
    if found:
        print("\nFAILED:\n  " + "\n  ".join(found), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
