"""How long a student waits for a page's charts after a click from Home, and on a link opened straight on the page
(a QR code), with three ways of loading Plotly.js in the same run: plotly.js's cartesian bundle loaded by the tab
while Home is read (as the app does: ``explainer/tab.py``, ``explainer/charts.py``), the plotly package's full file
loaded the same way (``EXPLAINER_PLOTLY_PARTIAL=0``), and the full file loaded by the first chart
(``EXPLAINER_PLOTLY_EARLY=0`` too: how it was before either).

    python -m benchmarks.first_chart                 # 5 rounds, Home → Neuron
    python -m benchmarks.first_chart --rounds 8 --page gradient_descent

Three servers with the production settings, taken in turn each round. A round: a new browser context (nothing
cached), Home opened with ``lang=en``, 3 s to read it, a click on the page in the menu; the time is from the click to
every chart of the new page drawn (script finished, every ``.nnx-chart`` holding a Plotly drawing), read in the page
with ``performance.now()``. Then a link opened straight on that page, from navigation start to every chart drawn.
Prints medians and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.settle import ARGS, CHROMIUM, Server  # noqa: E402
from explainer.i18n import translate  # noqa: E402

READ_MS = 3000
TIMEOUT_MS = 60_000
# ms since t0 once the page at `path` has finished its run and every chart on it is drawn, else false
DRAWN_JS = """([path, t0]) => {
  const charts = [...document.querySelectorAll('.nnx-chart')];
  const idle = document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']");
  return location.pathname.endsWith('/' + path) && idle && charts.length > 0 && charts.every(d => !!d._fullLayout)
    ? performance.now() - t0 : false;
}"""


def from_home(browser, server: Server, page_id: str) -> float:
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        pg = ctx.new_page()
        pg.goto(f"{server.base}/?lang=en")
        pg.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=TIMEOUT_MS)
        pg.wait_for_timeout(READ_MS)
        link = pg.locator("[data-testid='stSidebar'] a").filter(has_text=translate("en", f"{page_id}.title")).first
        t0 = pg.evaluate("() => performance.now()")
        link.click()
        return pg.wait_for_function(DRAWN_JS, arg=[page_id, t0], timeout=TIMEOUT_MS, polling=20).json_value()
    finally:
        ctx.close()


def deep_link(browser, server: Server, page_id: str) -> float:
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        pg = ctx.new_page()
        pg.goto(f"{server.base}/{page_id}?lang=en")
        return pg.wait_for_function(DRAWN_JS, arg=[page_id, 0], timeout=TIMEOUT_MS, polling=20).json_value()
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--page", default="neuron", help="a page with charts")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    servers = {"cartesian bundle, on Home": Server("app.py"),
               "full file, on Home": Server("app.py", {"EXPLAINER_PLOTLY_PARTIAL": "0"}),
               "full file, by the first chart": Server("app.py", {"EXPLAINER_PLOTLY_PARTIAL": "0",
                                                                  "EXPLAINER_PLOTLY_EARLY": "0"})}
    got = {name: ([], []) for name in servers}
    loads = [os.getloadavg()[0]]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(args.rounds):
                for name, server in servers.items():
                    got[name][0].append(from_home(browser, server, args.page))
                    got[name][1].append(deep_link(browser, server, args.page))
                loads.append(os.getloadavg()[0])
    finally:
        for server in servers.values():
            server.stop()
    print(f"\nHome → {args.page}, {args.rounds} rounds (load average {min(loads):.1f}–{max(loads):.1f}):\n")
    print("| Plotly.js loaded | click on the page in the menu → charts drawn | a link to the page → charts drawn |")
    print("|---|---|---|")
    for name, (home, link) in got.items():
        print(f"| {name} | {statistics.median(home):.0f} ms ({min(home):.0f}–{max(home):.0f}) | "
              f"{statistics.median(link):.0f} ms ({min(link):.0f}–{max(link):.0f}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
