"""Live-training benchmark of the Playground in a real browser, counted from what the screen shows.

    python -m benchmarks.playground                               # ours alone, default problem, 10 s of playing
    python -m benchmarks.playground --tf /work/tfp/dist           # beside TensorFlow Playground, built locally
    python -m benchmarks.playground --tf http://127.0.0.1:8000/   # … or already served (loopback only)
    python -m benchmarks.playground --seconds 20 --speed 10 --json out.json

For each playground (ours: ``streamlit run app.py`` on a free port, ``/playground``; TF Playground: its ``dist/``
served by ``python -m http.server`` on 127.0.0.1, every other request blocked) on the default problem (circle,
2-4-2-1 tanh, learning rate 0.03, batch size 10): open it at 1440 × 900 in Debian's Chromium, press Play, wait a
warm-up, then record a DevTools screencast (``Page.startScreencast`` through a CDP session: Chromium sends a frame
each time it paints) for ``--seconds``. From the frames:

* **updates/s**: frames whose pixels changed inside the output map or the network diagram;
* **blank frames**: frames where the map or the network region is empty (all one colour) — must be 0;
* **epochs/s** from the epoch counter at the start and end of the window (ours: the element ``data-v="epoch"``;
  TF: ``#iter-number``);
* **pause latency**: from the Pause click to the last change of the epoch counter (in-page MutationObserver);
* ours only: **nncore's part of a frame** (train + grids + encode, server CPU ms) from the frames' own cost report.

Targets (issue "a live view as smooth as TF Playground's"): ≥ 30 updates/s of map and network together at ≥ 120
epochs/s, at least 0.6× TF's updates/s at ≥ 2.5× its epochs/s, no blank frame, pause ≤ 200 ms. The load average
is printed with the figures: on a shared machine they are not absolute. TF Playground's code is never committed
here; build it outside the repository (``npm install && npm run build`` in a checkout of tensorflow/playground).
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, wait_for_app  # noqa: E402

LOOPBACK = ("127.0.0.1", "localhost", "::1")
VIEWPORT = {"width": 1440, "height": 900}

# The epoch counter's text and, via a MutationObserver, the time of its last change (ours sits in a shadow root).
FIND_JS = """(sel) => { const f = (root) => { const c = root.querySelector(sel); if (c) return c;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const d = f(el.shadowRoot); if (d) return d; }
    return null; }; return f(document); }"""
EPOCH_JS = """([sel]) => { const find = %s; const el = find(sel);
    return el ? parseInt(el.textContent.replace(/[^0-9]/g, ''), 10) : -1; }""" % FIND_JS
WATCH_EPOCH_JS = """([sel]) => { const find = %s; const el = find(sel);
    window.__epochChanged = performance.now();
    // the moment the click really happens (Playwright's own checks before it take a while)
    document.addEventListener('pointerdown', () => { window.__clickedAt = performance.now(); }, {capture: true, once: true});
    new MutationObserver(() => { window.__epochChanged = performance.now(); })
      .observe(el, {childList: true, characterData: true, subtree: true}); }""" % FIND_JS
BOX_JS = """([sel]) => { const find = %s; const el = find(sel); if (!el) return null;
    const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }""" % FIND_JS


class Target:
    """How to drive one playground: its URL, the selectors of its counter, map and network, Play and Pause."""

    def __init__(self, name, url, epoch, map_sel, net_sel, play, pause, ours):
        self.name, self.url, self.epoch, self.map_sel, self.net_sel = name, url, epoch, map_sel, net_sel
        self.play, self.pause, self.ours = play, pause, ours


def ours(server: Server, speed: int | None, extra: dict | None = None) -> Target:
    params = {"lang": "en"} if speed is None else {"lang": "en", "speed": str(speed)}
    params.update(extra or {})
    return Target("nncore playground", server.url("playground", **params), '[data-v="epoch"]', "canvas.map",
                  "canvas.net", lambda p: p.get_by_role("button", name="Play", exact=True).click(),
                  lambda p: p.get_by_role("button", name="Pause", exact=True).click(), True)


def tf(url: str) -> Target:
    click = lambda p: p.locator("#play-pause-button").click()  # noqa: E731 — one button toggles
    return Target("TensorFlow Playground", url, "#iter-number", "#heatmap canvas", "#network", click, click, False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_dir(path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "index.html", timeout=1).read()
            return proc, base + "index.html"
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("could not serve " + str(path))


def _region(img, box, scale):
    import numpy as np

    x, y, w, h = (int(round(v * scale)) for v in box)
    return np.asarray(img)[max(0, y + 2):y + h - 2, max(0, x + 2):x + w - 2]


def analyse(frames: list[tuple[float, bytes]], boxes: dict) -> dict:
    """Changed frames (map or network pixels differ from the previous frame) and blank ones (a region all one
    colour), from the screencast's JPEG frames."""
    import numpy as np
    from PIL import Image

    changed = blank_map = blank_net = 0
    prev = None
    for _, data in frames:
        img = Image.open(io.BytesIO(data)).convert("L")
        scale = img.size[0] / VIEWPORT["width"]
        regions = [_region(img, boxes["map"], scale), _region(img, boxes["net"], scale)]
        if regions[0].size == 0 or float(np.std(regions[0])) < 2.0:
            blank_map += 1
        if regions[1].size == 0 or float(np.std(regions[1])) < 2.0:
            blank_net += 1
        if prev is not None and any(a.shape != b.shape or np.any(np.abs(a.astype(int) - b.astype(int)) > 3)
                                    for a, b in zip(regions, prev)):
            changed += 1
        prev = regions
    return {"frames": len(frames), "changed": changed, "blank_map": blank_map, "blank_net": blank_net}


def measure(browser, target: Target, seconds: float, warmup: float = 3.0) -> dict:
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    host = urllib.parse.urlparse(target.url).netloc
    page.route("**/*", lambda route: route.continue_() if urllib.parse.urlparse(route.request.url).netloc == host
               else route.abort())  # nothing leaves the machine (TF's page asks for fonts and analytics)
    page.goto(target.url)
    if target.ours:
        wait_for_app(page)
        page.wait_for_function("() => window.__pgLast !== undefined", timeout=30_000)
    else:
        page.wait_for_selector(target.epoch)
    page.wait_for_timeout(1000)
    # the regions scrolled into view and measured before playing
    page.evaluate(f"() => {{ const f = {FIND_JS}; const el = f({json.dumps(target.map_sel)}); "
                  "el && el.scrollIntoView({block: 'center'}); }")
    page.wait_for_timeout(300)
    boxes = {"map": page.evaluate(BOX_JS, [target.map_sel]), "net": page.evaluate(BOX_JS, [target.net_sel])}
    target.play(page)
    page.wait_for_timeout(warmup * 1000)
    cdp = context.new_cdp_session(page)
    frames: list[tuple[float, bytes]] = []

    def on_frame(params):
        frames.append((params["metadata"].get("timestamp", time.time()), base64.b64decode(params["data"])))
        try:
            cdp.send("Page.screencastFrameAck", {"sessionId": params["sessionId"]})
        except Exception:  # noqa: BLE001 — the session may be closing
            pass

    cdp.on("Page.screencastFrame", on_frame)
    costs = []
    e0 = page.evaluate(EPOCH_JS, [target.epoch])
    t0 = time.perf_counter()
    cdp.send("Page.startScreencast", {"format": "jpeg", "quality": 70, "maxWidth": VIEWPORT["width"],
                                      "maxHeight": VIEWPORT["height"], "everyNthFrame": 1})
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        page.wait_for_timeout(250)
        if target.ours:
            costs.append(page.evaluate("() => window.__pgLast && window.__pgLast.cost"))
    cdp.send("Page.stopScreencast")
    t1 = time.perf_counter()
    e1 = page.evaluate(EPOCH_JS, [target.epoch])
    page.evaluate(WATCH_EPOCH_JS, [target.epoch])
    target.pause(page)
    page.wait_for_timeout(2000)
    pause_ms = page.evaluate("() => window.__epochChanged - (window.__clickedAt || 0)")
    e2 = page.evaluate(EPOCH_JS, [target.epoch])
    page.wait_for_timeout(1500)
    e3 = page.evaluate(EPOCH_JS, [target.epoch])
    context.close()
    elapsed = t1 - t0
    window = [f for f in frames if f is not None]
    stats = analyse(window, boxes)
    out = {"name": target.name, "seconds": elapsed, "epochs_per_s": (e1 - e0) / elapsed,
           "updates_per_s": stats["changed"] / elapsed, "frames_per_s": stats["frames"] / elapsed,
           "blank_map": stats["blank_map"], "blank_net": stats["blank_net"], "frames": stats["frames"],
           "pause_ms": max(0.0, pause_ms), "epochs_after_pause": e3 - e2}
    seen = {}
    for c in costs:
        if c and c.get("epochs"):
            seen[(c["train_ms"], c["grids_ms"], c["encode_ms"])] = c
    if seen:
        vals = list(seen.values())
        out["nncore_ms"] = {k: sum(v[k] for v in vals) / len(vals) for k in ("train_ms", "grids_ms", "encode_ms")}
        out["nncore_ms"]["samples"] = len(vals)
    return out


def report(rows: list[dict]) -> str:
    lines = [f"{'':24s} {'updates/s':>10s} {'paints/s':>9s} {'epochs/s':>9s} {'blank map':>10s} {'blank net':>10s} "
             f"{'pause':>8s}"]
    for r in rows:
        lines.append(f"{r['name']:24s} {r['updates_per_s']:10.1f} {r['frames_per_s']:9.1f} {r['epochs_per_s']:9.1f} "
                     f"{r['blank_map']:10d} {r['blank_net']:10d} {r['pause_ms']:6.0f} ms")
    for r in rows:
        if "nncore_ms" in r:
            n = r["nncore_ms"]
            lines.append(f"nncore's part of a frame (server CPU): train {n['train_ms']:.2f} ms + grids "
                         f"{n['grids_ms']:.2f} ms + encode {n['encode_ms']:.2f} ms "
                         f"= {n['train_ms'] + n['grids_ms'] + n['encode_ms']:.2f} ms ({n['samples']} frames sampled)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--speed", type=int, default=None, help="our epochs per frame (default: the page's default)")
    ap.add_argument("--tf", default="", help="TF Playground: a built dist/ directory or a loopback URL")
    ap.add_argument("--json", default="", help="also write the results to this file")
    ap.add_argument("--params", default="", help="more URL parameters for our page, e.g. 'data=spiral&net=8,8'")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    load0 = os.getloadavg()
    rows, procs, server = [], [], Server()
    try:
        targets = [ours(server, args.speed, dict(urllib.parse.parse_qsl(args.params)))]
        if args.tf:
            if args.tf.startswith("http"):
                if urllib.parse.urlparse(args.tf).hostname not in LOOPBACK:
                    ap.error("--tf URL must be a loopback address")
                targets.append(tf(args.tf))
            else:
                proc, url = serve_dir(Path(args.tf))
                procs.append(proc)
                targets.append(tf(url))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for t in targets:
                rows.append(measure(browser, t, args.seconds))
            browser.close()
    finally:
        server.stop()
        for p in procs:
            p.terminate()
    load1 = os.getloadavg()
    print(f"Playground live training, default problem, Chromium {VIEWPORT['width']}×{VIEWPORT['height']}, "
          f"{args.seconds:g} s screencast; load average {load0[0]:.2f} → {load1[0]:.2f} on {os.cpu_count()} CPUs")
    print(report(rows))
    me = rows[0]
    ok = me["updates_per_s"] >= 30 and me["epochs_per_s"] >= 120 and me["blank_map"] == me["blank_net"] == 0 \
        and me["pause_ms"] <= 200
    if len(rows) > 1:
        other = rows[1]
        ratio_u = me["updates_per_s"] / max(other["updates_per_s"], 1e-9)
        ratio_e = me["epochs_per_s"] / max(other["epochs_per_s"], 1e-9)
        print(f"ours / TF: {ratio_u:.2f}× the updates/s (target ≥ 0.6) at {ratio_e:.2f}× the epochs/s (target ≥ 2.5)")
        ok = ok and ratio_u >= 0.6 and ratio_e >= 2.5
    print("meets the targets" if ok else "BELOW a target")
    if args.json:
        Path(args.json).write_text(json.dumps({"load": [load0, load1], "rows": rows}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
