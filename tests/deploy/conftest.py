"""Deployment fixtures: Streamlit replicas with the production config, Debian's nginx in front (loopback only).

Debian Chromium via Playwright, started in a worker thread (``in_browser``): tests/browser keeps a session-wide
sync Playwright open in the main thread, and a second one there fails ("Sync API inside the asyncio loop").
Missing nginx or Chromium skips the test with the reason — except under ``CI=true``, where it is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _missing, free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX_CONF = DEPLOY / "nginx" / "nginx.conf"
STREAMLIT_CONF = DEPLOY / "streamlit" / "config.toml"
STARTUP_TIMEOUT = 60.0
LOOPBACK = "127.0.0.1"


def production_flags() -> list[str]:
    """deploy/streamlit/config.toml as ``streamlit run`` flags (``--section.key value``), so the replicas in the
    tests run with the production settings although their working directory has the development config."""
    flags = []
    for section, options in tomllib.loads(STREAMLIT_CONF.read_text(encoding="utf-8")).items():
        if section == "theme":
            continue  # the repository config sets the same theme
        for key, value in options.items():
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            flags += [f"--{section}.{key}", text]
    return flags


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = STARTUP_TIMEOUT,
                 headers: dict | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with code {proc.returncode}")
        try:
            req = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(req, timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer 'ok' within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Replica:
    """One ``streamlit run app.py`` on a free loopback port with the production settings and a shared cookie
    secret. Start several with ``Replica.start_many`` (they boot in parallel)."""

    def __init__(self, cookie_secret: str, log_dir: Path, extra: list[str] | None = None):
        self.port = free_port()
        self.base = f"http://{LOOPBACK}:{self.port}"
        self.log = open(log_dir / f"streamlit-{self.port}.log", "w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", *production_flags(),
             "--server.port", str(self.port), "--server.address", LOOPBACK, *(extra or [])],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            # Streamlit refuses the secret as a CLI flag: environment (or a config file) only.
            env={**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret},
        )

    def wait(self) -> "Replica":
        try:
            wait_healthy(f"{self.base}/_stcore/health", self.proc)
        except RuntimeError as err:
            text = self.log_text()
            self.stop()
            raise RuntimeError(f"{err}\n{text[-2000:]}") from None
        return self

    def kill(self) -> None:
        """Crash it (SIGKILL): no goodbye to the browsers."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        stop(self.proc)
        self.log.close()

    def log_text(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).is_file()), None)


def render_nginx_conf(text: str, workdir: Path, listen_port: int, upstream_ports: list[int],
                      debug_header: bool = True) -> str:
    """deploy/nginx/nginx.conf for a loopback test: ports, pid, logs and temp paths into ``workdir``.

    Every substitution must match (a changed config shape fails loudly rather than testing something else);
    ``debug_header`` adds ``X-NNX-Upstream`` (the replica that answered) so the test can tell who served whom.
    """

    def sub(pattern: str, repl: str, s: str, count: int = 0, expect: int | None = 1) -> str:
        out, n = re.subn(pattern, lambda m: repl, s, count=count, flags=re.MULTILINE)
        assert n >= 1 and (expect is None or n == expect), f"nginx.conf: {pattern!r} matched {n} times"
        return out

    s = sub(r"^pid\s+[^;]+;", f"pid {workdir / 'nginx.pid'};", text)
    s = sub(r"^error_log\s+[^;]+;", f"error_log {workdir / 'error.log'} info;", s)
    s = sub(r"^\s*access_log\s+[^;]+;", f"    access_log {workdir / 'access.log'};", s)
    s = sub(r"^(\s*)(\w+_temp_path)\s+[^;]+;", "", s, expect=None)
    temp = "\n".join(f"    {name}_temp_path {workdir / name};" for name in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    s = sub(r"^http \{", "http {\n" + temp, s)
    s = sub(r"^(\s*)listen\s+\d+;", f"        listen {LOOPBACK}:{listen_port};", s)
    servers = re.findall(r"^\s*server\s+127\.0\.0\.1:\d+[^;]*;", s, flags=re.MULTILINE)
    assert len(servers) >= 2, "nginx.conf: the upstream must list at least two replicas"
    first = True
    for line in servers:
        if first:
            repl = "\n".join(re.sub(r"127\.0\.0\.1:\d+", f"{LOOPBACK}:{p}", line) for p in upstream_ports)
            first = False
        else:
            repl = ""
        s = s.replace(line, repl, 1)
    s = sub(r"^worker_processes\s+[^;]+;", "worker_processes 1;", s)
    if os.geteuid() == 0:  # workers would otherwise drop to "nobody", who cannot write into workdir
        s = "user root;\n" + s
    if debug_header:
        s = sub(r"^(\s*)add_header Set-Cookie \$nnx_route_cookie;",
                "        add_header Set-Cookie $nnx_route_cookie;\n"
                "        add_header X-NNX-Upstream $upstream_addr always;", s)
    return s


class Proxy:
    """Debian's nginx (non-daemon, its own pid/log/temp paths in a temp dir) running deploy/nginx/nginx.conf."""

    def __init__(self, upstream_ports: list[int]):
        binary = nginx_binary()
        assert binary, "nginx not found"
        self.dir = Path(tempfile.mkdtemp(prefix="nnx-nginx-"))
        self.port = free_port()
        self.base = f"http://{LOOPBACK}:{self.port}"
        conf = self.dir / "nginx.conf"
        conf.write_text(render_nginx_conf(NGINX_CONF.read_text(encoding="utf-8"), self.dir, self.port,
                                          upstream_ports))
        cmd = [binary, "-p", str(self.dir), "-e", str(self.dir / "startup-error.log"), "-c", str(conf),
               "-g", "daemon off;"]
        check = subprocess.run([*cmd[:-2], "-t"], capture_output=True, text=True)
        assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}"
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_healthy(f"{self.base}/_stcore/health", self.proc, timeout=20)

    def upstream_of(self, route: str) -> str:
        """Which replica (``127.0.0.1:port``) the sticky cookie ``route`` is sent to."""
        req = urllib.request.Request(f"{self.base}/_stcore/health", headers={"Cookie": f"nnx_route={route}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.headers["X-NNX-Upstream"]

    def error_log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        stop(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def nginx_available():
    if nginx_binary() is None:
        _missing("nginx not found (apt-get install -y nginx)")


@pytest.fixture(scope="module")
def chromium_available():
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")


def in_browser(scenario, timeout: float = 300.0) -> None:
    """Run ``scenario(browser)`` with its own Playwright + Chromium in a worker thread; re-raise its failure."""
    import threading

    outcome: dict = {}

    def target() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    scenario(browser)
                finally:
                    browser.close()
        except BaseException as err:  # noqa: BLE001 — handed to the test thread
            outcome["error"] = err

    worker = threading.Thread(target=target, name="failover-browser", daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"browser scenario still running after {timeout:.0f} s"
    if "error" in outcome:
        raise outcome["error"]
