"""Two Streamlit replicas behind nginx with sticky sessions (deploy/nginx/nginx.conf), all on loopback.

Several students open deep links through the proxy (each its own browser context and sticky cookie), change a
control, then one replica crashes. The students on it reconnect to the other replica by themselves and get every
control back from the URL; the students on the surviving replica never notice (one websocket, state intact).
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import urllib.request
from pathlib import Path

import pytest

from explainer.i18n import translate
from tests.browser.conftest import wait_for_app
from tests.deploy.conftest import Proxy, Replica, in_browser

pytestmark = pytest.mark.browser

PER_REPLICA = 2  # students per replica
TIMEOUT = 45_000  # ms; generous: CI machines (2 cores) may be busy
DEPTH_LABEL = translate("en", "activations.depth.depth")
SEED_LABEL = translate("en", "activations.depth.seed")
ACT_LABEL = translate("en", "activations.depth.activation")


def proxy_sessions(replica: Replica) -> int:
    """Active Streamlit sessions of a replica (its Prometheus metrics, asked directly, not through nginx)."""
    with urllib.request.urlopen(f"{replica.base}/_stcore/metrics", timeout=5) as r:
        text = r.read().decode()
    return int(float(re.search(r"^active_sessions\s+(\S+)", text, flags=re.MULTILINE).group(1)))


class Student:
    def __init__(self, browser, proxy: Proxy, route: str, upstream: str, n: int):
        self.route, self.upstream, self.n = route, upstream, n
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
        self.context.add_cookies([{"name": "nnx_route", "value": route, "url": proxy.base}])
        self.page = self.context.new_page()
        self.sockets: list[str] = []
        self.received = 0  # websocket messages received (a script run sends dozens)
        self.per_socket: list[int] = []  # messages received on each websocket
        self.page.on("websocket", self._on_socket)
        # A deep link with non-default settings: depth section, sigmoid, 3 + n layers, seed 100 + n.
        self.depth, self.seed = 3 + n, 100 + n
        self.url = (f"{proxy.base}/activations?lang=en&view=depth&act=sigmoid&init=normal"
                    f"&depth={self.depth}&dseed={self.seed}")

    def _on_socket(self, ws) -> None:
        self.sockets.append(ws.url)
        self.per_socket.append(0)
        index = len(self.per_socket) - 1

        def count(_payload) -> None:
            self.per_socket[index] += 1

        ws.on("framereceived", self._on_frame)
        ws.on("framereceived", count)

    def _on_frame(self, _payload) -> None:
        self.received += 1

    def query(self, name: str) -> str | None:
        return self.page.evaluate("n => new URLSearchParams(location.search).get(n)", name)

    def press_depth(self) -> None:
        self.page.locator(f"input[type='range'][aria-label='{DEPTH_LABEL}']").focus()
        self.page.keyboard.press("ArrowRight")

    def open(self) -> str:
        """Load the deep link (the app then connects and runs on its own; see ``wait``)."""
        response = self.page.goto(self.url)
        return response.headers.get("x-nnx-upstream", "")

    def wait(self) -> None:
        wait_for_app(self.page, timeout=TIMEOUT)

    def shown(self) -> dict:
        p = self.page
        return {
            "depth": int(p.locator(f"input[type='range'][aria-label='{DEPTH_LABEL}']").input_value()),
            "seed": int(p.locator("[data-testid='stNumberInput'] input").first.input_value()),
            "act": p.locator(f"input[role='combobox'][aria-label='{ACT_LABEL}']").input_value(),
        }

    def expected(self) -> dict:
        return {"depth": self.depth, "seed": self.seed, "act": translate("en", "activations.fn.sigmoid")}

    def move_depth(self) -> None:
        """Change a control the way a student does (keyboard on the slider): depth + 1; see ``moved``.

        A key press while the app is still re-rendering (just after a reconnect) can be dropped by the widget:
        press again until the slider itself shows the new value — but never after a slow one was applied (on a busy
        machine it showed after the wait, and a second press made it depth + 2)."""
        slider = self.page.locator(f"input[type='range'][aria-label='{DEPTH_LABEL}']")
        for _ in range(20):
            if slider.input_value() == str(self.depth + 1):
                break
            slider.focus()
            self.page.keyboard.press("ArrowRight")
            try:
                self.page.wait_for_function(
                    "([label, d]) => document.querySelector(`input[type='range'][aria-label='${label}']`)?.value"
                    " === String(d)", arg=[DEPTH_LABEL, self.depth + 1], timeout=3_000)
                break
            except Exception:  # noqa: BLE001 — dropped key press: try again
                continue
        self.depth += 1

    def moved(self) -> None:
        """The rerun finished and wrote the new depth to the URL."""
        try:
            self.page.wait_for_function("d => new URLSearchParams(location.search).get('depth') === String(d)",
                                        arg=self.depth, timeout=TIMEOUT)
        except Exception as err:
            raise AssertionError(f"{self.route}: depth {self.depth} never reached the URL {self.page.url} "
                                 f"(shown {self.shown()}, {self.state()}, sockets {self.sockets})") from err
        self.wait()

    def state(self) -> str:
        return self.page.get_attribute("[data-testid='stApp']", "data-test-connection-state") or ""

    def errors(self) -> int:
        return self.page.locator("[data-testid='stException']").count()


def test_replica_failover_keeps_every_student(nginx_available, chromium_available):
    in_browser(failover_scenario)


def failover_scenario(browser) -> None:
    secret = secrets.token_hex(32)  # the same server.cookieSecret on every replica
    logs = Path(tempfile.mkdtemp(prefix="nnx-replicas-"))
    replicas = [Replica(secret, logs) for _ in range(2)]
    proxy = None
    students: list[Student] = []
    try:
        for r in replicas:
            r.wait()
        proxy = Proxy([r.port for r in replicas])
        doomed, survivor = (f"127.0.0.1:{r.port}" for r in replicas)

        # Sticky cookies: find routes that the proxy's consistent hash sends to each replica.
        routes: dict[str, list[str]] = {doomed: [], survivor: []}
        for i in range(200):
            route = f"student-{i}"
            up = proxy.upstream_of(route)
            assert up == proxy.upstream_of(route), "affinity: the same cookie must reach the same replica"
            if len(routes[up]) < PER_REPLICA:
                routes[up].append(route)
            if all(len(v) == PER_REPLICA for v in routes.values()):
                break
        assert all(len(v) == PER_REPLICA for v in routes.values()), f"hash never spread the cookies: {routes}"

        n = 0
        for upstream, names in routes.items():
            for route in names:
                students.append(Student(browser, proxy, route, upstream, n))
                n += 1
        for s in students:  # every student loads at once
            assert s.open() == s.upstream  # the page itself came from the expected replica
        for s in students:
            s.wait()
            assert s.shown() == s.expected(), "the deep link's settings are shown"
            s.move_depth()  # a change made in the session, not in the deep link
        for s in students:
            s.moved()
            assert s.shown() == s.expected()
            assert s.errors() == 0 and len(s.sockets) == 1

        on_doomed = [s for s in students if s.upstream == doomed]
        on_survivor = [s for s in students if s.upstream == survivor]
        assert proxy_sessions(replicas[0]) == proxy_sessions(replicas[1]) == PER_REPLICA

        replicas[0].kill()

        # Students of the dead replica: the client reconnects through nginx to the survivor by itself. Streamlit's
        # client does not rerun after a reconnect (it keeps showing the last run), so the new session on the
        # survivor starts with the student's next interaction — which must be applied, not lost.
        for s in on_doomed:
            deadline_ms, waited = 30_000, 0
            while len(s.sockets) < 2 and waited < deadline_ms:
                s.page.wait_for_timeout(100)
                waited += 100
            assert len(s.sockets) >= 2, f"{s.route}: no reconnect after the replica died"
            s.wait()
            assert s.state() == "CONNECTED" and s.errors() == 0
            assert proxy.upstream_of(s.route) == survivor
            s.page.wait_for_timeout(2_000)
            before = s.received
            s.press_depth()  # the first interaction runs the page in a brand-new session on the survivor
            waited = 0
            while s.received < before + 5 and waited < TIMEOUT:
                s.page.wait_for_timeout(100)
                waited += 100
            assert s.received >= before + 5, f"{s.route}: the survivor never ran the page"
            s.wait()
            # The key press is applied (explainer.controls: in a session that never drew the page, the values the
            # browser sends win over the URL's older ones); every other control comes back from the URL.
            url_depth = int(s.query("depth"))
            assert url_depth == s.depth + 1, (url_depth, s.depth)
            s.depth = url_depth
            assert s.shown() == s.expected(), f"{s.route}: settings not restored from the URL"
            assert s.query("act") == "sigmoid" and s.query("init") == "normal" and s.query("view") == "depth"
            assert s.errors() == 0
            s.move_depth()  # and the new session works like any other
            s.moved()
            assert s.shown() == s.expected()
        assert proxy_sessions(replicas[1]) == len(students), "every student is now served by the survivor"

        # Students of the surviving replica never noticed: same single websocket, same session state.
        for s in on_survivor:
            assert len(s.sockets) == 1, f"{s.route}: reconnected although its replica is alive"
            assert s.state() == "CONNECTED"
            assert s.shown() == s.expected()
            assert s.errors() == 0
            s.move_depth()
            s.moved()
            assert len(s.sockets) == 1 and s.shown() == s.expected()
    except BaseException:
        if proxy is not None:
            print("nginx error log:\n" + proxy.error_log()[-4000:])
        for r in replicas:
            print(f"replica {r.port} log:\n" + r.log_text()[-3000:])
        raise
    finally:
        for s in students:
            s.context.close()
        if proxy is not None:
            proxy.stop()
        for r in replicas:
            r.stop()
        shutil.rmtree(logs, ignore_errors=True)
