"""Soak: many students arrive, use pages and leave over a few minutes; does the server give the memory back?

    python -m benchmarks.soak                                # 300 sessions over 180 s, production settings
    python -m benchmarks.soak --sessions 300 --arrive 180 --ttl 120

Why: the production config turns Streamlit's ``runner.postScriptGC`` off (it ran ``gc.collect(2)`` after every
script run and cost more server CPU than our pages); this shows memory stays bounded without it. One server with
the production settings (``deploy/streamlit/config.toml``). After a warm-up (one session per page: imports, first
cache entries), the resting RSS is measured; then ``--sessions`` simulated students (Streamlit's websocket
protocol, ``benchmarks.capacity.Student``) arrive evenly over ``--arrive`` seconds, each opens a random page by deep
link, changes ``--changes`` controls ~every 2 s (one in ten plays the playground for a few seconds) and leaves
(closes its websocket). Streamlit keeps a disconnected session for ``server.disconnectedSessionTTL`` seconds (120 in
production, to survive a reconnect); after the last student leaves the benchmark waits until the server reports no
session, then measures RSS again.

Targets (issue "instant for a lecture hall"): RSS back within 15 % of the warm resting RSS; memory per live session
≤ 3 MB (peak RSS above the warm rest, divided by the peak number of live sessions).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from types import SimpleNamespace

from benchmarks.capacity import Server, Stats, Student, active_sessions, percentile, proc_rss_mb
from explainer.pages import built_pages


async def soak(server: Server, args) -> dict:
    rng = random.Random(args.seed)
    pages = list(built_pages())
    playground = next((p for p in pages if p.id == "playground"), None)
    student_args = SimpleNamespace(interval=args.interval, play=args.play)
    stats = Stats()

    async def visit(n: int, page, plays: bool, changes: int) -> None:
        # a student who stays for `changes` control changes, then closes the tab
        until = time.monotonic() + changes * args.interval
        await Student(n, server.base, page, stats, random.Random(rng.random()), student_args, plays).main(until)

    # warm-up: every page once (imports, first cache entries), then the resting RSS with nobody connected
    await asyncio.gather(*(visit(-i, p, False, 1) for i, p in enumerate(pages)))
    await wait_for_no_sessions(server, args.ttl + 60)
    await asyncio.sleep(3)
    rss_rest = proc_rss_mb(server.proc.pid)

    samples: list[tuple[float, int, float]] = []  # (t, live sessions, RSS MB)
    start = time.monotonic()
    tasks = []
    for i in range(args.sessions):
        plays = playground is not None and i % 10 == 9
        page = playground if plays else rng.choice(pages)
        delay = args.arrive * i / args.sessions

        async def later(i=i, page=page, plays=plays, delay=delay):
            await asyncio.sleep(delay)
            await visit(i, page, plays, rng.randint(args.changes - 1, args.changes + 1))

        tasks.append(asyncio.create_task(later()))
    while not all(t.done() for t in tasks):
        await asyncio.sleep(2.0)
        try:
            samples.append((time.monotonic() - start, active_sessions(server.base), proc_rss_mb(server.proc.pid)))
        except OSError:
            pass
    left_at = time.monotonic() - start
    await wait_for_no_sessions(server, args.ttl + 120, samples, start)
    await asyncio.sleep(3)
    rss_end = proc_rss_mb(server.proc.pid)
    peak_rss = max((r for _, _, r in samples), default=rss_rest)
    peak_sessions = max((s for _, s, _ in samples), default=0)
    return {
        "sessions": args.sessions, "arrive_s": args.arrive, "left_at_s": left_at, "ttl_s": args.ttl,
        "rss_rest_mb": rss_rest, "rss_peak_mb": peak_rss, "rss_end_mb": rss_end, "peak_sessions": peak_sessions,
        "mb_per_session": (peak_rss - rss_rest) / max(1, peak_sessions),
        "end_vs_rest": rss_end / rss_rest - 1.0, "interactions": stats.interactions,
        "p95_s": percentile(stats.latencies, 0.95), "errors": stats.errors, "samples": samples,
    }


async def wait_for_no_sessions(server: Server, timeout: float, samples=None, start: float = 0.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            live = active_sessions(server.base)
        except OSError:
            live = -1
        if samples is not None:
            samples.append((time.monotonic() - start, max(live, 0), proc_rss_mb(server.proc.pid)))
        if live == 0:
            return
        await asyncio.sleep(2.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=300)
    ap.add_argument("--arrive", type=float, default=180.0, help="seconds over which the sessions arrive")
    ap.add_argument("--changes", type=int, default=4, help="control changes per student (±1)")
    ap.add_argument("--interval", type=float, default=2.0, help="mean seconds between a student's changes")
    ap.add_argument("--play", type=float, default=5.0, help="seconds a playground student plays")
    ap.add_argument("--ttl", type=int, default=120,
                    help="server.disconnectedSessionTTL (production: 120 s); smaller only to try things quickly")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    server = Server(extra=["--server.disconnectedSessionTTL", str(args.ttl)])
    try:
        r = asyncio.run(soak(server, args))
    finally:
        server.stop()
    load = os.getloadavg()
    print(f"\nSoak: {r['sessions']} sessions arrived over {r['arrive_s']:.0f} s and left (last left at "
          f"{r['left_at_s']:.0f} s; disconnected-session TTL {r['ttl_s']} s); load average {load[0]:.1f} on "
          f"{os.cpu_count()} CPUs\n")
    print("| RSS at rest (warm) | peak (live sessions) | per live session | after everyone left | change |")
    print("|---|---|---|---|---|")
    print(f"| {r['rss_rest_mb']:.0f} MB | {r['rss_peak_mb']:.0f} MB ({r['peak_sessions']}) | "
          f"{r['mb_per_session']:.2f} MB | {r['rss_end_mb']:.0f} MB | {r['end_vs_rest'] * 100:+.1f} % |")
    print(f"\n{r['interactions']} interactions, p95 {r['p95_s'] * 1000:.0f} ms, {len(r['errors'])} errors")
    for e in r["errors"][:5]:
        print("   error:", e)
    ok = r["end_vs_rest"] <= 0.15 and r["mb_per_session"] <= 3.0 and not r["errors"]
    print("targets met" if ok else "targets NOT met (RSS back within 15 %, ≤ 3 MB per session, no errors)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
