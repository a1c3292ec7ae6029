"""What one Streamlit element costs the browser on every rerun of its fragment: a slider step → page settled in
Chromium (as ``benchmarks.settle`` measures it), for a fragment with one slider and ``n`` elements of one kind, minus
the same fragment with the slider alone, divided by ``n``.

    python -m benchmarks.elements              # every kind, 20 elements, 6 steps, two rounds
    python -m benchmarks.elements latex table --n 10

Why: after the charts, the rest of a section's wait is Streamlit drawing the section's elements again (React and its
CSS-in-JS on every rerun), so this says which elements a section pays most for.

    python -m benchmarks.elements static_markdown latex --outside --n 100

``--outside`` puts the ``n`` elements outside the fragment (half above, half below), where a page's lesson text,
questions and links are: the server never sends them again on a fragment rerun, yet the browser still pays for each
(Streamlit's frontend renders the whole page again when the run starts and ends).
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

from benchmarks.settle import ARGS, CHROMIUM, Server, measure  # noqa: E402

KINDS = ("none", "markdown", "caption", "latex", "metric", "table", "columns", "expander", "code", "static_markdown",
         "slider", "selectbox", "button", "metric_columns", "metric_row")  # what benchmarks/elements_app.py draws


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kinds", nargs="*", help=f"element kinds (default: all of {', '.join(KINDS[1:])})")
    ap.add_argument("--n", type=int, default=20, help="elements of the kind in the fragment")
    ap.add_argument("--steps", type=int, default=6, help="key presses per measurement")
    ap.add_argument("--rounds", type=int, default=2, help="times through every kind (the machine drifts)")
    ap.add_argument("--outside", action="store_true", help="the elements outside the fragment, static")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    kinds = [k for k in (args.kinds or KINDS[1:]) if k in KINDS and k != "none"]
    server = Server("benchmarks/elements_app.py")
    waits: dict[str, list[float]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            pg = browser.new_page(viewport={"width": 1440, "height": 1400})
            for _ in range(args.rounds):
                for kind in ("none", *kinds):
                    n = 0 if kind == "none" else args.n
                    where = "&where=outside" if args.outside else ""
                    got = measure(pg, server, f"{server.base}/?kind={kind}&n={n}{where}", args.steps)
                    waits.setdefault(kind, []).extend(got[0] if got else [])
            browser.close()
    finally:
        server.stop()
    base = statistics.median(waits["none"])
    load = os.getloadavg()
    print(f"\nOne slider in a fragment: settled {base:.0f} ms after a key press; load average {load[0]:.1f} / "
          f"{load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs\n")
    placed = "outside the fragment, static" if args.outside else "text following the slider"
    print(f"| element (× {args.n}, {placed}) | settle median | per element |")
    print("|---|---|---|")
    for kind in sorted(kinds, key=lambda k: -statistics.median(waits[k])):
        med = statistics.median(waits[kind])
        print(f"| {kind} | {med:.0f} ms | {(med - base) / args.n:.2f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
