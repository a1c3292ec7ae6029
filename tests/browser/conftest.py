"""Real-browser fixtures: a freshly started ``streamlit run app.py`` and Debian's Chromium via Playwright.

Without /usr/bin/chromium (or Playwright) the browser tests are skipped with the reason — except under
``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
STARTUP_TIMEOUT = 60.0


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on a free port; ``url(path, **params)`` builds a deep link."""

    def __init__(self, tabs: dict | None = None) -> None:
        self.port = free_port()
        # browser tabs kept for the next view (tests.browser.views.open_view): the session's, or the server's own
        # (closed when it stops)
        self.own_tabs = tabs is None
        self.tabs: dict = {} if tabs is None else tabs
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(ROOT / ".pytest_cache" / f"streamlit-{self.port}.log", "w+") if (ROOT / ".pytest_cache").is_dir() \
            else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with code {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in time")

    def url(self, path: str = "", **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{self.base}/{path}" + (f"?{query}" if query else "")

    def stop(self) -> None:
        for tab in self.tabs.values() if self.own_tabs else ():
            tab.context.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if hasattr(self.log, "close"):
            self.log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def tabs(browser) -> Iterator[dict]:
    """The browser tabs kept between views and tests (tests.browser.views.kept_tab), closed at the end."""
    pool: dict = {}
    yield pool
    for tab in pool.values():
        tab.context.close()


@pytest.fixture()
def server(browser) -> Iterator[Server]:
    """A freshly started server for each test, so the test's deep link is its very first request."""
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def app(browser, tabs) -> Iterator[Server]:
    """One server for all the browser tests, as one server serves a lecture hall (tests that need a brand-new server
    use ``server``)."""
    srv = Server(tabs)
    yield srv
    srv.stop()


@pytest.fixture()
def page(browser, tabs):
    """A 1400 × 1000 tab, kept for the next test as a student keeps a tab open (``views.kept_tab``): each link is a
    new page load and a new Streamlit session, but Chromium keeps the app's scripts compiled (a load took 1.8–2.3 s
    instead of 3.6–3.8 in a new tab). A test that adds scripts, or counts history entries, takes ``fresh_page``."""
    from tests.browser.views import kept_tab  # (views imports this module)

    tab = kept_tab(browser, tabs, 1400, 1000, phone=False)
    yield tab.page
    tab.close()


@pytest.fixture()
def fresh_page(browser):
    """A tab of its own in a new browser context: no history, no cache, nothing another test left behind."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    pg = context.new_page()
    yield pg
    context.close()


def wait_for_app(pg, timeout: float = 30_000) -> None:
    """Wait the way Streamlit's own e2e suite does: connected, script finished, no skeleton."""
    pg.wait_for_timeout(200)
    pg.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    pg.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    pg.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=timeout)
