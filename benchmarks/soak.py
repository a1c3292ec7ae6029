"""Soak: many students arrive, use pages and leave over a few minutes; does the server give the memory back?

    python -m benchmarks.soak                                # 300 sessions over 180 s, production settings
    python -m benchmarks.soak --sessions 300 --arrive 180 --ttl 120

Why: the production config turns Streamlit's ``runner.postScriptGC`` off (it ran ``gc.collect(2)`` after every
script run and cost more server CPU than our pages); this shows memory stays bounded without it. One server with
the production settings (``deploy/streamlit/config.toml``). After a warm-up — every section of every page in both
languages, three changes each (``--warm pages``: one session per page, the warm-up used before) — the resting RSS is
measured; then ``--sessions`` simulated students (Streamlit's websocket
protocol, ``benchmarks.capacity.Student``) arrive evenly over ``--arrive`` seconds, each opens a random page by deep
link, changes ``--changes`` controls ~every 2 s (one in ten plays the playground for a few seconds) and leaves
(closes its websocket). Streamlit keeps a disconnected session for ``server.disconnectedSessionTTL`` seconds (120 in
production, to survive a reconnect; up to 128 of them, dropped when the next session arrives after they expired);
after the last student leaves the benchmark waits out that TTL, lets one visitor come and go, and measures RSS
again (``--waves 2`` repeats the crowd: memory that keeps growing from wave to wave would be a leak).

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

    # warm-up (imports, first cache entries), then the resting RSS with nobody connected
    if args.warm == "sections":
        await warm_every_section(server, pages, playground, stats, student_args)
    else:
        await asyncio.gather(*(visit(-i, p, False, 1) for i, p in enumerate(pages)))
    await wait_for_no_sessions(server, args.ttl + 60)
    await asyncio.sleep(3)
    rss_rest = proc_rss_mb(server.proc.pid)

    samples: list[tuple[float, int, float]] = []  # (t, live sessions, RSS MB)
    start = time.monotonic()
    after_waves = []
    for wave in range(args.waves):
        tasks = []
        for i in range(args.sessions):
            plays = playground is not None and i % 10 == 9
            page = playground if plays else rng.choice(pages)
            delay = args.arrive * i / args.sessions

            async def later(n=wave * args.sessions + i, page=page, plays=plays, delay=delay):
                await asyncio.sleep(delay)
                await visit(n, page, plays, rng.randint(args.changes - 1, args.changes + 1))

            tasks.append(asyncio.create_task(later()))
        while not all(t.done() for t in tasks):
            await asyncio.sleep(2.0)
            try:
                samples.append((time.monotonic() - start, active_sessions(server.base),
                                proc_rss_mb(server.proc.pid)))
            except OSError:
                pass
        await wait_for_no_sessions(server, args.ttl + 120, samples, start)
        # Streamlit keeps up to 128 disconnected sessions for server.disconnectedSessionTTL seconds and drops the
        # expired ones at the next session's arrival: wait out the TTL, let one visitor come and go, then measure.
        await asyncio.sleep(args.ttl + 5)
        await visit(-1000 - wave, pages[0], False, 1)
        await wait_for_no_sessions(server, 60)
        await asyncio.sleep(3)
        after_waves.append(proc_rss_mb(server.proc.pid))
    rss_end = after_waves[-1]
    peak_rss = max((r for _, _, r in samples), default=rss_rest)
    peak_sessions = max((s for _, s, _ in samples), default=0)
    return {
        "sessions": args.sessions, "waves": args.waves, "arrive_s": args.arrive, "ttl_s": args.ttl,
        "rss_rest_mb": rss_rest, "rss_peak_mb": peak_rss, "rss_end_mb": rss_end, "rss_after_waves_mb": after_waves,
        "peak_sessions": peak_sessions, "mb_per_session": (peak_rss - rss_rest) / max(1, peak_sessions),
        "end_vs_rest": rss_end / rss_rest - 1.0, "interactions": stats.interactions,
        "p95_s": percentile(stats.latencies, 0.95), "errors": stats.errors, "samples": samples,
    }


async def warm_every_section(server: Server, pages, playground, stats: Stats, student_args) -> None:
    """Every section of every page, in both languages, three control changes each (the playground plays): a server
    that has shown everything once. Without it the first crowd also pays for the imports, code and first cache
    entries of the sections the warm-up never opened — memory a server keeps whoever comes next, not memory the
    crowd's sessions kept (measured: that share was about half of the growth after a crowd)."""
    from benchmarks.pages import SECTIONS

    visits = [(page, params, lang) for page in pages for params in (SECTIONS.get(page.id) or [{}])
              for lang in ("en", "zh")]
    gate = asyncio.Semaphore(8)

    async def one(i: int, page, params: dict, lang: str) -> None:
        async with gate:
            student = Student(-1 - i, server.base, page, stats, random.Random(i), student_args, page is playground)
            student.query = "&".join([f"lang={lang}", *(f"{k}={v}" for k, v in params.items())])
            await student.main(time.monotonic() + 3 * student_args.interval)

    await asyncio.gather(*(one(i, *v) for i, v in enumerate(visits)))


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
    ap.add_argument("--waves", type=int, default=1, help="waves of --sessions students, one after the other")
    ap.add_argument("--ttl", type=int, default=120,
                    help="server.disconnectedSessionTTL (production: 120 s); smaller only to try things quickly")
    ap.add_argument("--warm", choices=("sections", "pages"), default="sections",
                    help="warm-up before the resting RSS: every section of every page in both languages (default), "
                         "or every page once at its first section (the warm-up before 2026-11-30)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    server = Server(extra=["--server.disconnectedSessionTTL", str(args.ttl)])
    try:
        r = asyncio.run(soak(server, args))
    finally:
        server.stop()
    load = os.getloadavg()
    print(f"\nSoak (warm-up: every {'section' if args.warm == 'sections' else 'page'}): "
          f"{r['waves']} × {r['sessions']} sessions, each wave arriving over {r['arrive_s']:.0f} s and leaving "
          f"(disconnected-session TTL {r['ttl_s']} s); load average {load[0]:.1f} on {os.cpu_count()} CPUs\n")
    print("| RSS at rest (warm) | peak (live sessions) | per live session | after everyone left | change |")
    print("|---|---|---|---|---|")
    print(f"| {r['rss_rest_mb']:.0f} MB | {r['rss_peak_mb']:.0f} MB ({r['peak_sessions']}) | "
          f"{r['mb_per_session']:.2f} MB | {r['rss_end_mb']:.0f} MB | {r['end_vs_rest'] * 100:+.1f} % |")
    if r["waves"] > 1:
        print("\nRSS after each wave: " + ", ".join(f"{v:.0f} MB" for v in r["rss_after_waves_mb"]))
    print(f"\n{r['interactions']} interactions, p95 {r['p95_s'] * 1000:.0f} ms, {len(r['errors'])} errors")
    for e in r["errors"][:5]:
        print("   error:", e)
    ok = r["end_vs_rest"] <= 0.15 and r["mb_per_session"] <= 3.0 and not r["errors"]
    print("targets met" if ok else "targets NOT met (RSS back within 15 %, ≤ 3 MB per session, no errors)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
