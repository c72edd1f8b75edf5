"""The load generator: a fixed number of GET requests at a fixed concurrency.

``wrk`` when it is installed (a Lua script stops each thread after its share of
the requests, counts status codes and body sizes, and prints the latency
percentiles as JSON); otherwise worker processes, one keep-alive
``http.client`` connection each. Both return the same dict (see ``_result``).
Traffic goes to 127.0.0.1 only; every run is bounded by ``max_seconds``.
"""
from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections import Counter

HOST = "127.0.0.1"

WRK_SCRIPT = r"""
local ok, ffi = pcall(require, "ffi")
if ok then
  pcall(ffi.cdef, "typedef struct { long tv_sec; long tv_nsec; } bench_ts;"
                  .. "int clock_gettime(int clk, bench_ts *tp);")
end
local function now()  -- CLOCK_MONOTONIC in seconds, or nil without LuaJIT's ffi
  if not ok then return nil end
  local ts = ffi.new("bench_ts")
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local total, nthreads = tonumber(args[1]), tonumber(args[2])
  quota = math.floor(total / nthreads) + ((id <= total % nthreads) and 1 or 0)
  wrk.headers["Cookie"] = args[3]
  done_count, statuses, size_min, size_max = 0, {}, -1, -1
  t_start, t_end = now(), nil
end

function response(status, headers, body)
  if done_count >= quota then return end
  done_count = done_count + 1
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local size = #body
  if size_min < 0 or size < size_min then size_min = size end
  if size > size_max then size_max = size end
  if done_count == quota then
    t_end = now()
    io.write("BENCH_THREAD_DONE\n"); io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local st, counted, smin, smax, t0, t1 = {}, 0, -1, -1, nil, nil
  for _, t in ipairs(threads) do
    counted = counted + t:get("done_count")
    for k, v in pairs(t:get("statuses")) do st[k] = (st[k] or 0) + v end
    local a, b = t:get("size_min"), t:get("size_max")
    if a >= 0 and (smin < 0 or a < smin) then smin = a end
    if b > smax then smax = b end
    local s, e = t:get("t_start"), t:get("t_end")
    if s and (not t0 or s < t0) then t0 = s end
    if e and (not t1 or e > t1) then t1 = e end
  end
  local parts = {}
  for k, v in pairs(st) do table.insert(parts, string.format('"%s": %d', k, v)) end
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"counted": %d, "wrk_requests": %d, "wrk_us": %d, '
    .. '"clock_s": %s, "p50_us": %d, "p99_us": %d, "mean_us": %f, "max_us": %d, '
    .. '"size_min": %d, "size_max": %d, "status": {%s}, "errors": {"connect": %d, '
    .. '"read": %d, "write": %d, "timeout": %d}}\n',
    counted, summary.requests, summary.duration,
    (t0 and t1) and string.format("%.6f", t1 - t0) or "null",
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    smin, smax, table.concat(parts, ", "), e.connect, e.read, e.write, e.timeout))
end
"""


def available() -> str:
    """The load generator this machine will use: "wrk" or "python"."""
    return "wrk" if shutil.which("wrk") else "python"


def describe(kind: str) -> str:
    if kind == "wrk":
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).splitlines()[0].split(" Copyright")[0].strip()
    return "python (multiprocessing, one http.client keep-alive connection per process)"


def _result(kind, requests, seconds, latencies_ms, status, size_min, size_max, errors):
    return {
        "loadgen": kind, "requests": requests, "seconds": round(seconds, 4),
        "rps": round(requests / seconds, 1) if seconds else 0.0,
        **{k: round(v, 3) for k, v in latencies_ms.items()},
        "status": dict(sorted(status.items())), "body_bytes_min": size_min,
        "body_bytes_max": size_max, "errors": errors,
    }


def run(kind: str, port: int, path: str, cookie: str, requests: int, concurrency: int,
        threads: int = 1, max_seconds: int = 300) -> dict:
    if kind == "wrk":
        return run_wrk(port, path, cookie, requests, concurrency, threads, max_seconds)
    return run_python(port, path, cookie, requests, concurrency, max_seconds)


def run_wrk(port, path, cookie, requests, concurrency, threads, max_seconds) -> dict:
    threads = max(1, min(threads, concurrency, requests))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT)
    cmd = ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{max_seconds}s",
           "--timeout", "30s", "-s", handle.name, f"http://{HOST}:{port}{path}",
           "--", str(requests), str(threads), cookie]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    lines, finished = [], 0
    try:
        for line in proc.stdout:  # wrk sleeps for -d: interrupt it when all threads are done
            lines.append(line)
            if line.startswith("BENCH_THREAD_DONE"):
                finished += 1
                if finished == threads:
                    proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.unlink(handle.name)
    data = next((json.loads(line.split(" ", 1)[1]) for line in lines
                 if line.startswith("BENCH_JSON")), None)
    if data is None:
        raise RuntimeError("wrk gave no result:\n" + "".join(lines) + proc.stderr.read())
    if data["counted"] < requests:
        raise RuntimeError(f"wrk stopped after {data['counted']} of {requests} requests "
                           f"(time limit {max_seconds}s?)")
    seconds = data["clock_s"] or data["wrk_us"] / 1e6
    latencies = {"p50_ms": data["p50_us"] / 1e3, "p99_ms": data["p99_us"] / 1e3,
                 "mean_ms": data["mean_us"] / 1e3, "max_ms": data["max_us"] / 1e3}
    errors = {k: v for k, v in data["errors"].items() if v}
    return _result("wrk", data["counted"], seconds, latencies, data["status"],
                   data["size_min"], data["size_max"], errors)


def _worker(port, path, cookie, count, barrier, deadline, queue) -> None:
    latencies, status, sizes, errors = [], Counter(), [], Counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Cookie": cookie, "Connection": "keep-alive"}
    barrier.wait()
    start = time.monotonic()
    for _ in range(count):
        if time.monotonic() > deadline:
            errors["timeout"] += 1
            break
        t0 = time.perf_counter()
        try:  # http.client reopens the connection by itself when the server closed it
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            errors[type(error).__name__] += 1
            conn.close()
            continue
        latencies.append((time.perf_counter() - t0) * 1000)
        status[str(response.status)] += 1
        sizes.append(len(body))
    end = time.monotonic()
    conn.close()
    queue.put((start, end, latencies, dict(status), min(sizes, default=-1),
               max(sizes, default=-1), dict(errors)))


def run_python(port, path, cookie, requests, concurrency, max_seconds) -> dict:
    concurrency = max(1, min(concurrency, requests))
    shares = [requests // concurrency + (i < requests % concurrency) for i in range(concurrency)]
    ctx = mp.get_context("fork")
    barrier, queue = ctx.Barrier(concurrency), ctx.Queue()
    deadline = time.monotonic() + max_seconds
    procs = [ctx.Process(target=_worker, daemon=True,
                         args=(port, path, cookie, n, barrier, deadline, queue))
             for n in shares]
    for proc in procs:
        proc.start()
    try:
        parts = [queue.get(timeout=max_seconds + 60) for _ in procs]
    finally:
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
    latencies = sorted(ms for part in parts for ms in part[2])
    status, errors = Counter(), Counter()
    for part in parts:
        status.update(part[3])
        errors.update(part[6])
    seconds = max(p[1] for p in parts) - min(p[0] for p in parts)

    def pct(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else 0

    stats = {"p50_ms": pct(0.50), "p99_ms": pct(0.99),
             "mean_ms": sum(latencies) / max(len(latencies), 1), "max_ms": pct(1.0)}
    sizes = [p[4] for p in parts if p[4] >= 0], [p[5] for p in parts if p[5] >= 0]
    return _result("python", len(latencies), seconds, stats, status,
                   min(sizes[0], default=-1), max(sizes[1], default=-1), dict(errors))
