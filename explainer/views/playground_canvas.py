"""The playground's live view as a small custom component (``st.components.v2``): canvases that paint what the server
sends, and the buttons that run training.

The server (nncore, through :meth:`nncore.lessons.playground.Playground.live`) trains and computes everything shown —
the output map and every neuron's map on the grid, losses, weights, biases, accuracies, confusion matrices — and
:func:`payload` packs it compactly: maps as quantised bytes (uint8, base64), weights and curves as float32 (base64),
numbers already formatted, texts already translated. The browser computes no network output; it decodes, colours and
draws. HTML, CSS and JavaScript are the module constants below (no build step); data only ever enters through the
component's ``data`` (texts are set with ``textContent``, never parsed as HTML).

The loop is paced by the browser: while playing, the component asks for the next batch of frames with a trigger
value (``tick`` = {s: request number, n: frames}) as soon as the last batch has arrived; the fragment that holds it
trains ``speed`` epochs per frame, n frames (1 … 4: as many as the browser's measured round trip needs for ~30
paints a second; Streamlit's per-rerun work in the browser is the cost, so several frames share one rerun) and
answers; the browser paints them one after the other, spaced over the round trip. A slow browser or a busy server
therefore gives fewer frames per second, never fewer epochs per frame; under load the server adds a pause before the
next request (``wait``, from :class:`Load`). Pause is local at once: the browser stops asking, keeps the frame on
screen (the frames still waiting are dropped) and tells the server (``cmd``) that frame's epoch (``at``); a batch in
progress on the server ends after its current frame, and the server goes back to the state of the frame on screen
(:meth:`nncore.lessons.playground.Playground.rewind`), so the paused picture, hover values and the next Step start
from what the student saw.

Two things found by timing the websocket (see :func:`explainer.transport.nodelay`): Streamlit 1.67 leaves Nagle's algorithm on, which
made every rerun's answer wait ~40 ms for the browser's delayed ACK; and the browser's work per rerun grows with the
number of widgets on the page (a closed popover's widgets cost nothing), which is why the display options live in a
popover.
"""

from __future__ import annotations

import base64
import threading
import time
import numpy as np
import streamlit as st

NAME = "nnx_playground_live"

HTML = """
<div class="pg" data-testid="pg-live">
  <div class="bar" role="toolbar">
    <button type="button" class="btn primary" data-cmd="play"></button>
    <button type="button" class="btn" data-cmd="step"></button>
    <button type="button" class="btn" data-cmd="reset"></button>
    <button type="button" class="btn" data-cmd="new_weights"></button>
    <span class="stat"><span class="lbl" data-t="epoch"></span> <b class="num" data-v="epoch"></b></span>
    <span class="stat"><span class="lbl" data-t="train_loss"></span> <b class="num" data-v="train"></b></span>
    <span class="stat test"><span class="lbl" data-t="test_loss"></span> <b class="num" data-v="test"></b></span>
    <span class="stat val"><span class="lbl" data-t="val_loss"></span> <b class="num" data-v="val"></b></span>
  </div>
  <div class="stopped" role="status" data-t="stopped"></div>
  <div class="main">
    <div class="panel netp">
      <div class="title" data-t="network_title"></div>
      <canvas class="net" role="img" tabindex="0"></canvas>
      <div class="cap" data-t="network_caption"></div>
    </div>
    <div class="panel side">
      <div class="title" data-t="map_title"></div>
      <canvas class="map" role="img"></canvas>
      <div class="cap" data-t="map_caption"></div>
      <div class="title" data-t="loss_title"></div>
      <canvas class="loss" role="img"></canvas>
    </div>
  </div>
  <div class="cms"></div>
  <div class="tip" hidden></div>
  <div class="mark" hidden></div>
  <div class="sr" aria-live="polite"></div>
</div>
"""

CSS = """
:host { display: block; }
.pg { position: relative; font-family: "Source Sans Pro", "Source Sans 3", "Noto Sans CJK SC", "Noto Sans SC",
      "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 14px; color: var(--st-text-color, #31333F); }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin-bottom: 6px; }
.stopped { margin: 0 0 6px; padding: 4px 10px; border-left: 3px solid #D55E00; background: rgba(213,94,0,.08); }
.stopped:empty { display: none; }
.btn { font: inherit; padding: 4px 12px; min-height: 34px; border-radius: 8px; cursor: pointer;
       border: 1px solid rgba(128,128,128,.45); background: var(--st-secondary-background-color, #f0f2f6);
       color: inherit; white-space: nowrap; }
.btn.primary { background: var(--st-primary-color, #0072B2); border-color: var(--st-primary-color, #0072B2);
               color: #fff; min-width: 6.5em; }
.btn:disabled { opacity: .45; cursor: default; }
.btn .ic { width: 1em; height: 1em; margin-right: .4em; vertical-align: -0.12em; fill: currentColor; }
.btn:focus-visible { outline: 2px solid var(--st-primary-color, #0072B2); outline-offset: 2px; }
.stat { white-space: nowrap; margin-left: 6px; }
.stat .lbl { opacity: .75; }
.stat .num { font-size: 1.35em; font-variant-numeric: tabular-nums; }
.main { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: flex-start; }
.panel { min-width: 0; }
.netp { flex: 1 1 420px; }
.side { flex: 0 1 400px; width: 400px; max-width: 100%; }
.title { font-weight: 600; margin: 2px 0 4px; overflow-wrap: anywhere; }
.cap { font-size: 12.5px; opacity: .75; margin: 2px 0 6px; overflow-wrap: anywhere; }
canvas { display: block; width: 100%; touch-action: manipulation; }
canvas.net, canvas.map { cursor: crosshair; }
.cms { display: flex; flex-wrap: wrap; gap: 8px 24px; margin-top: 6px; }
.cm { min-width: 0; flex: 0 1 auto; }
canvas.net:focus-visible { outline: 2px solid var(--st-primary-color, #0072B2); outline-offset: 2px; }
.mark { position: absolute; pointer-events: none; z-index: 4; width: 12px; height: 12px; margin: -8px 0 0 -8px;
        border: 2px solid #E69F00; border-radius: 50%; box-shadow: 0 0 0 1px #fff; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.tip { position: absolute; pointer-events: none; z-index: 5; background: rgba(20,20,20,.88); color: #fff;
       font-size: 13px; padding: 3px 7px; border-radius: 5px; white-space: pre; }
.pg.lecture { font-size: 19px; }
.pg.lecture .cap { font-size: 18px; }
.pg.lecture .tip { font-size: 18px; }
.pg.lecture .stat .num { font-size: 1.5em; }
@media (max-width: 640px) {
  .side { order: -1; flex: 1 1 100%; width: auto; }
  .netp { flex: 1 1 100%; }
  .stat { margin-left: 0; }
}
"""

JS = r"""
const STATE = new WeakMap();
const NEG = [213, 94, 0], POS = [0, 114, 178], LIGHT = [247, 247, 247];
const CLASS = [[213, 94, 0], [0, 114, 178], [0, 158, 115], [230, 159, 0], [204, 121, 167]];

function b64bytes(s) {
  if (!s) return null;
  const bin = atob(s), out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function f32(s) { const b = b64bytes(s); return b ? new Float32Array(b.buffer, 0, b.length >> 2) : null; }
function mix(a, b, t) { return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]; }
function rgb(c, a) { return `rgba(${c[0] | 0},${c[1] | 0},${c[2] | 0},${a === undefined ? 1 : a})`; }
// 256 colours from NEG through LIGHT to POS (q = 0 … 255)
const DIVERGE = (() => { const t = new Uint8ClampedArray(256 * 3);
  for (let q = 0; q < 256; q++) { const v = q / 255, c = v < .5 ? mix(NEG, LIGHT, v * 2) : mix(LIGHT, POS, v * 2 - 1);
    t.set(c, q * 3); } return t; })();
const BANDS = CLASS.map(col => { const t = new Uint8ClampedArray(256 * 3);
  for (let q = 0; q < 256; q++) t.set(mix(LIGHT, col, .12 + .88 * q / 255), q * 3); return t; });

function paintGrid(off, res, q, cls) {
  if (off.width !== res) { off.width = res; off.height = res; }
  const ctx = off.getContext("2d"), img = ctx.createImageData(res, res), d = img.data;
  for (let i = 0; i < res; i++) {           // grid row i is x2 = ys[i] (bottom → top): flip to screen rows
    const row = (res - 1 - i) * res;
    for (let j = 0; j < res; j++) {
      const g = i * res + j, p = (row + j) * 4, v = q[g];
      const lut = cls ? BANDS[cls[g] % BANDS.length] : DIVERGE;
      d[p] = lut[v * 3]; d[p + 1] = lut[v * 3 + 1]; d[p + 2] = lut[v * 3 + 2]; d[p + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}

function fitCanvas(cv, cssH, cssW) {
  // sizes come from the ResizeObserver (never read from the layout while painting: that would make the browser lay
  // out the whole page before every frame)
  const dpr = window.devicePixelRatio || 1, w = Math.max(50, cssW || 300);
  const hs = cssH + "px"; if (cv.style.height !== hs) cv.style.height = hs;
  const W = Math.round(w * dpr), H = Math.round(cssH * dpr);
  if (cv.width !== W || cv.height !== H) { cv.width = W; cv.height = H; }
  const ctx = cv.getContext("2d"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.clearRect(0, 0, w, cssH);
  return [ctx, w, cssH];
}

function textColor(root) { const S = STATE.get(root); return (S && S.color) || "#31333F"; }

// ------------------------------------------------------------------------------------------ the output map
function drawMap(S, d) {
  const cv = S.el.map, side = Math.min(400, S.w.side || 400);
  const fs = d.lecture ? 18 : 12, [x0, x1, y0, y1] = d.bounds, yTicks = ticks(y0, y1).map(v => [v, fmtTick(v)]);
  // the left margin fits the longest y label (a digit is ~0.6 em wide): data in the thousands or millions keep theirs
  const longest = Math.max(...yTicks.map(([, s]) => s.length));
  const pad = { l: Math.max(d.lecture ? 40 : 30, Math.ceil(longest * fs * 0.62) + 6), b: fs + 10,
                t: Math.ceil(fs / 2) + 2, r: 4 };  // t: room for the top tick label
  const [ctx, w] = fitCanvas(cv, side - pad.l - pad.r + pad.t + pad.b, S.w.side || 400);
  const size = Math.min(w - pad.l - pad.r, side - pad.l - pad.r), m = d.map, res = m.res;
  paintGrid(S.off, res, b64bytes(m.q), m.cls ? b64bytes(m.cls) : null);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(S.off, pad.l, pad.t, size, size);
  const sx = v => pad.l + (v - x0) / (x1 - x0) * size,
        sy = v => pad.t + size - (v - y0) / (y1 - y0) * size;
  S.mapBox = { x: pad.l, y: pad.t, size, x0, x1, y0, y1 };
  const r = Math.max(2.8, size / 105);
  for (const [key, lab, outline, hollow] of [["train", "ytrain", "#ffffff", false], ["val", "yval", "#ffffff", true],
                                             ["test", "ytest", "#222222", false]]) {
    const xy = f32(d.pts[key]), y = f32(d.pts[lab]);
    if (!xy) continue;
    for (let i = 0; i < y.length; i++) {
      const c = d.k >= 2 ? CLASS[y[i] | 0] : (v => { const q = Math.max(0, Math.min(255, Math.round((v + 1) / 2 * 255)));
        return [DIVERGE[q * 3], DIVERGE[q * 3 + 1], DIVERGE[q * 3 + 2]]; })(y[i]);
      ctx.beginPath(); ctx.arc(sx(xy[2 * i]), sy(xy[2 * i + 1]), r, 0, 2 * Math.PI);
      if (hollow) {  // white inside a ring of its class's colour, edged dark so it shows on its own class's area
        ctx.lineWidth = 2; ctx.strokeStyle = rgb(c); ctx.fillStyle = "#ffffff"; ctx.fill(); ctx.stroke();
        ctx.beginPath(); ctx.arc(sx(xy[2 * i]), sy(xy[2 * i + 1]), r + 1.5, 0, 2 * Math.PI);
        ctx.lineWidth = 1; ctx.strokeStyle = "#222222"; ctx.stroke();
      }
      else { ctx.fillStyle = rgb(c); ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = outline; ctx.stroke(); }
    }
  }
  ctx.strokeStyle = "rgba(128,128,128,.8)"; ctx.lineWidth = 1; ctx.strokeRect(pad.l, pad.t, size, size);
  ctx.fillStyle = textColor(S.root); ctx.font = `${fs}px sans-serif`;
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  for (const v of ticks(x0, x1)) ctx.fillText(fmtTick(v), sx(v), pad.t + size + 4);
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (const [v, text] of yTicks) ctx.fillText(text, pad.l - 4, sy(v));
}
function ticks(lo, hi) { const out = [], step = niceStep((hi - lo) / 4);
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(+v.toPrecision(6)); return out; }
function niceStep(raw) { const p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p; }
function fmtTick(v) {  // the tick's exact value, short: 1.5e4, 5e8, -2e-4 (never rounded to another tick's value)
  if (!(Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0))) return String(v);
  const [m, e] = v.toExponential(3).split("e");
  return String(+m) + "e" + (+e); }

// ------------------------------------------------------------------------------------------ the network
function drawNet(S, d) {
  const cv = S.el.net, n = d.net, sizes = n.sizes, L = sizes.length, fs = d.lecture ? 18 : 12;
  const w = Math.max(260, S.w.net || 500), left = d.lecture ? 72 : 58, top = fs + 12;
  const u = Math.max(16, Math.min(64, (w - left - 8) / (L * 1.9), (520 - top) / (Math.max(...sizes) * 1.32)));
  const rowH = u * 1.32, maxN = Math.max(...sizes), h = Math.round(top + maxN * rowH + 6);
  const [ctx] = fitCanvas(cv, h, w);
  const colX = l => left + (L === 1 ? 0 : l * (w - left - u - 8) / (L - 1));
  const pos = sizes.map((m, l) => Array.from({ length: m }, (_, j) => [colX(l), top + (maxN - m) * rowH / 2 + j * rowH]));
  const links = f32(n.links), maps = b64bytes(n.maps), bias = f32(n.b);
  let peak = 0; for (const v of links) peak = Math.max(peak, Math.abs(v)); peak = peak || 1;
  const hits = { units: [], links: [], biases: [] };
  let k = 0;
  for (let l = 0; l + 1 < L; l++) for (let i = 0; i < sizes[l]; i++) for (let j = 0; j < sizes[l + 1]; j++, k++) {
    const v = links[k], share = Math.abs(v) / peak, [ax, ay] = pos[l][i], [bx, by] = pos[l + 1][j];
    const x0 = ax + u, y0 = ay + u / 2, x1 = bx, y1 = by + u / 2, mx = (x0 + x1) / 2;
    ctx.beginPath(); ctx.moveTo(x0, y0); ctx.bezierCurveTo(mx, y0, mx, y1, x1, y1);
    ctx.strokeStyle = rgb(v >= 0 ? POS : NEG, .3 + .65 * share); ctx.lineWidth = .6 + 6 * share; ctx.stroke();
    hits.links.push([x0, y0, x1, y1, l, i, j, k]);
  }
  const res = n.res, per = res * res, off = S.unitOff;
  let g = 0, b = 0;
  for (let l = 0; l < L; l++) for (let j = 0; j < sizes[l]; j++, g++) {
    const [x, y] = pos[l][j];
    paintGrid(off, res, maps.subarray(g * per, (g + 1) * per), null);
    ctx.imageSmoothingEnabled = false; ctx.drawImage(off, x, y, u, u);
    const sel = n.sel && n.sel[0] === l && n.sel[1] === j;
    ctx.lineWidth = sel ? 3 : 1; ctx.strokeStyle = sel ? "#E69F00" : "rgba(128,128,128,.7)";
    ctx.strokeRect(x - (sel ? 1.5 : .5), y - (sel ? 1.5 : .5), u + (sel ? 3 : 1), u + (sel ? 3 : 1));
    hits.units.push([x, y, u, l, j]);
    if (l > 0) {
      const v = bias[b], q = Math.max(0, Math.min(255, Math.round((v + 1) / 2 * 255))), s = Math.max(6, u / 5);
      ctx.fillStyle = rgb([DIVERGE[q * 3], DIVERGE[q * 3 + 1], DIVERGE[q * 3 + 2]]);
      ctx.fillRect(x - s - 2, y + u - s, s, s); ctx.strokeStyle = "rgba(128,128,128,.9)"; ctx.lineWidth = 1;
      ctx.strokeRect(x - s - 2, y + u - s, s, s);
      hits.biases.push([x - s - 2, y + u - s, s, l, j, b]); b++;
    }
  }
  ctx.fillStyle = textColor(S.root); ctx.textBaseline = "bottom";
  // the column headings: one font size, as large as fits without two headings touching (a narrow window, a zoomed
  // browser: "Hidden layer 1" ran into "Hidden layer 2")
  const anchor = l => l === 0 ? colX(0) : l === L - 1 ? colX(l) + u : colX(l) + u / 2;
  const span = (l, w) => l === 0 ? [anchor(l), anchor(l) + w] : l === L - 1 ? [anchor(l) - w, anchor(l)]
    : [anchor(l) - w / 2, anchor(l) + w / 2];
  let hs = fs;
  for (; hs > 8; hs--) {
    ctx.font = `${hs}px sans-serif`;
    const spans = d.t.layers.map((text, l) => span(l, ctx.measureText(text).width));
    if (spans.every((sp, l) => l === 0 || spans[l - 1][1] + 6 <= sp[0])) break;
  }
  ctx.font = `${hs}px sans-serif`;
  d.t.layers.forEach((text, l) => { ctx.textAlign = l === 0 ? "left" : l === L - 1 ? "right" : "center";
    ctx.fillText(text, anchor(l), top - 4); });
  ctx.font = `${fs}px sans-serif`;
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  d.t.units[0].forEach((text, j) => ctx.fillText(text, pos[0][j][0] - 4, pos[0][j][1] + u / 2));
  S.netHits = hits;
  if (S.kbFocus) kbShow(S, false);
}

// ------------------------------------------------------------------------------------------ the loss curves
function drawLoss(S, d) {
  const cv = S.el.loss, fs = d.lecture ? 18 : 12, h = d.lecture ? 170 : 140;
  const [ctx, w] = fitCanvas(cv, h, S.w.side || 400), lo = d.loss, col = textColor(S.root);
  const ep = f32(lo.epoch) || new Float32Array(0), series = [[f32(lo.train), ep, POS, []], [f32(lo.test), ep, NEG, [6, 4]],
        [f32(lo.val), f32(lo.val_epoch), [0, 158, 115], [2, 3]]].filter(s => s[0] && s[0].length);
  ctx.font = `${fs}px sans-serif`; ctx.fillStyle = col;
  if (!ep.length) { ctx.textAlign = "left"; ctx.textBaseline = "middle"; ctx.fillText(d.t.no_epochs, 8, h / 2); S.lossBox = null; return; }
  let ymax = 0, ymin = Infinity, xmax = Math.max(1, ep[ep.length - 1], lo.diverged || 0);
  for (const [ys] of series) for (const v of ys) if (isFinite(v)) { ymax = Math.max(ymax, v); ymin = Math.min(ymin, v); }
  const log = ymin > 0 && ymax / ymin > 1e3;
  const tf = v => log ? Math.log10(Math.max(v, ymin)) : v, top = log ? Math.log10(ymax) : (ymax || 1) * 1.05,
        bot = log ? Math.log10(ymin) : 0;
  // the legend has a strip of its own above the curves (inside the plot it sat on them as the loss neared 0)
  const pad = { l: d.lecture ? 60 : 46, r: 10, t: fs + 12, b: fs + 8 }, pw = w - pad.l - pad.r, ph = h - pad.t - pad.b;
  const sx = x => pad.l + x / xmax * pw, sy = v => pad.t + ph - (tf(v) - bot) / ((top - bot) || 1) * ph;
  ctx.strokeStyle = "rgba(128,128,128,.6)"; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(pad.l, pad.t); ctx.lineTo(pad.l, pad.t + ph); ctx.lineTo(pad.l + pw, pad.t + ph); ctx.stroke();
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  const ylab = log ? [ymin, ymax] : [0, ymax / 2, ymax];
  for (const v of ylab) ctx.fillText(fmtNum(v), pad.l - 4, sy(v));
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  // the middle label only where it differs from both ends (at xmax = 1 "0 … 1 1" read as epoch 11)
  const mid = Math.round(xmax / 2);
  const xlabels = (xmax >= 4 ? [0, mid] : [0]).map(String).concat([String(xmax)]);
  for (const x of xmax >= 4 ? [0, mid] : [0]) ctx.fillText(String(x), sx(x), pad.t + ph + 3);
  ctx.textAlign = "right";  // the last epoch ends at the canvas's edge (centred, "1435" lost its last digit)
  ctx.fillText(String(xmax), pad.l + pw + pad.r - 1, pad.t + ph + 3);
  for (const [ys, xs, c, dash] of series) {
    ctx.beginPath(); ctx.setLineDash(dash); ctx.strokeStyle = rgb(c); ctx.lineWidth = 2.2;
    let started = false;
    for (let i = 0; i < ys.length; i++) { if (!isFinite(ys[i])) continue;
      const x = sx(xs[i]), y = sy(ys[i]); if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; } }
    ctx.stroke(); ctx.setLineDash([]);
    if (ys.length <= 20) for (let i = 0; i < ys.length; i++) { ctx.beginPath(); ctx.arc(sx(xs[i]), sy(ys[i]), 2.6, 0, 7);
      ctx.fillStyle = rgb(c); ctx.fill(); }
  }
  if (lo.diverged) {   // the epoch whose loss exploded: an arrow at the top of the chart
    const x = sx(lo.diverged); ctx.strokeStyle = rgb(NEG); ctx.fillStyle = rgb(NEG); ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(x, pad.t + ph * .5); ctx.lineTo(x, pad.t + 4); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(x - 5, pad.t + 10); ctx.lineTo(x, pad.t); ctx.lineTo(x + 5, pad.t + 10); ctx.fill();
    ctx.textAlign = x > pad.l + pw * .6 ? "right" : "left"; ctx.textBaseline = "top";
    ctx.fillText(d.t.diverged_mark, x + (ctx.textAlign === "left" ? 8 : -8), pad.t + 2);
  }
  ctx.fillStyle = col; ctx.textAlign = "right"; ctx.textBaseline = "bottom";
  const legend = [[d.t.train, POS]].concat(lo.test ? [[d.t.test, NEG]] : []).concat(lo.val ? [[d.t.val, [0, 158, 115]]] : []);
  let lx = pad.l + pw;
  for (const [name, c] of legend.reverse()) { const tw = ctx.measureText(name).width; ctx.fillStyle = rgb(c);
    ctx.fillText(name, lx, fs + 4); lx -= tw + 14; }
  S.lossBox = { pad, pw, ph, xmax, ep, series, sx, xlabels };
}
function fmtNum(v) { if (!isFinite(v)) return String(v); const a = Math.abs(v);
  return a !== 0 && (a >= 1e4 || a < 1e-3) ? v.toExponential(1) : String(+v.toPrecision(3)); }

// ------------------------------------------------------------------------------------------ confusion matrices
function drawConfusion(S, d) {
  const box = S.el.cms;
  if (!d.cm || !d.cm.length) { box.replaceChildren(); S.cmKey = ""; return; }
  const key = d.cm.map(c => c.n).join(",") + (d.lecture ? "L" : "");
  if (S.cmKey !== key) {
    box.replaceChildren(); S.cmKey = key;
    for (const c of d.cm) {
      const div = document.createElement("div"); div.className = "cm";
      const title = document.createElement("div"); title.className = "title";
      const cv = document.createElement("canvas"); cv.setAttribute("role", "img");
      div.append(title, cv); box.append(div);
    }
  }
  const fs = d.lecture ? 18 : 12, col = textColor(S.root);
  d.cm.forEach((c, idx) => {
    const div = box.children[idx], title = div.firstChild, cv = div.lastChild, k = c.n;
    title.textContent = c.title; cv.setAttribute("aria-label", c.title);
    const cell = d.lecture ? 44 : 32, left = d.lecture ? 96 : 70, top = fs + 8, w = left + k * cell + 4, h = top + k * cell + fs + 10;
    cv.style.width = w + "px";
    const dpr = window.devicePixelRatio || 1; cv.style.height = h + "px";
    if (cv.width !== Math.round(w * dpr)) { cv.width = Math.round(w * dpr); cv.height = Math.round(h * dpr); }
    const ctx = cv.getContext("2d"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.clearRect(0, 0, w, h);
    ctx.font = `${fs}px sans-serif`; ctx.fillStyle = col; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.fillText(d.t.predicted, left + k * cell / 2, top - 2);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const s = c.s[i * k + j], x = left + j * cell, y = top + i * cell, fill = mix(LIGHT, POS, s);
      ctx.fillStyle = rgb(fill); ctx.fillRect(x, y, cell, cell);
      ctx.strokeStyle = "rgba(128,128,128,.5)"; ctx.lineWidth = 1; ctx.strokeRect(x, y, cell, cell);
      ctx.fillStyle = s > .55 ? "#ffffff" : "#222222"; ctx.textBaseline = "middle";
      ctx.fillText(String(c.c[i * k + j]), x + cell / 2, y + cell / 2);
    }
    for (let i = 0; i < k; i++) {   // the diagonal (right answers) framed
      ctx.strokeStyle = "#E69F00"; ctx.lineWidth = 2.5; ctx.strokeRect(left + i * cell + 1.5, top + i * cell + 1.5, cell - 3, cell - 3);
    }
    ctx.fillStyle = col; ctx.textAlign = "right";
    for (let i = 0; i < k; i++) ctx.fillText(d.t.classes[i], left - 4, top + i * cell + cell / 2);
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    for (let j = 0; j < k; j++) ctx.fillText(String(j), left + j * cell + cell / 2, top + k * cell + 3);
    ctx.save(); ctx.translate(10, top + k * cell / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = "middle";
    ctx.fillText(d.t.true, 0, 0); ctx.restore();
  });
}

// ------------------------------------------------------------------------------------------ hover
function tip(S, ev, text) {
  const t = S.el.tip, r = S.root.querySelector(".pg").getBoundingClientRect();
  if (!text) { t.hidden = true; return; }
  t.textContent = text; t.hidden = false;
  let x = ev.clientX - r.left + 14, y = ev.clientY - r.top + 14;
  if (x + t.offsetWidth > r.width) x = ev.clientX - r.left - t.offsetWidth - 10;
  t.style.left = x + "px"; t.style.top = y + "px";
}
function segDist(px, py, x0, y0, x1, y1) {
  const dx = x1 - x0, dy = y1 - y0, L = dx * dx + dy * dy, t = L ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / L)) : 0;
  const cx = x0 + t * dx, cy = y0 + t * dy; return Math.hypot(px - cx, py - cy);
}
function biasText(d, [, , , l, j, bi]) { return `${d.t.units[l][j]}\n${d.t.bias} = ${fmtVal(f32(d.net.b)[bi])}`; }
function linkText(d, [, , , , l, i, j, k]) {
  return `${d.t.units[l][i]} → ${d.t.units[l + 1][j]}\n${d.t.link} = ${fmtVal(f32(d.net.links)[k])}`; }
function netHover(S, ev) {
  const d = S.cur, hits = S.netHits; if (!d || !hits) return null;
  const r = S.el.net.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
  for (const h of hits.biases) { const [bx, by, s] = h;
    if (x >= bx - 2 && x <= bx + s + 2 && y >= by - 2 && y <= by + s + 2) return [biasText(d, h), null]; }
  for (const [ux, uy, u, l, j] of hits.units)
    if (x >= ux && x <= ux + u && y >= uy && y <= uy + u) return [d.t.units[l][j] + "\n" + d.t.click_unit, [l, j]];
  let best = null, bd = 5;
  for (const h of hits.links) { const dist = segDist(x, y, h[0], h[1], h[2], h[3]); if (dist < bd) { bd = dist; best = h; } }
  return best ? [linkText(d, best), null] : null;
}
// The keyboard's way to the same values: Tab to the network, then the arrow keys go through every weight and bias
// (layer by layer; for each neuron its incoming weights, then its bias), Home / End to the first / last; the tip
// shows the one reached and a screen reader reads it. While training, the tip follows the frames.
function netStops(S) {  // once per drawing of the network (a key press and each frame while focused ask again)
  const h = S.netHits; if (!h) return [];
  if (S.stops && S.stops[0] === h) return S.stops[1];
  const bias = new Map(h.biases.map(b => [`${b[3]}:${b[4]}`, b]));
  const links = [...h.links].sort((a, b) => a[4] - b[4] || a[6] - b[6] || a[5] - b[5]);
  const out = [];
  links.forEach((k, n) => {
    out.push(["w", k]);
    const next = links[n + 1], unit = `${k[4] + 1}:${k[6]}`;
    if ((!next || `${next[4] + 1}:${next[6]}` !== unit) && bias.has(unit)) out.push(["b", bias.get(unit)]);
  });
  S.stops = [h, out];
  return out;
}
function kbShow(S, announce) {
  const d = S.cur, stops = netStops(S);
  if (!d || !stops.length || S.kb === null) return;
  S.kb = Math.max(0, Math.min(stops.length - 1, S.kb));
  const [kind, h] = stops[S.kb], r = S.el.net.getBoundingClientRect();
  const text = kind === "w" ? linkText(d, h) : biasText(d, h);
  const [x, y] = kind === "w" ? [(h[0] + h[2]) / 2, (h[1] + h[3]) / 2] : [h[0] + h[2] / 2, h[1] + h[2] / 2];
  tip(S, { clientX: r.left + x, clientY: r.top + y }, text);
  const box = S.root.querySelector(".pg").getBoundingClientRect(), m = S.el.mark;  // a ring on the one reached
  m.style.left = r.left - box.left + x + "px"; m.style.top = r.top - box.top + y + "px"; m.hidden = false;
  if (announce) S.el.sr.textContent = text.replace("\n", ": ");
}
function kbHide(S) { S.kbFocus = false; S.el.tip.hidden = true; S.el.mark.hidden = true; }
function kbKey(S, ev) {
  const n = netStops(S).length, step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[ev.key];
  if (!n) return;
  if (step) S.kb = ((S.kb ?? -1) + step + n) % n;
  else if (ev.key === "Home") S.kb = 0;
  else if (ev.key === "End") S.kb = n - 1;
  else if (ev.key === "Escape") { kbHide(S); return; }
  else return;
  ev.preventDefault();
  S.kbFocus = true;
  kbShow(S, true);
}
function fmtVal(v) { return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4); }
function mapHover(S, ev) {
  const d = S.cur, b = S.mapBox; if (!d || !b) return null;
  const r = S.el.map.getBoundingClientRect(), x = ev.clientX - r.left - b.x, y = ev.clientY - r.top - b.y;
  if (x < 0 || y < 0 || x > b.size || y > b.size) return null;
  const res = d.map.res, j = Math.min(res - 1, Math.floor(x / b.size * res)), i = Math.min(res - 1, Math.floor((1 - y / b.size) * res));
  const x1 = b.x0 + (j + .5) / res * (b.x1 - b.x0), x2 = b.y0 + (i + .5) / res * (b.y1 - b.y0), g = i * res + j;
  let v;
  if (d.map.exact) v = fmtVal(f32(d.map.exact)[g]);
  else { const q = b64bytes(d.map.q)[g]; v = "≈ " + (d.map.lo + q * (d.map.hi - d.map.lo) / 255).toFixed(2);
         if (d.map.cls) v = `${d.t.classes[b64bytes(d.map.cls)[g]]}, ` + v; }
  return `x₁ ${x1.toFixed(2)}, x₂ ${x2.toFixed(2)}\n${d.t.map_value}: ${v}`;
}

// ------------------------------------------------------------------------------------------ frame loop
// icons as SVG paths (a font may lack ⏸ or ⏭); decoration only (aria-hidden)
const ICONS = { play: "M4 2 L14 8 L4 14 Z", pause: "M3 2 H7 V14 H3 Z M9 2 H13 V14 H9 Z",
  step: "M2 2 L10 8 L2 14 Z M11 2 H14 V14 H11 Z",
  reset: "M8 1 L12 4 L8 7 V5 A3.5 3.5 0 1 0 11.5 8.5 H13.5 A5.5 5.5 0 1 1 8 3 Z",
  new_weights: "M2 2 H14 V14 H2 Z M4.5 4.5 m-1.2 0 a1.2 1.2 0 1 0 2.4 0 a1.2 1.2 0 1 0 -2.4 0 M11.5 11.5 m-1.2 0 a1.2 1.2 0 1 0 2.4 0 a1.2 1.2 0 1 0 -2.4 0 M8 8 m-1.2 0 a1.2 1.2 0 1 0 2.4 0 a1.2 1.2 0 1 0 -2.4 0" };
function setLabel(button, icon, text) {
  // the button's accessible name is exactly its text
  if (button.dataset.label === icon + text) return;
  const NS = "http://www.w3.org/2000/svg", svg = document.createElementNS(NS, "svg"), path = document.createElementNS(NS, "path");
  svg.setAttribute("viewBox", "0 -1 16 17"); svg.setAttribute("aria-hidden", "true"); svg.setAttribute("class", "ic");
  path.setAttribute("d", ICONS[icon]); path.setAttribute("fill-rule", "evenodd"); svg.append(path);
  button.replaceChildren(svg, document.createTextNode(text)); button.dataset.label = icon + text;
}
function label(S) {
  const d = S.data || S.cur, playing = S.local === null ? d.playing : S.local;
  const b = S.el.btn.play; setLabel(b, playing ? "pause" : "play", playing ? d.t.pause : d.t.play);
  b.disabled = !playing && !d.running;
  b.title = playing ? d.t.pause : d.t.play;
  for (const what of ["step", "reset", "new_weights"]) {
    setLabel(S.el.btn[what], what, d.t[what]); S.el.btn[what].title = d.t[what + "_help"] || d.t[what]; }
  S.el.btn.step.disabled = !d.running;
}
function paint(S, d) {
  S.cur = d;
  const root = S.root.querySelector(".pg");
  const t0 = performance.now();
  drawNet(S, d); drawMap(S, d); drawLoss(S, d); drawConfusion(S, d);
  // then the texts, each written only when it changed
  if (root.classList.contains("lecture") !== !!d.lecture) root.classList.toggle("lecture", !!d.lecture);
  for (const el of S.texts) { const v = d.t[el.dataset.t]; if (v !== undefined && el.textContent !== v) el.textContent = v; }
  for (const el of S.values) { const v = d.m[el.dataset.v], text = v === null || v === undefined ? "—" : v;
    if (el.textContent !== text) el.textContent = text; }
  const hideTest = d.m.test === null, hideVal = d.m.val === null;
  if (S.el.testStat.hidden !== hideTest) S.el.testStat.hidden = hideTest;
  if (S.el.valStat.hidden !== hideVal) S.el.valStat.hidden = hideVal;
  if (S.el.net.getAttribute("aria-label") !== d.t.network_title) {
    S.el.net.setAttribute("aria-label", d.t.network_title); S.el.loss.setAttribute("aria-label", d.t.loss_title); }
  if (S.el.map.getAttribute("aria-label") !== d.t.map_title) S.el.map.setAttribute("aria-label", d.t.map_title);
  label(S);
  // for tests and the benchmark: paints so far, the last frame's epoch, server cost and paint time
  window.__pgPaints = (window.__pgPaints || 0) + 1;
  const tr = f32(d.pts.train), lo = f32(d.loss.epoch);
  window.__pgLast = { seq: d.seq, epoch: d.m.epoch, playing: d.playing, cost: d.cost, paint_ms: performance.now() - t0,
                      batch: d.batch,
                      at: performance.now(), n_train: tr ? tr.length / 2 : 0, loss_n: lo ? lo.length : 0,
                      loss_last: lo && lo.length ? lo[lo.length - 1] : null, diverged: d.loss.diverged,
                      loss_xlabels: S.lossBox ? S.lossBox.xlabels : [] };
}
function paintNext(S) {
  // paint the oldest frame waiting; the others follow spaced over the time the next batch takes to come
  S.raf = 0;
  const f = S.queue.shift(); if (!f) return;
  paint(S, f);
  if (S.queue.length) {
    // spaced so that the frames last until the next batch comes; closer when frames pile up
    const gap = Math.max(0, Math.min(100, (S.spacing || 30) * Math.min(1, 2 / S.queue.length) - 6));
    S.paintTimer = setTimeout(() => { S.paintTimer = 0; if (!S.raf) S.raf = requestAnimationFrame(() => paintNext(S)); }, gap);
  }
}
function frames(data) {
  // every frame of a batch as a complete picture: the shared fields and its own
  return data.frames.map((f, i) => Object.assign({}, data, f, { frames: null, batch: data.frames.length, index: i }));
}
function playingNow(S) { return S.local === null ? !!(S.data && S.data.playing) : S.local; }
function next(S) {
  // ask for the next batch as soon as this one has arrived (the server trains it while this one is painted); a
  // pause asked by the server (`wait`, when it is busy) comes first
  const d = S.data;
  if (!playingNow(S) || !d || !d.playing || S.timer || d.ack < S.asked) return;
  S.timer = setTimeout(() => { S.timer = 0; if (playingNow(S) && S.root.host.isConnected) { ask(S); next(S); } },
                       Math.max(0, d.wait || 0));
}
function ask(S) {
  S.asked = Math.max(S.asked, S.data.ack) + 1;
  S.askedAt = performance.now();
  // frames per batch: as many as needed for ~30 paints a second at the round trip measured (1 … 4)
  const n = Math.max(1, Math.min(4, Math.ceil((S.rtt || 30) / 25)));
  S.setTrigger("tick", { s: S.asked, n });
  clearTimeout(S.watchdog);
  const asked = S.asked;   // a lost request (a rerun that replaced ours) is asked again
  S.watchdog = setTimeout(() => { if (S.asked === asked && S.data.ack < asked && playingNow(S) && S.root.host.isConnected) {
    S.asked = S.data.ack; ask(S); } }, 1500);
}
function stopHere(S) {
  // Pause (or Step) while playing: the frame on screen stays; the frames waiting are dropped, and the server goes
  // back to this frame's state (it had trained a few more), so that what the student sees is what is paused
  clearTimeout(S.timer); S.timer = 0; clearTimeout(S.watchdog);
  clearTimeout(S.paintTimer); S.paintTimer = 0; if (S.raf) { cancelAnimationFrame(S.raf); S.raf = 0; }
  S.queue = [];
}
function command(S, what) {
  S.nonce += 1;
  const wasPlaying = playingNow(S);
  if (what === "play") { S.local = !wasPlaying; what = wasPlaying ? "pause" : "play"; }
  else S.local = false;
  if (wasPlaying) stopHere(S);
  label(S);
  S.setTrigger("cmd", { do: what, n: S.nonce, seq: S.asked, at: wasPlaying && S.cur ? S.cur.e : null });
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let S = STATE.get(parentElement);
  if (!S) {
    const q = s => parentElement.querySelector(s);
    S = { root: parentElement, data: null, cur: null, queue: [], raf: 0, paintTimer: 0, timer: 0, watchdog: 0, asked: 0,
          nonce: 0, local: null, rtt: 0,
          off: document.createElement("canvas"), unitOff: document.createElement("canvas"),
          el: { net: q("canvas.net"), map: q("canvas.map"), loss: q("canvas.loss"), cms: q(".cms"), tip: q(".tip"),
                mark: q(".mark"), sr: q(".sr"),
                btn: { play: q('[data-cmd="play"]'), step: q('[data-cmd="step"]'), reset: q('[data-cmd="reset"]'),
                       new_weights: q('[data-cmd="new_weights"]') } } };
    S.texts = Array.from(parentElement.querySelectorAll("[data-t]"));
    S.values = Array.from(parentElement.querySelectorAll("[data-v]"));
    S.el.testStat = q(".stat.test"); S.el.valStat = q(".stat.val");
    S.w = { net: 0, side: 0 };
    S.color = getComputedStyle(q(".pg")).color || "#31333F";
    STATE.set(parentElement, S);
    for (const [what, b] of Object.entries(S.el.btn)) b.addEventListener("click", () => command(S, what));
    S.el.net.addEventListener("mousemove", ev => { if (S.kbFocus) kbHide(S);  // the mouse reads by itself now
      const h = netHover(S, ev); tip(S, ev, h && h[0]); });
    S.el.net.addEventListener("mouseleave", ev => tip(S, ev, null));
    S.kb = null;
    S.el.net.addEventListener("keydown", ev => kbKey(S, ev));
    // focused by the keyboard only (a click on a neuron focuses it too, and the mouse has its own tip)
    S.el.net.addEventListener("focus", () => { if (!S.el.net.matches(":focus-visible")) return;
      S.kbFocus = true; S.kb = S.kb ?? 0; kbShow(S, true); });
    S.el.net.addEventListener("blur", () => kbHide(S));
    S.el.net.addEventListener("click", ev => { const h = netHover(S, ev); if (h && h[1]) {
      const [l, j] = h[1], L = S.cur.net.sizes.length, sel = S.cur.net.sel;
      const pick = (l === L - 1 && S.cur.net.sizes[l] === 1) || (sel && sel[0] === l && sel[1] === j) ? "out" : `${l}:${j}`;
      S.setTrigger("pick", pick); } });
    S.el.map.addEventListener("mousemove", ev => tip(S, ev, mapHover(S, ev)));
    // a phone has no hover: a tap shows the same values
    S.el.map.addEventListener("pointerdown", ev => { if (ev.pointerType !== "mouse") tip(S, ev, mapHover(S, ev)); });
    S.el.net.addEventListener("pointerdown", ev => { if (ev.pointerType !== "mouse") { const h = netHover(S, ev); tip(S, ev, h && h[0]); } });
    S.el.map.addEventListener("mouseleave", ev => tip(S, ev, null));
    const ro = new ResizeObserver(entries => {
      for (const e of entries) S.w[e.target === S.el.net.parentElement ? "net" : "side"] = e.contentRect.width;
      S.color = getComputedStyle(q(".pg")).color || S.color;
      if (S.cur && !S.raf) S.raf = requestAnimationFrame(() => { S.raf = 0;
        drawNet(S, S.cur); drawMap(S, S.cur); drawLoss(S, S.cur); drawConfusion(S, S.cur); });
    });
    ro.observe(S.el.net.parentElement); ro.observe(S.el.map.parentElement);
  }
  S.setTrigger = setTriggerValue;
  if (data && data.frames && (!S.data || data.seq !== S.data.seq)) {
    if (S.askedAt && data.ack >= S.asked) {
      const rtt = performance.now() - S.askedAt; S.rtt = S.rtt ? .7 * S.rtt + .3 * rtt : rtt; S.askedAt = 0;
      (window.__pgRtt = window.__pgRtt || []).push(rtt); }
    const fs = frames(data);
    S.data = fs[fs.length - 1];
    // the server has handled the last click (or agrees with it): its word counts again
    if (S.local !== null && (data.playing === S.local || (data.cmd_n || 0) >= S.nonce)) S.local = null;
    // frames still waiting from the previous batch are painted first (each is a real state); a queue longer than
    // two batches means this browser is behind: the oldest go
    if (playingNow(S)) { S.queue = S.queue.concat(fs); if (S.queue.length > 8) S.queue = S.queue.slice(-8); }
    else if (S.local === null) S.queue = fs.slice(-1);
    // else: paused here, the server not yet told: a batch asked for before the click is not shown
    S.spacing = (S.rtt || 30) / fs.length;
    if (!S.raf && !S.paintTimer) S.raf = requestAnimationFrame(() => paintNext(S));
    next(S);
  }
}
"""


def _component():
    """Registered once per process (the registry keeps it); the same constants every time."""
    return st.components.v2.component(NAME, html=HTML, css=CSS, js=JS)


@st.cache_resource(show_spinner=False, max_entries=1)
def component():
    return _component()


# ------------------------------------------------------------------------------------------ encoding
def b64(array: np.ndarray, dtype) -> str:
    """An array as base64 of its bytes in ``dtype`` (C order, little endian)."""
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def frame(live, *, metrics: dict, cm: list, selected: tuple[int, int] | None, link_mode: str,
          exact: bool) -> dict:
    """One painted frame: ``live`` (an nncore ``LiveFrame``) packed as bytes, with the numbers the view formatted.
    Pure packing: no maths. ``exact`` adds the float map (for exact hover values while paused)."""
    m = {"kind": live.map_kind, "res": int(live.map_q.shape[0]), "lo": float(live.map_range[0]),
         "hi": float(live.map_range[1]), "q": b64(live.map_q, np.uint8),
         "cls": None if live.map_class is None else b64(live.map_class, np.uint8),
         "exact": b64(live.map_exact, "<f4") if exact else None}
    units = np.concatenate([u.reshape(-1) for u in live.units])
    net = {"sizes": [int(u.shape[0]) for u in live.units], "res": int(live.unit_res), "maps": b64(units, np.uint8),
           "w": b64(np.concatenate([W.ravel() for W in live.weights]), "<f4"),
           "b": b64(np.concatenate([b.ravel() for b in live.biases]), "<f4"),
           "links": b64(np.concatenate([W.ravel() for W in live.links]), "<f4"),
           "mode": link_mode, "sel": list(selected) if selected is not None else None}
    h = live.history
    loss = {"epoch": b64(np.asarray(h["epoch"], dtype=float), "<f4"), "train": b64(np.asarray(h["train"]), "<f4"),
            "test": b64(np.asarray(h["test"], dtype=float), "<f4") if h["test"] else None,
            "val_epoch": b64(np.asarray(h["val_epoch"], dtype=float), "<f4") if h["val"] else None,
            "val": b64(np.asarray(h["val"], dtype=float), "<f4") if h["val"] else None,
            "diverged": h["diverged"]}
    return {"m": metrics, "e": int(live.epoch), "map": m, "net": net, "loss": loss, "cm": cm,
            "running": live.status == "ready"}


def payload(frames: list[dict], live, *, seq: int, ack: int, playing: bool, wait_ms: int, lecture: bool,
            texts: dict, points: dict) -> dict:
    """The component's data for one run: one or more ``frames`` (:func:`frame`, oldest first: the browser paints
    them one after the other) and what they share — texts, data points, the plotted square, the class count."""
    (x0, x1), (y0, y1) = live.bounds
    return {"seq": int(seq), "ack": int(ack), "playing": bool(playing), "running": live.status == "ready",
            "wait": int(wait_ms), "lecture": bool(lecture), "t": texts, "k": int(live.k),
            "bounds": [float(x0), float(x1), float(y0), float(y1)], "pts": points, "frames": frames}


def points(X_train, y_train, X_val, y_val, X_test, y_test, show_test: bool) -> dict:
    """The data points (float32 x₁, x₂ pairs and labels or values); the test points only when shown."""
    def xy(X):
        return b64(np.asarray(X, dtype=float).reshape(-1, 2), "<f4") if len(X) else None

    def y(v):
        return b64(np.asarray(v, dtype=float), "<f4") if len(v) else None

    return {"train": xy(X_train), "ytrain": y(y_train), "val": xy(X_val), "yval": y(y_val),
            "test": xy(X_test) if show_test else None, "ytest": y(y_test) if show_test else None}


# ------------------------------------------------------------------------------------------ transport and load
class Load:
    """How busy this server process is: the share of one core its threads used over the last ~0.5 s (process CPU
    time / wall time, smoothed). One per process (``st.cache_resource``), read by every playing session to stretch
    the pause between frames when the server is busy, so that other students' clicks stay quick."""

    WINDOW = 0.5

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._t, self._c = time.monotonic(), time.process_time()
        self.busy = 0.0

    def sample(self) -> float:
        with self._lock:
            now, cpu = time.monotonic(), time.process_time()
            if now - self._t >= self.WINDOW:
                share = (cpu - self._c) / (now - self._t)
                self.busy = 0.5 * self.busy + 0.5 * share
                self._t, self._c = now, cpu
            return self.busy

    def wait_ms(self) -> int:
        """The pause before the next frame: none below 0.6 of a core, growing to 60 ms at a full core (a frame
        costs the server ~5–10 ms, so a busy process gives each player fewer frames, never fewer epochs)."""
        return int(round(min(60.0, max(0.0, (self.sample() - 0.6) * 150.0))))


@st.cache_resource(show_spinner=False, max_entries=1)
def load() -> Load:
    return Load()


def frame_payload_size(data: dict) -> int:
    """Bytes of the frame's JSON (what goes over the websocket), for the benchmark and the tests."""
    import json

    return len(json.dumps(data))


__all__ = ["NAME", "HTML", "CSS", "JS", "component", "payload", "points", "Load", "load", "b64",
           "frame_payload_size"]

