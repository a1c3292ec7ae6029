"""Playground page, part 2: the live view — play / pause / step / reset / new weights, the epoch counter and losses,
the network with a map per neuron, the output map with the data, the loss curves and the confusion matrices.

All of it is one custom component (:mod:`explainer.views.playground_canvas`) inside one fragment. For every frame
nncore trains ``speed`` epochs and computes everything shown (:meth:`Playground.live`); the component paints the
frames and asks for the next batch as soon as one arrives (a ``tick`` trigger, which reruns only this fragment).
Paused, nothing runs for the session until the student acts.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import replace

import streamlit as st

import nncore
from explainer import fmt
from explainer.controls import flush_url
from explainer.shell import Page
from explainer.views import playground_canvas as canvas
from explainer.views.playground import DEFAULT_SPEED, PLAYING, RUN
from nncore.lessons import playground as pgc

MAP_RES = 100         # the big map: 100 × 100 grid points (one forward pass)
UNIT_RES = 25         # each neuron's small map: 25 × 25
KEY = "playground.live"          # the component (its trigger values live under this key)
TICK = "playground._tick"        # the newest frame request from the browser (a counter)
ACK = "playground._ack"          # the newest frame request answered
CMDS = "playground._cmds"        # buttons pressed in the component since the last run
CMD_N = "playground._cmd_n"      # the number of the last button press handled
SEQ = "playground._seq"          # frames sent (the browser paints each new one once)
RUN_MS = "playground._run_ms"    # the last run of the fragment: (wall ms, CPU ms)
COST = "playground._cost"        # nncore's part of the last frames: (train ms, grids ms, encode ms, epochs)
SHOW = "show"                    # URL control: which map is large ("out" or "layer:unit")
PICKED = "playground._picked"    # a neuron was clicked in the drawing
CHECKS = "playground._checks"    # (epoch, checkpoint) of the frames sent while playing: Pause goes back to one


# ------------------------------------------------------------------------------------------ component events
MAX_BATCH = 4  # frames per run at most (the browser asks for as many as its round trip needs for ~30 paints/s)
N_CHECKS = 16  # frames the browser may still hold or have asked for: 8 waiting, a batch in flight, one answering


def _on_tick() -> None:
    value = getattr(st.session_state.get(KEY), "tick", None)
    if isinstance(value, (int, float)):
        value = {"s": value, "n": 1}
    if isinstance(value, dict) and isinstance(value.get("s"), (int, float)):
        n = value.get("n")
        n = int(n) if isinstance(n, (int, float)) and 1 <= n <= MAX_BATCH else 1
        st.session_state[TICK] = (int(value["s"]), n)


def _on_cmd() -> None:
    value = getattr(st.session_state.get(KEY), "cmd", None)
    if isinstance(value, dict) and value.get("do") in ("play", "pause", "step", "reset", "new_weights"):
        at = value.get("at")  # the epoch of the frame on screen when Pause / Step stopped the play
        at = at if isinstance(at, int) and not isinstance(at, bool) else None
        st.session_state.setdefault(CMDS, []).append((value["do"], at))
        if isinstance(value.get("n"), int):
            st.session_state[CMD_N] = value["n"]  # the browser's button label follows the server from this frame on


def _on_pick(page: Page) -> None:
    value = getattr(st.session_state.get(KEY), "pick", None)
    pg = st.session_state.get(RUN)
    if isinstance(value, str) and pg is not None and value in unit_ids(pg):
        page.controls.set(SHOW, value)
        st.session_state[page.controls.widget_key(SHOW)] = value
        st.session_state[PICKED] = True  # the fragment asks for a full run: the selectbox shows the choice


def request_waiting() -> bool:
    """Whether the browser has already sent another request for this session (a Pause, a setting) while this run
    trains: then the batch ends after the current frame, so that the request is served within one frame's work.
    Streamlit 1.67 keeps it in the run context's ``script_requests`` (private; checked by the tests; any surprise
    reads as "no")."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        requests = get_script_run_ctx().script_requests
        return requests is not None and requests._state == ScriptRequestType.RERUN  # noqa: SLF001
    except Exception:  # noqa: BLE001
        return False


def unit_ids(pg: pgc.Playground) -> list[str]:
    """"out" and "layer:unit" for every input and hidden unit (what the big map can show)."""
    return ["out"] + [f"{layer}:{j}" for layer, n in enumerate(pg.net.layer_sizes[:-1]) for j in range(n)]


def _apply(page: Page, pg: pgc.Playground, what: str, at: int | None = None) -> bool:
    """A button of the component; returns True when it should train a frame now (Play). ``at``: the epoch of the
    frame on screen when Pause or Step stopped the play."""
    ss = st.session_state
    checks = ss.pop(CHECKS, ())
    if what == "play":
        ss[PLAYING] = pg.running
        return pg.running
    ss[PLAYING] = False
    if what in ("pause", "step") and at is not None:
        back_to(pg, checks, at)
    if what == "step":
        pg.step(1)
    elif what == "reset":
        pg.reset()
    elif what == "new_weights":
        seed = (pg.config.weight_seed + 1) % 10**9
        page.controls.set("wseed", seed)
        pg.update(replace(pg.config, weight_seed=seed), pg.data if pg.user_data else None)
    return False


def back_to(pg: pgc.Playground, checks, at: int) -> bool:
    """Go back to the frame the student saw when pausing: the server had already trained the frames the browser
    asked for (a batch in flight, frames waiting to be painted), which the student never saw. Without that frame's
    checkpoint (a setting changed since, or it is older than the last :data:`N_CHECKS` frames) the run stays where
    it is and the browser shows that."""
    if pg.epoch == at:
        return False
    cp = next((cp for epoch, cp in checks if epoch == at), None)
    return cp is not None and pg.rewind(cp)


# ------------------------------------------------------------------------------------------ labels
def unit_label(page: Page, pg: pgc.Playground, uid: str) -> str:
    if uid == "out":
        return page.t("playground.show_output")
    layer, j = (int(v) for v in uid.split(":"))
    if layer == 0:
        return nncore.datasets.FEATURES[pg.config.features[j]].label
    if layer == pg.net.n_layers:
        return page.t("playground.output_unit", j=j + 1) if pg.net.layer_sizes[-1] > 1 else page.t(
            "playground.output_layer")
    return page.t("playground.unit", layer=layer, j=j + 1)


def texts(page: Page, pg: pgc.Playground, show: str, grad: bool, show_test: bool = False) -> dict:
    """Every text the component shows, translated (set with textContent in the browser)."""
    t = page.t
    sizes = pg.net.layer_sizes
    layers = [t("playground.inputs")] + [t("playground.hidden_n", i=i + 1) for i in range(len(sizes) - 2)]
    layers.append(t("playground.output_layer"))
    units = [[unit_label(page, pg, f"{layer}:{j}") for j in range(n)] for layer, n in enumerate(sizes)]
    k = pg.k
    if show != "out":
        map_title = t("playground.unit_title", unit=unit_label(page, pg, show))
        caption = t("playground.unit_caption")
    else:
        map_title = t("playground.output_title")
        caption = {0: t("playground.regression_caption"), 2: t("playground.binary_caption")}.get(
            k, t("playground.multiclass_caption"))
    if show_test and len(pg.X_test):
        caption += " " + t("playground.test_caption", n=len(pg.X_test))
    if len(pg.X_val):
        caption += " " + t("playground.val_caption", n=len(pg.X_val))
    return {"play": t("playground.play"), "pause": t("playground.pause"), "step": t("playground.step"),
            "reset": t("playground.reset"), "new_weights": t("playground.new_weights"),
            "step_help": t("playground.step_help"), "reset_help": t("playground.reset_help"),
            "new_weights_help": t("playground.new_weights_help"),
            "epoch": t("playground.epoch"), "train_loss": t("playground.train_loss"),
            "test_loss": t("playground.test_loss"), "val_loss": t("playground.val_loss"),
            "network_title": t("playground.network_title_grad") if grad else t("playground.network_title"),
            "network_caption": t("playground.network_caption"), "map_title": map_title, "map_caption": caption,
            "loss_title": t("playground.loss_title"), "train": t("playground.train"), "test": t("playground.test"),
            "val": t("playground.val"), "no_epochs": t("playground.no_epochs"),
            "diverged_mark": t("playground.diverged_mark"), "layers": layers, "units": units,
            "bias": "b", "link": "∂J/∂w" if grad else "w", "click_unit": t("playground.click_unit"),
            "map_value": t("playground.value"), "predicted": t("playground.predicted"), "true": t("playground.true"),
            "classes": [t("playground.class_n", c=c) for c in class_labels(pg)], "stopped": stopped_line(page, pg)}


def class_labels(pg: pgc.Playground) -> list:
    """The classes as the student's file names them (labels 10, 20, 30 are trained as 0, 1, 2), else 0 … k − 1."""
    given = pg.data.info.get("classes") if pg.user_data else None
    return list(given) if given and len(given) == pg.k else list(range(max(pg.k, 2)))


def stopped_line(page: Page, pg: pgc.Playground) -> str:
    """One line under Play when training has stopped, pointing to the full message under the charts ("" while it
    runs): the disabled Play button otherwise stood there without a reason in sight."""
    t = page.t
    if pg.status == "diverged" and pg.divergence is not None:
        return t("playground.stopped.line_diverged", epoch=pg.divergence.epoch)
    if pg.status == "plateau" and pg.best is not None:  # the counter shows the stop; the weights are the best epoch's
        return t("playground.stopped.line_plateau", epoch=pg.epoch, best=pg.best[1])
    if pg.status == "max_epochs":
        return t("playground.stopped.line_max_epochs", epoch=pg.epoch)
    return ""


def metrics(live: pgc.LiveFrame) -> dict:
    f = live.frame
    return {"epoch": f"{live.epoch:,}", "train": fmt.num(f.train_loss, 3),
            "test": None if f.test_loss is None else fmt.num(f.test_loss, 3),
            "val": None if f.val_loss is None else fmt.num(f.val_loss, 3)}


def confusion(page: Page, live: pgc.LiveFrame) -> list[dict]:
    out = []
    for which, C, S in live.confusion:
        acc = live.frame.train_acc if which == "train" else live.frame.test_acc
        if which == "test" and not C.sum():
            continue
        title = page.t(f"playground.confusion_{which}", acc=fmt.percent(acc or 0.0))
        out.append({"which": which, "title": title, "n": int(C.shape[0]), "c": [int(v) for v in C.ravel()],
                    "s": [round(float(v), 4) for v in S.ravel()]})
    return out


# ------------------------------------------------------------------------------------------ the section
def show_control(page: Page, pg: pgc.Playground, hidden: set[str]) -> str:
    """Which map is large: "out" or "layer:unit" (a select box — the keyboard way; a click on a neuron in the
    drawing is the mouse way). Outside the live view's fragment: a frame does not redraw it."""
    ids = unit_ids(pg)
    if "display" in hidden:
        return page.controls.get(SHOW, "out", parse=lambda v: v if v in ids else _invalid(v))
    wkey = page.controls.widget_key(SHOW)
    if wkey in st.session_state and st.session_state[wkey] not in ids:
        st.session_state[wkey] = "out"  # a neuron of a network that has changed since
    return page.controls.selectbox(SHOW, page.t("playground.show"), ids, "out",
                                   format_func=lambda u: unit_label(page, pg, u))


def live_section(page: Page, pg: pgc.Playground, *, show: str, speed: int, show_test: bool, discretize: bool,
                 gradients: bool) -> None:
    """The live view: one fragment (reruns alone for each frame and each button of the component)."""
    st.fragment(_live)(page, show=show, speed=int(speed), show_test=bool(show_test), discretize=bool(discretize),
                       gradients=bool(gradients))


def _live(page: Page, *, show: str, speed: int, show_test: bool, discretize: bool, gradients: bool) -> None:
    ss = st.session_state
    w0, p0 = time.perf_counter(), time.process_time()
    pg: pgc.Playground = ss[RUN]
    train_now = False
    for what, at in ss.pop(CMDS, []):
        train_now = _apply(page, pg, what, at) or (train_now and what not in ("pause", "step", "reset",
                                                                                "new_weights"))
    tick = ss.pop(TICK, None)
    batch = 1 if train_now else (tick[1] if tick is not None else 0)
    if tick is not None:
        ss[ACK] = max(int(ss.get(ACK, 0)), tick[0])

    if ss.pop(PICKED, False):
        st.rerun()  # a click on a neuron: the whole page (its "large map shows" box) follows
    sel = None if show == "out" else tuple(int(v) for v in show.split(":"))
    link_mode = "gradient" if gradients else "weight"

    def one_frame(exact: bool, cost: dict) -> tuple[dict, pgc.LiveFrame]:
        c1 = time.process_time()
        live = pg.live(MAP_RES, UNIT_RES, show=sel, discretize=discretize, gradients=gradients)
        c2 = time.process_time()
        f = canvas.frame(live, metrics=metrics(live), cm=confusion(page, live), selected=sel, link_mode=link_mode,
                         exact=exact)
        cost.update(grids_ms=round((c2 - c1) * 1000, 2), encode_ms=round((time.process_time() - c2) * 1000, 2))
        f["cost"] = cost
        return f, live

    frames = []
    # while playing, each requested frame is `speed` more epochs and its own complete picture
    while ss.get(PLAYING) and len(frames) < batch and pg.running and not (frames and request_waiting()):
        c0 = time.process_time()
        epochs = pg.step(speed or DEFAULT_SPEED)
        ss.setdefault(CHECKS, deque(maxlen=N_CHECKS)).append((pg.epoch, pg.checkpoint()))
        cost = {"train_ms": round((time.process_time() - c0) * 1000, 2), "epochs": epochs}
        f, live = one_frame(False, cost)
        frames.append(f)
        ss.setdefault(COST, deque(maxlen=600)).append((cost["train_ms"], cost["grids_ms"], cost["encode_ms"], epochs))
    if ss.get(PLAYING) and not pg.running:
        ss[PLAYING] = False
    playing = bool(ss.get(PLAYING))
    if not frames:
        f, live = one_frame(not playing, {"epochs": 0})
        frames.append(f)
    ss[SEQ] = int(ss.get(SEQ, 0)) + 1
    data = canvas.payload(frames, live, seq=ss[SEQ], ack=int(ss.get(ACK, 0)), playing=playing,
                          wait_ms=canvas.load().wait_ms() if playing else 0, lecture=page.lecture,
                          texts=texts(page, pg, show, gradients, show_test),
                          points=canvas.points(pg.X_train, pg.y_train, pg.X_val, pg.y_val, pg.X_test, pg.y_test,
                                               show_test))
    data["cmd_n"] = int(ss.get(CMD_N, 0))
    data["run_ms"] = ss.get(RUN_MS)  # the previous run of this fragment: wall and server CPU ms (for the benchmark)
    canvas.component()(key=KEY, data=data, on_tick_change=_on_tick, on_cmd_change=_on_cmd,
                       on_pick_change=lambda: _on_pick(page), width="stretch")
    status_message(page, pg)
    flush_url()  # "new weights" wrote its seed: out now, not at the next full run
    ss[RUN_MS] = (round((time.perf_counter() - w0) * 1000, 1), round((time.process_time() - p0) * 1000, 1))


def _invalid(value):
    from explainer.controls import Invalid

    raise Invalid(value)


def status_message(page: Page, pg: pgc.Playground) -> None:
    """Why training stopped, translated by the reason code (nncore's English message is not shown in zh)."""
    t = page.t
    if pg.status == "diverged" and pg.divergence is not None:
        d = pg.divergence
        st.error(t(f"playground.diverged.{d.reason}", epoch=d.epoch, last=pg.epoch,
                   lr=f"{pg.config.learning_rate:g}", limit=fmt.sci(d.limit)), icon=":material/warning:")
        st.info(t("playground.diverged.try"), icon=":material/lightbulb:")
    elif pg.status == "max_epochs":
        st.info(t("playground.stopped.max_epochs", n=pg.config.max_epochs), icon=":material/flag:")
    elif pg.status == "plateau" and pg.best is not None:
        loss, epoch = pg.best[0], pg.best[1]
        test = pg.frame().test_loss
        st.info(t("playground.stopped.plateau", n=pg.config.patience, epoch=epoch, now=pg.epoch,
                  val=fmt.num(loss, 3), test="—" if test is None else fmt.num(test, 3)), icon=":material/flag:")
