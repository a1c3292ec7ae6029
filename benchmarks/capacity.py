"""Capacity of one server: N simulated students on one ``streamlit run app.py`` (loopback only).

    python -m benchmarks.capacity --students 60 --duration 90
    python -m benchmarks.capacity --sweep 20,40,60,80 --duration 60      # a fresh server per step

Each student is a Streamlit websocket client (the browser's own protocol: BackMsg/ForwardMsg protobufs on
``/_stcore/stream``), so the driver costs a fraction of what 60 browser tabs would on the same 2-core machine and
the CPU goes to the server being measured. A student opens a random built page by deep link (with ``lang``), then
every ~``--interval`` s (±50 %) changes one of the page's own controls to a random value (sliders, select sliders,
select boxes, radios, number inputs, toggles) and waits for the rerun to finish; one in five opens the playground
and plays it for ``--play`` s (like the browser's live view: Play, then a request for the next batch of frames as
soon as one arrives, each rerunning only the live view's fragment), then pauses and behaves like the others.

Reported: interaction latency (control change → ``script_finished``, i.e. the browser's script-state
``notRunning``) p50/p95/max, first-load latency, playground frame latency, errors (exceptions on the page, failed
runs, disconnects, runs slower than 30 s), server CPU (share of one core, from /proc) and RSS: idle, with one
student, with N, and per extra session.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from explainer.pages import built_pages  # noqa: E402

RUN_TIMEOUT = 30.0
DEBUG = bool(os.environ.get("CAPACITY_DEBUG"))
LOOPBACK = ("127.0.0.1", "localhost", "::1")
CHANGEABLE = ("slider", "selectbox", "radio", "number_input", "checkbox")


# ------------------------------------------------------------------------------------------ server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The environment the production image sets (Dockerfile ENV; tests/deploy checks they agree).
PRODUCTION_ENV = {"MALLOC_ARENA_MAX": "2"}


def production_env() -> dict[str, str]:
    return {**os.environ, **PRODUCTION_ENV}


def production_flags() -> list[str]:
    conf = tomllib.loads((ROOT / "deploy" / "streamlit" / "config.toml").read_text(encoding="utf-8"))
    flags = []
    for section, options in conf.items():
        if section == "theme":
            continue
        for key, value in options.items():
            flags += [f"--{section}.{key}", ("true" if value else "false") if isinstance(value, bool) else str(value)]
    return flags


class Server:
    def __init__(self, extra: list[str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(ROOT / ".pytest_cache" / f"capacity-{self.port}.log", "w") \
            if (ROOT / ".pytest_cache").is_dir() else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", *production_flags(), *(extra or []),
             "--server.port", str(self.port), "--server.address", "127.0.0.1"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env=production_env())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if hasattr(self.log, "close"):
            self.log.close()


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid: int) -> float:
    m = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(m.group(1)) / 1024 if m else float("nan")


def active_sessions(base: str) -> int:
    with urllib.request.urlopen(f"{base}/_stcore/metrics", timeout=5) as r:
        m = re.search(r"^active_sessions\s+(\S+)", r.read().decode(), flags=re.M)
    return int(float(m.group(1))) if m else -1


# ------------------------------------------------------------------------------------------ one student
@dataclass
class Widget:
    kind: str
    id: str
    label: str
    proto: object
    fragment_id: str = ""  # a widget drawn by a fragment: the browser reruns only that fragment when it changes


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    frames: list[float] = field(default_factory=list)
    play_rates: list[float] = field(default_factory=list)  # frames/s each playing student saw painted
    errors: list[str] = field(default_factory=list)
    interactions: int = 0
    by_page: dict[str, list[float]] = field(default_factory=dict)
    slowest: list[tuple[float, str, str]] = field(default_factory=list)  # (latency, page, control=value)
    rss_samples: list[tuple[int, float]] = field(default_factory=list)  # (active sessions, RSS MB)

    def record(self, page: str, latency: float, what: str) -> None:
        self.latencies.append(latency)
        self.by_page.setdefault(page, []).append(latency)
        self.slowest.append((latency, page, what))
        self.slowest.sort(reverse=True)
        del self.slowest[10:]


class Student:
    """One browser tab, speaking Streamlit's websocket protocol."""

    def __init__(self, n: int, base: str, page, stats: Stats, rng: random.Random, args, plays: bool):
        self.n, self.base, self.page, self.stats, self.rng, self.args, self.plays = n, base, page, stats, rng, args, plays
        self.query = f"lang={'zh' if rng.random() < 0.3 else 'en'}"
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.states: dict[str, object] = {}  # widget id → WidgetState we sent (the browser resends all)
        self.finished = asyncio.Event()
        self.finish_status = None
        self.run_errors: list[str] = []
        self.auto_reruns: dict[str, float] = {}  # fragment id → interval
        self.fragment_run = False
        self.ws = None
        self.live = None  # the playground's live view: (component id, fragment id, its data)

    # ---- protocol
    async def send_rerun(self, widget_states=(), fragment_id: str = "", auto: bool = False) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        # By name every time: in legacy multipage mode NewSession reports the main script's hash, and sending
        # that back would run Home.
        cs.page_name = self.page.url_path
        if fragment_id:
            cs.fragment_id = fragment_id
            cs.is_auto_rerun = auto
        for ws in list(self.states.values()) + list(widget_states):
            cs.widget_states.widgets.append(ws)
        self.fragment_run = bool(fragment_id)
        self.finished.clear()
        await self.ws.send(msg.SerializeToString())

    async def reader(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        async for data in self.ws:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session" and DEBUG:
                ns = msg.new_session
                print("new_session", ns.page_script_hash, ns.main_script_hash, ns.name, file=sys.stderr)
            if kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
                if not self.fragment_run:  # a full run redraws every widget
                    self.widgets = {}
            elif kind == "delta":
                self._delta(msg)
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "auto_rerun":
                self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.run_errors.append("compile error")
                self.finish_status = status
                self.finished.set()
            elif kind == "page_not_found":
                self.run_errors.append(f"page not found: {self.page.url_path}")

    def _delta(self, msg) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.run_errors.append(f"exception: {el.exception.type}: {el.exception.message[:200]}")
            return
        path = list(msg.metadata.delta_path)
        in_main = bool(path) and path[0] == 0
        if kind == "bidi_component":
            bc = el.bidi_component
            try:
                data = json.loads(bc.json) if bc.json else None
            except ValueError:
                data = None
            self.live = (bc.id, delta.fragment_id, data)
            return
        if kind in CHANGEABLE + ("button",) and in_main:
            proto = getattr(el, kind)
            if getattr(proto, "disabled", False):
                return
            self.widgets[proto.id] = Widget(kind, proto.id, proto.label, proto, delta.fragment_id)

    async def run(self, widget_states=(), fragment_id: str = "", auto: bool = False) -> float | None:
        """Send a rerun and wait for it to finish; returns the latency (None on error, recorded)."""
        self.run_errors = []
        start = time.perf_counter()
        await self.send_rerun(widget_states, fragment_id, auto)
        try:
            await asyncio.wait_for(self.finished.wait(), RUN_TIMEOUT)
        except TimeoutError:
            self.stats.errors.append(f"student {self.n} {self.page.id}: run slower than {RUN_TIMEOUT:.0f} s")
            return None
        elapsed = time.perf_counter() - start
        for err in self.run_errors:
            self.stats.errors.append(f"student {self.n} {self.page.id}: {err}")
        return None if self.run_errors else elapsed

    # ---- what a student does
    def random_change(self):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        candidates = [w for w in self.widgets.values() if w.kind in CHANGEABLE]
        if not candidates:
            return None
        w = self.rng.choice(candidates)
        p = w.proto
        ws = WidgetState()
        ws.id = w.id
        if w.kind == "slider":
            if p.options:  # select_slider: the option text
                ws.string_array_value.data[:] = [self.rng.choice(list(p.options))]
            else:
                lo, hi, step = p.min, p.max, p.step or 1
                n_steps = int(round((hi - lo) / step))
                values = [lo + step * self.rng.randint(0, n_steps) for _ in range(len(p.default) or 1)]
                ws.double_array_value.data[:] = sorted(values)
        elif w.kind in ("selectbox", "radio"):
            if not p.options:
                return None
            ws.string_value = self.rng.choice(list(p.options))
        elif w.kind == "number_input":
            lo = p.min if p.has_min else -100
            hi = p.max if p.has_max else 100
            step = p.step or 1
            ws.double_value = lo + step * self.rng.randint(0, max(0, int((hi - lo) / step)))
        elif w.kind == "checkbox":
            ws.bool_value = self.rng.random() < 0.5
        self.states[w.id] = ws
        return ws

    def button(self, label: str):
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        for w in self.widgets.values():
            if w.kind == "button" and w.label == label:
                ws = WidgetState()
                ws.id = w.id
                ws.trigger_value = True
                return ws
        return None

    def trigger(self, event: str, value):
        """What the live view sends when it calls ``setTriggerValue(event, value)`` (one JSON trigger widget)."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        ws = WidgetState()
        ws.id = f"$$STREAMLIT_INTERNAL_KEY_{self.live[0]}__events"
        ws.json_trigger_value = json.dumps([{"event": event, "value": value}])
        return ws

    async def play(self, seconds: float) -> None:
        """Play like the browser's live view: press its Play (a ``cmd`` trigger that reruns only its fragment), then
        ask for the next batch of frames (``tick`` {s, n}) as soon as the last one arrived — n frames per batch for
        ~30 paints/s at the round trip measured, after the pause the server asks for under load (``wait``) — and
        press Pause at the end. Records each round trip (frame latency) and the frames/s this student saw."""
        if self.live is None or self.live[2] is None:
            self.stats.errors.append(f"student {self.n}: no live view on the playground")
            return
        comp, fragment = self.live[0], self.live[1]
        await asyncio.sleep(1.0)  # a student reads the page before pressing Play
        for attempt in (1, 2):
            # this client sends the page by name, never its hash: the server takes its first fragment request for a
            # page change and drops the trigger (a browser's first click works), so the click is repeated once
            latency = await self.run([self.trigger("cmd", {"do": "play", "n": attempt})], fragment_id=fragment)
            if latency is None:
                return
            if self.live and self.live[2] and self.live[2].get("playing"):
                break
        if not (self.live and self.live[2] and self.live[2].get("playing")):
            self.stats.errors.append(f"student {self.n}: Play did not start the playground")
            return
        self.stats.record(self.page.id, latency, "play")
        self.stats.interactions += 1
        start, end, frames, asked, rtt = time.monotonic(), time.monotonic() + seconds, 0, 0, 0.0
        while time.monotonic() < end:
            data = self.live[2] if self.live and self.live[0] == comp else None
            if not data or not data.get("playing"):
                break  # training stopped by itself (or the view went away)
            await asyncio.sleep(max(0, data.get("wait", 0)) / 1000)
            asked = max(asked, int(data.get("ack", 0))) + 1
            n = max(1, min(4, -(-int(rtt * 1000) // 33))) if rtt else 1
            frame = await self.run([self.trigger("tick", {"s": asked, "n": n})], fragment_id=fragment)
            if frame is None:
                break
            rtt = frame if not rtt else 0.7 * rtt + 0.3 * frame
            self.stats.frames.append(frame)
            got = self.live[2] if self.live else None
            frames += len(got.get("frames", ())) if got else 0
        elapsed = time.monotonic() - start
        if elapsed > 0:
            self.stats.play_rates.append(frames / elapsed)
        await self.run([self.trigger("cmd", {"do": "pause", "n": 3})], fragment_id=fragment)

    async def main(self, until: float) -> None:
        import websockets

        url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        try:
            async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=30,
                                          ping_interval=None) as ws:
                self.ws = ws
                reader = asyncio.create_task(self.reader())
                latency = await self.run()  # the deep link: first run of the page
                if latency is not None:
                    self.stats.loads.append(latency)
                if self.plays:
                    await self.play(self.args.play)
                while time.monotonic() < until:
                    await asyncio.sleep(self.args.interval * self.rng.uniform(0.5, 1.5))
                    if time.monotonic() >= until:
                        break
                    change = self.random_change()
                    if change is None:
                        continue
                    # as the browser does: a widget inside a fragment reruns that fragment only
                    latency = await self.run(fragment_id=self.widgets[change.id].fragment_id)
                    self.stats.interactions += 1
                    if latency is not None:
                        value = getattr(change, change.WhichOneof("value"))
                        value = list(value.data) if hasattr(value, "data") else value
                        what = f"{change.id.rsplit('-', 1)[-1]}={value}"[:80]
                        self.stats.record(self.page.id, latency, what)
                reader.cancel()
        except Exception as err:  # noqa: BLE001 — a disconnect or refused connection is an error to report
            self.stats.errors.append(f"student {self.n} {self.page.id}: {type(err).__name__}: {err}")


# ------------------------------------------------------------------------------------------ one load level
def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def load(bases: list[str], pids: list[int], n: int, args, rng: random.Random) -> dict:
    """N students spread round-robin over the replicas ``bases`` (what a sticky proxy does); CPU and RSS summed."""
    pages = [p for p in built_pages() if p.id != "home"] + [next(p for p in built_pages() if p.id == "home")]
    has_playground = any(p.id == "playground" for p in pages)
    stats = Stats()
    # Warm-up: one student on every page (imports, caches), then measure one-session RSS.
    def rss_total() -> float:
        return sum(proc_rss_mb(pid) for pid in pids)

    def cpu_total() -> float:
        return sum(proc_cpu_seconds(pid) for pid in pids)

    rss_idle = rss_total()
    warm_until = time.monotonic() + 1
    await asyncio.gather(*(Student(-i, base, p, Stats(), rng, args, False).main(warm_until)
                           for base in bases for i, p in enumerate(pages)))
    await asyncio.sleep(1.0)
    rss_one = rss_total()

    students = []
    for i in range(n):
        plays = has_playground and i % 5 == 4
        page = next(p for p in pages if p.id == "playground") if plays else rng.choice(pages)
        students.append(Student(i, bases[i % len(bases)], page, stats, random.Random(rng.random()), args, plays))
    start = time.monotonic()
    until = start + args.ramp + args.duration
    cpu0, t0 = cpu_total(), time.monotonic()

    async def staggered(s: Student, delay: float):
        await asyncio.sleep(delay)
        await s.main(until)

    rss_peak, sessions_peak = rss_one, 0
    tasks = [asyncio.create_task(staggered(s, args.ramp * i / max(1, n))) for i, s in enumerate(students)]
    while not all(t.done() for t in tasks):
        await asyncio.sleep(1.0)
        rss = rss_total()
        rss_peak = max(rss_peak, rss)
        try:
            sessions = sum(active_sessions(base) for base in bases)
        except OSError:
            continue
        sessions_peak = max(sessions_peak, sessions)
        stats.rss_samples.append((sessions, rss))
    cpu = (cpu_total() - cpu0) / (time.monotonic() - t0)
    per_session = (rss_peak - rss_one) / max(1, n - len(bases))
    # Slope of RSS against live sessions while they arrive (least squares): memory per extra session once the
    # one-off costs (imports, caches) are paid. The peak difference above is the conservative figure.
    xs = [s for s, _ in stats.rss_samples]
    slope = float("nan")
    if len(set(xs)) > 2:
        mx, my = statistics.fmean(xs), statistics.fmean(r for _, r in stats.rss_samples)
        slope = sum((x - mx) * (r - my) for x, r in stats.rss_samples) / sum((x - mx) ** 2 for x in xs)
    pages_table = {page: {"n": len(v), "p50_s": percentile(v, 0.5), "p95_s": percentile(v, 0.95), "max_s": max(v)}
                   for page, v in sorted(stats.by_page.items())}
    return {
        "students": n, "replicas": len(bases), "playing": sum(s.plays for s in students), "interactions": stats.interactions,
        "p50_s": percentile(stats.latencies, 0.5), "p95_s": percentile(stats.latencies, 0.95),
        "max_s": max(stats.latencies, default=float("nan")),
        "load_p50_s": percentile(stats.loads, 0.5), "load_p95_s": percentile(stats.loads, 0.95),
        "frame_p50_s": percentile(stats.frames, 0.5), "frame_p95_s": percentile(stats.frames, 0.95),
        "frames": len(stats.frames), "errors": len(stats.errors),
        "play_fps_min": min(stats.play_rates, default=float("nan")),
        "play_fps_p50": percentile(stats.play_rates, 0.5), "error_samples": stats.errors[:5],
        "cpu_cores": cpu, "rss_idle_mb": rss_idle, "rss_one_mb": rss_one, "rss_peak_mb": rss_peak,
        "mb_per_session": per_session, "mb_per_session_slope": slope, "sessions_peak": sessions_peak,
        "pages": pages_table, "slowest": stats.slowest,
    }


def report(rows: list[dict]) -> str:
    head = ("| students on replicas | interactions | p50 | p95 | max | first load p95 | frame p95 | errors | server CPU | "
            "RSS (1 → N) | per extra session |")
    lines = [head, "|" + "|".join(["---"] * (head.count("|") - 1)) + "|"]
    for r in rows:
        lines.append(
            f"| {r['students']} ({r['playing']} playing) on {r['replicas']} | {r['interactions']} | {r['p50_s'] * 1000:.0f} ms | "
            f"{r['p95_s'] * 1000:.0f} ms | {r['max_s'] * 1000:.0f} ms | {r['load_p95_s'] * 1000:.0f} ms | "
            f"{r['frame_p95_s'] * 1000:.0f} ms | {r['errors']} | {r['cpu_cores'] * 100:.0f} % of a core | "
            f"{r['rss_one_mb']:.0f} → {r['rss_peak_mb']:.0f} MB | {r['mb_per_session']:.2f} MB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, default=60)
    ap.add_argument("--sweep", type=str, default="", help="comma list of student counts (fresh server each)")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of steady load after the ramp")
    ap.add_argument("--ramp", type=float, default=10.0, help="seconds over which the students arrive")
    ap.add_argument("--interval", type=float, default=5.0, help="mean seconds between control changes")
    ap.add_argument("--play", type=float, default=20.0, help="seconds a playground student plays")
    ap.add_argument("--replicas", type=int, default=1,
                    help="servers; students are spread round-robin (what the sticky proxy does)")
    ap.add_argument("--url", default="", help="an already running server (loopback only)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default="", help="also write the results to this file")
    args = ap.parse_args(argv)

    counts = [int(c) for c in args.sweep.split(",") if c.strip()] or [args.students]
    rows = []
    for n in counts:
        servers: list[Server] = []
        if args.url:
            host = urllib.request.urlparse(args.url).hostname
            if host not in LOOPBACK:
                ap.error("--url must be a loopback address (this driver is a load generator)")
            bases, pids = [args.url.rstrip("/")], [int(subprocess.check_output(
                ["sh", "-c", f"ss -ltnpH 'sport = :{urllib.request.urlparse(args.url).port}' | "
                 "grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2"]).strip())]
        else:
            servers = [Server() for _ in range(args.replicas)]
            bases, pids = [s.base for s in servers], [s.proc.pid for s in servers]
        try:
            print(f"… {n} students for {args.ramp:.0f} + {args.duration:.0f} s on {', '.join(bases)}", file=sys.stderr,
                  flush=True)
            row = asyncio.run(load(bases, pids, n, args, random.Random(args.seed + n)))
        finally:
            for s in servers:
                s.stop()
        rows.append(row)
        print(report([row]).splitlines()[-1], file=sys.stderr, flush=True)
        for sample in row["error_samples"]:
            print("   error:", sample, file=sys.stderr)
        for page, v in row["pages"].items():
            print(f"   {page:18s} n={v['n']:4d} p50 {v['p50_s'] * 1000:6.0f} ms  p95 {v['p95_s'] * 1000:6.0f} ms  "
                  f"max {v['max_s'] * 1000:6.0f} ms", file=sys.stderr)
        for latency, page, what in row["slowest"][:5]:
            print(f"   slow: {latency * 1000:6.0f} ms  {page}  {what}", file=sys.stderr)
        print(f"   RSS slope {row['mb_per_session_slope']:.2f} MB/session, peak sessions {row['sessions_peak']}",
              file=sys.stderr)
        print(f"   playing students: {row['play_fps_p50']:.1f} frames/s each (median), slowest {row['play_fps_min']:.1f}; "
              f"load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print(f"\nCapacity on {os.cpu_count()} CPUs (interval {args.interval:g} s, playground {args.play:g} s):\n")
    print(report(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    ok = all(r["errors"] == 0 and r["p95_s"] <= 1.0 and r["mb_per_session"] <= 3.0 for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
