"""How long a student waits: a slider step in Chromium → the page settled, on every page, beside a bare Streamlit
chart measured the same way in the same run.

    python -m benchmarks.settle                      # every page and section, 6 steps each
    python -m benchmarks.settle activations backprop --steps 10

Two servers with the production settings (deploy/streamlit/config.toml: postScriptGC off, no file watcher): the
app, and ``benchmarks/reference_app.py`` (one slider, one 200-point Plotly curve given as a dict). For each page
section (``benchmarks.pages.SECTIONS``) Chromium opens the deep link, focuses a slider of the section and presses
→ (then ←, alternating, so the value stays in range), like a student with the keyboard. **Settled** = the script
finished (``data-test-script-state=notRunning``) and the page's DOM did not change for 400 ms; the time reported is
from the key press (``KeyboardEvent.timeStamp``) to the last DOM change — Plotly's redraw included. Server CPU per
change is read from ``/proc/<pid>/stat`` (utime + stime, 10 ms ticks, so the mean over the steps is reported beside
the largest single change).

The reference is measured just before each section (the same number of steps), and each section is compared with
that measurement: this machine's speed drifts within a run (the reference went from ~55 to ~90 ms in one run of
~7 minutes), so a ratio to the whole run's median would flatter the sections measured while it was fast and blame
those measured while it was slow. The table gives both ratios.

Targets (issue "instant for a lecture hall"): every page's median ≤ 2× the reference app's median in the same run,
server CPU per change ≤ 40 ms, no change above 300 ms of CPU. Prints a table and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.capacity import free_port, production_env, production_flags  # noqa: E402
from benchmarks.pages import SECTIONS  # noqa: E402
from explainer.pages import built_pages  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
QUIET_MS = 400
TIMEOUT_MS = 60_000

# A MutationObserver on the whole document and the key press's timestamp, both on the page's clock.
WATCH_JS = """
() => {
  window.__nnx = {last: performance.now(), key: null};
  new MutationObserver(() => { window.__nnx.last = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener('keydown', (e) => { window.__nnx.key = e.timeStamp; }, true);
  document.addEventListener('mousedown', (e) => { window.__nnx.key = e.timeStamp; }, true);
}
"""
SKELETONS_GONE_JS = "() => !document.querySelector(\"[data-testid='stSkeleton'], [data-testid='stSkeletonElement']\")"
SLIDERS = "[data-testid='stMain'] [data-testid='stSlider'] input[type='range']"
STEP_UP = "[data-testid='stMain'] [data-testid='stNumberInputStepUp']"
STEP_DOWN = "[data-testid='stMain'] [data-testid='stNumberInputStepDown']"


class Server:
    def __init__(self, script: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, *production_flags(), "--server.port", str(self.port),
             "--server.address", "127.0.0.1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            env={**production_env(), **(env or {})})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{script} did not start")

    def cpu_ns(self) -> int:
        """CPU time of the server process, every thread included — also the script threads that have already
        ended, which per-thread counters would miss (utime + stime, in clock ticks of 10 ms)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int((int(fields[11]) + int(fields[12])) * 1e9 / os.sysconf("SC_CLK_TCK"))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# Waits inside the page: a timer every 50 ms reads the script state and the time since the last DOM change. Polling
# from Python instead (a Playwright selector query every 25 ms) ran Playwright's selector engine on the page's main
# thread while it was still working — 4 ms a query on the playground's ~200 elements, ~25 ms per change — and so
# measured Playwright as part of the page.
SETTLED_JS = """
([quiet, timeout]) => new Promise((resolve, reject) => {
  const t0 = performance.now();
  const tick = () => {
    const app = document.querySelector("[data-testid='stApp']");
    const now = performance.now();
    if (app && app.getAttribute("data-test-script-state") === "notRunning" && now - window.__nnx.last >= quiet)
      resolve(true);
    else if (now - t0 > timeout) reject(new Error("the page never settled"));
    else setTimeout(tick, 50);
  };
  setTimeout(tick, 50);
})
"""


def settle(pg, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the script is not running and the DOM has been still for QUIET_MS (checked inside the page)."""
    pg.evaluate(SETTLED_JS, [QUIET_MS, timeout_ms])


def measure(pg, server: Server, url: str, steps: int) -> tuple[list[float], list[float]] | None:
    """Open ``url``, then ``steps`` changes of the first slider of the main area (key presses → and ←), or else of its
    first number input (clicks on + and −): (settle ms, CPU ms) for each change."""
    pg.goto(url)
    pg.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=TIMEOUT_MS)
    pg.evaluate(WATCH_JS)
    settle(pg)
    # widgets whose code is still loading show as skeletons (a slow moment of the machine can outlast the quiet time)
    pg.wait_for_function(SKELETONS_GONE_JS, timeout=TIMEOUT_MS)
    settle(pg)
    sliders = pg.locator(SLIDERS)
    if sliders.count():
        slider = sliders.first
        slider.scroll_into_view_if_needed()

        def change(i: int) -> None:
            slider.focus()
            pg.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
    elif pg.locator(f"{STEP_UP}:not([disabled])").count():
        pg.locator(f"{STEP_UP}:not([disabled])").first.scroll_into_view_if_needed()
        boxes = pg.locator("[data-testid='stMain'] [data-testid='stNumberInput']")
        # the box is picked once, by position: a locator filtered on an enabled "+" stopped matching mid-run
        box = boxes.nth(next(i for i in range(boxes.count())
                             if boxes.nth(i).locator("[data-testid='stNumberInputStepUp']").is_enabled()))

        def change(i: int) -> None:
            up, down = box.locator("[data-testid='stNumberInputStepUp']"), \
                box.locator("[data-testid='stNumberInputStepDown']")
            (up if (i % 2 == 0 and up.is_enabled()) or not down.is_enabled() else down).click()
    else:
        return None
    settle(pg)
    waits, cpus = [], []
    for i in range(steps):
        cpu0 = server.cpu_ns()
        change(i)
        settle(pg)
        cpus.append((server.cpu_ns() - cpu0) / 1e6)
        waits.append(pg.evaluate("() => window.__nnx.last - window.__nnx.key"))
    return waits, cpus


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="*", help="page ids (default: every built page)")
    ap.add_argument("--steps", type=int, default=6, help="key presses per section")
    ap.add_argument("--lang", default="en")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    ids = args.pages or [p.id for p in built_pages() if p.id != "home"]
    app, ref = Server("app.py"), Server("benchmarks/reference_app.py")
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            pg = browser.new_page(viewport={"width": 1440, "height": 1400})
            ref_waits, ref_cpus = [], []
            targets = [(pid, params) for pid in ids for params in (SECTIONS.get(pid) or [{}])]
            # the reference is measured between pages, so both see the same machine load
            for pid, params in targets:
                got = measure(pg, ref, ref.base + "/", args.steps)
                local = statistics.median(got[0])  # the reference just before this section: the same machine speed
                ref_waits += got[0]
                ref_cpus += got[1]
                query = "&".join([f"lang={args.lang}", *(f"{k}={v}" for k, v in params.items())])
                label = pid + (f" · {params['view']}" if "view" in params else "")
                try:
                    got = measure(pg, app, f"{app.base}/{pid}?{query}", args.steps)
                except Exception as err:  # noqa: BLE001 - report the section and go on with the others
                    print(f"  {label}: {type(err).__name__}: {str(err)[:120]}", file=sys.stderr, flush=True)
                    got = None
                if got is None:
                    rows.append((label, None, None, None, None, None))
                    continue
                waits, cpus = got
                rows.append((label, statistics.median(waits), max(waits), statistics.fmean(cpus), max(cpus), local))
                print(f"  {label}: {statistics.median(waits):.0f} ms (reference {local:.0f} ms), "
                      f"CPU {statistics.fmean(cpus):.0f} ms", file=sys.stderr, flush=True)
            browser.close()
    finally:
        app.stop()
        ref.stop()
    ref_median = statistics.median(ref_waits)
    load = os.getloadavg()
    print(f"\nSlider step → page settled, Chromium, {len(ref_waits)} reference steps; load average "
          f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs\n")
    print(f"reference app (one slider, one 200-point Plotly dict): median {ref_median:.0f} ms, "
          f"server CPU per change mean {statistics.fmean(ref_cpus):.0f} ms\n")
    print("| page · section | settle median | settle max | reference just before | × that reference | × the run's "
          "reference median | server CPU mean | server CPU max |")
    print("|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for label, med, mx, cmed, cmax, local in rows:
        if med is None:
            print(f"| {label} | (no slider or number input) | | | | | | |")
            continue
        ratio = med / local
        worst = max(worst, ratio)
        print(f"| {label} | {med:.0f} ms | {mx:.0f} ms | {local:.0f} ms | {ratio:.2f}× | {med / ref_median:.2f}× | "
              f"{cmed:.0f} ms | {cmax:.0f} ms |")
    print(f"\nworst ratio to the reference measured just before: {worst:.2f}× (target ≤ 2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
