"""gunicorn servers in their own process groups, and a tiny HTTP client for set-up.

Each server is started with ``start_new_session=True`` so that ``stop`` can end the
master and every worker with one ``killpg``, whatever state they are in.
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command() -> list[str]:
    beside = Path(sys.executable).parent / "gunicorn"
    found = str(beside) if beside.exists() else shutil.which("gunicorn")
    return [found] if found else [sys.executable, "-m", "gunicorn"]


class Server:
    """``gunicorn -w WORKERS -b 127.0.0.1:PORT APP`` run from ``cwd`` with ``env``."""

    def __init__(self, name: str, app: str, cwd: str, env: dict[str, str], workers: int,
                 log_dir: str):
        self.name, self.port = name, free_port()
        self.command = gunicorn_command() + ["-w", str(workers), "-b", f"{HOST}:{self.port}",
                                             app]
        self.log_path = os.path.join(log_dir, f"gunicorn-{name}.log")
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.command, cwd=cwd, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def log_tail(self, lines: int = 30) -> str:
        with open(self.log_path) as handle:
            return "".join(handle.readlines()[-lines:])

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the master and workers still alive.

        Unlike req/s, it hardly moves when other programs compete for the CPUs.
        """
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            if int(fields[2]) == self.proc.pid:  # its process group
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def wait_ready(self, path: str = "/", timeout: float = 60) -> None:
        """Until the server answers any HTTP response at all on ``path``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn {self.name} exited ({self.proc.returncode}):\n"
                                 f"{self.log_tail()}")
            try:
                request(self.port, "GET", path)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn {self.name} not ready after {timeout}s:\n{self.log_tail()}")

    def stop(self) -> None:
        """TERM the process group, then KILL it if it is still there after 15 s."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=15)
            except ProcessLookupError:
                pass
        try:  # workers left behind by a master that died first
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._log.close()


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None,
            body: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, email: str, password: str) -> str:
    """A real sign-in: GET /signin, scrape the CSRF token, POST the form.

    Returns the ``Cookie`` header value of the signed-in browser.
    """
    status, headers, body = request(port, "GET", "/signin")
    token = CSRF_INPUT.search(body.decode())
    if status != 200 or token is None:
        raise SystemExit(f"GET /signin gave {status} without a CSRF token")
    cookies = _cookies(headers)
    form = urlencode({"csrf_token": token.group(1), "email": email, "password": password,
                      "next": ""})
    status, headers, body = request(port, "POST", "/signin", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}, body=form)
    cookies.update(_cookies(headers))
    if status != 302 or "session" not in cookies:
        raise SystemExit(f"POST /signin gave {status}, cookies {sorted(cookies)}: not signed in"
                         f"\n{body.decode(errors='replace')[:2000]}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())
