"""Live-training benchmark of the Playground page in a real browser (Playwright + Debian Chromium).

    python -m benchmarks.playground            # default problem, 10 s of playing
    python -m benchmarks.playground --seconds 20 --speed 50

Starts ``streamlit run app.py`` on a free port, opens ``/playground`` (default problem: circle, 2-4-2-1 tanh,
learning rate 0.03, batch size 10, 250 training points), presses Play and, for the measured window, counts in the
page how often the output heatmap was redrawn with new data (frames/s) and reads the epoch counter (epochs/s).
Targets (issue 8): ≥ 5 frames/s while training ≥ 120 epochs/s. Prints the figures; not a timed test.
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, wait_for_app

# Counts redraws of the heatmap (trace meta "map") that show new numbers: a fingerprint of a few of its values.
WATCH_JS = """
() => {
  window.__frames = [];
  const seen = new Set();  // a stale copy of the chart may sit in the page during a rerun: count new maps only
  setInterval(() => {
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
      const tr = gd._fullData && gd._fullData[0];
      if (tr && tr.meta === 'map' && tr.z && tr.z.length > 80) {
        const fp = [tr.z[50][50], tr.z[20][70], tr.z[80][30], tr.z[10][10]].join(',');
        if (!seen.has(fp)) { seen.add(fp); window.__frames.push(performance.now()); }
      }
    }
  }, 5);
}
"""

EPOCH_JS = """
() => {
  const m = Array.from(document.querySelectorAll('[data-testid="stMetric"]'));
  const v = m.length ? m[0].querySelector('[data-testid="stMetricValue"]') : null;
  return v ? parseInt(v.innerText.replace(/[^0-9]/g, ''), 10) : -1;
}
"""


def epoch(page) -> int:
    return int(page.evaluate(EPOCH_JS))


def measure(page, server, seconds: float, params: dict) -> dict:
    page.goto(server.url("playground", lang="en", **params))
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.wait_for_timeout(1000)
    page.evaluate(WATCH_JS)
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(2000)  # warm-up: the full rerun that starts the ticking, first frames
    e0, f0, t0 = epoch(page), page.evaluate("() => window.__frames.length"), time.perf_counter()
    page.wait_for_timeout(seconds * 1000)
    e1, f1, t1 = epoch(page), page.evaluate("() => window.__frames.length"), time.perf_counter()
    t_pause = time.perf_counter()
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)  # the pause reached the server
    wait_for_app(page)
    pause_latency = time.perf_counter() - t_pause
    e2 = epoch(page)
    page.wait_for_timeout(2000)
    e3 = epoch(page)
    elapsed = t1 - t0
    return {"frames_per_s": (f1 - f0) / elapsed, "epochs_per_s": (e1 - e0) / elapsed,
            "epochs_per_frame": (e1 - e0) / max(f1 - f0, 1), "paused_epochs_after_2s": e3 - e2, "epoch": e3,
            "pause_latency_s": pause_latency}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--speed", type=int, default=None, help="epochs per frame (default: the page's default)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    params = {} if args.speed is None else {"speed": str(args.speed)}
    server = Server()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            r = measure(page, server, args.seconds, params)
            browser.close()
    finally:
        server.stop()
    ok = r["frames_per_s"] >= 5 and r["epochs_per_s"] >= 120
    print(f"Playground live training, default problem, Chromium, {args.seconds:g} s of playing:")
    print(f"  boundary redraws   {r['frames_per_s']:6.1f} frames/s   (target ≥ 5)")
    print(f"  training           {r['epochs_per_s']:6.1f} epochs/s   (target ≥ 120)")
    print(f"  epochs per frame   {r['epochs_per_frame']:6.1f}")
    print(f"  pause took effect  {r['pause_latency_s']:6.2f} s after the click")
    print(f"  after pause        {r['paused_epochs_after_2s']:6d} epochs in 2 s (must be 0)")
    print("  " + ("meets the target" if ok else "BELOW the target"))
    return 0 if ok and r["paused_epochs_after_2s"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
