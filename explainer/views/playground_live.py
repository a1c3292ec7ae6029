"""Playground page, part 2: the live view — play / pause / step / reset, the epoch counter, the network with a map
per neuron, the output map, loss curves and confusion matrices.

It is a fragment: while playing it reruns alone every ``FRAME_INTERVAL`` seconds (``run_every``), trains
``speed`` epochs and redraws; paused, it is registered with ``run_every=None``, so no server work happens for the
session until the student acts.
"""

from __future__ import annotations

import re

import streamlit as st

import nncore
from explainer import fmt
from explainer.figures import playground as figs
from explainer.shell import Page
from explainer.views.playground import DEFAULT_SPEED, PLAYING, RUN
from nncore.lessons import playground as pgc

FRAME_INTERVAL = 0.1     # seconds between frames while playing (a frame that takes longer delays the next)
DETAILS_INTERVAL = 1.0   # the network, curves and confusion matrices redraw less often (browser work per frame)
FRAME_KEY, DETAILS_KEY = "pg_frame", "pg_details"
MAP_RES = 100         # the output heatmap: 100 × 100 grid points (one forward pass)
UNIT_RES = 25         # each neuron's small map: 25 × 25
UNIT_ID = re.compile(r"^\d:\d$")
FIGS = "playground._figs"   # session_state: the last figures built, with the state they show (see _kept)


def model_key(pg: pgc.Playground) -> tuple:
    """What the drawn figures depend on in the run: the run and its data, the settings that shape the network, the
    data or the gradients (not the batch size, learning rate or stop rules), the epoch, the loss history and the
    exact weights (a reset, an import or new weights change them without changing the epoch)."""
    cfg = pg.config
    params = b"".join(a.tobytes() for a in (*pg.net.weights, *pg.net.biases))
    return (id(pg), id(pg.data), cfg.network_key(), cfg.seed, cfg.regularization, cfg.reg_rate, pg.epoch,
            len(pg.trainer.history.epoch), params)


def _kept(name: str, key: tuple, build):
    """``build()``, or the figures built for the same ``key`` on an earlier run of this session (a rerun after a
    change that does not touch them: batch size, stop rules, other toggles). One entry per name; never mutated."""
    store = st.session_state.setdefault(FIGS, {})
    hit = store.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = build()
    store[name] = (key, value)
    return value


def _set_playing(value: bool) -> None:
    # a target value, not a toggle: a click that reaches the server twice (a rerun coalesced with a frame's
    # tick) must not undo itself
    st.session_state[PLAYING] = value


def _step() -> None:
    st.session_state[PLAYING] = False
    st.session_state[RUN].step(1)


def _reset() -> None:
    st.session_state[PLAYING] = False
    st.session_state[RUN].reset()


def _new_weights(page: Page) -> None:
    pg = st.session_state[RUN]
    seed = (pg.config.weight_seed + 1) % 10**9
    page.controls.set("wseed", seed)
    from dataclasses import replace

    st.session_state[PLAYING] = False
    pg.update(replace(pg.config, weight_seed=seed), pg.data if pg.user_data else None)


def _pick_unit() -> None:
    """A click on a neuron of the network figure shows its map large."""
    state = st.session_state.get("playground.fig_net") or {}
    for point in (state.get("selection") or {}).get("points", []):
        cd = point.get("customdata")
        if isinstance(cd, str) and UNIT_ID.match(cd):
            st.session_state["playground.show"] = cd
            return


def unit_label(page: Page, pg: pgc.Playground, uid: str) -> str:
    if uid == "out":
        return page.t("playground.show_output")
    layer, j = (int(v) for v in uid.split(":"))
    if layer == 0:
        return nncore.datasets.FEATURES[pg.config.features[j]].label
    return page.t("playground.unit", layer=layer, j=j + 1)


def live_section(page: Page, pg: pgc.Playground) -> None:
    """Toolbar (a click reruns the app: it can start or stop the ticking), then two fragments: the frame (trains,
    epoch counter, losses, output map; every FRAME_INTERVAL s while playing) and the details (network, loss curve,
    confusion matrices; every DETAILS_INTERVAL s while playing). Paused, neither ticks."""
    playing = bool(st.session_state.get(PLAYING))
    toolbar(page, pg, playing)
    left, right = st.columns([1.45, 1], gap="medium")
    with right:
        st.fragment(run_every=FRAME_INTERVAL if playing else None, key=FRAME_KEY)(_frame)(page, playing)
    with left:
        st.fragment(run_every=DETAILS_INTERVAL if playing else None, key=DETAILS_KEY)(_details)(page)


def toolbar(page: Page, pg: pgc.Playground, playing: bool) -> None:
    t = page.t
    bar = st.columns([1.1, 1, 1, 1.2, 2.6])
    bar[0].button(t("playground.pause") if playing else t("playground.play"),
                  icon=":material/pause:" if playing else ":material/play_arrow:", type="primary",
                  key="playground._play", on_click=_set_playing, args=(not playing,), disabled=not pg.running and not playing,
                  width="stretch")
    bar[1].button(t("playground.step"), icon=":material/skip_next:", key="playground._step", on_click=_step,
                  disabled=not pg.running, help=t("playground.step_help"), width="stretch")
    bar[2].button(t("playground.reset"), icon=":material/replay:", key="playground._reset", on_click=_reset,
                  help=t("playground.reset_help"), width="stretch")
    bar[3].button(t("playground.new_weights"), icon=":material/casino:", key="playground._new",
                  on_click=_new_weights, args=(page,), help=t("playground.new_weights_help"), width="stretch")
    with bar[4]:
        uids = ["out"] + [f"{layer}:{j}" for layer, n in enumerate(pg.net.layer_sizes[:-1]) for j in range(n)]
        if st.session_state.get("playground.show") not in uids:
            st.session_state["playground.show"] = "out"
        page.controls.selectbox("show", t("playground.show"), uids, "out",
                                format_func=lambda u: unit_label(page, pg, u))


def _frame(page: Page, ticking: bool) -> None:
    """One frame: train ``speed`` epochs (while playing), then the counter, the losses and the output map."""
    t, ss = page.t, st.session_state
    pg: pgc.Playground = ss[RUN]
    if ss.get(PLAYING) and ticking:
        pg.step(ss.get("playground.speed", DEFAULT_SPEED))  # the settings (or a hidden control) put it there
    if ss.get(PLAYING) and not pg.running:
        ss[PLAYING] = False
    if bool(ss.get(PLAYING)) != ticking:
        st.rerun()  # start or stop the ticking: only a full run changes run_every
    frame = pg.frame()
    m = st.columns(3)
    m[0].metric(t("playground.epoch"), f"{frame.epoch:,}")
    m[1].metric(t("playground.train_loss"), fmt.num(frame.train_loss, 3))
    m[2].metric(t("playground.test_loss"), "—" if frame.test_loss is None else fmt.num(frame.test_loss, 3))
    status_message(page, pg)
    output_panel(page, pg)


def _details(page: Page) -> None:
    """The network (a map per neuron, links by weight or gradient), the loss curves, the confusion matrices."""
    ss = st.session_state
    pg: pgc.Playground = ss[RUN]
    grad_mode = bool(ss.get("playground.grad"))
    show = ss.get("playground.show", "out")
    key = (model_key(pg), page.lang, grad_mode, show)
    net_fig, loss_fig, cms = _kept("details", key, lambda: _details_figures(page, pg, grad_mode, show))
    page.chart(net_fig, key="fig_net", on_select=_pick_unit)
    st.caption(page.t("playground.network_caption"))
    page.chart(loss_fig, key="fig_loss")
    for col, (which, fig) in zip(st.columns(2) if cms else (), cms):
        with col:
            page.chart(fig, key=f"fig_cm_{which}")


def _details_figures(page: Page, pg: pgc.Playground, grad_mode: bool, show: str) -> tuple:
    t = page.t
    maps = pg.neuron_maps(UNIT_RES)
    links = pg.gradients() if grad_mode else pg.net.weights
    units = [[figs.Unit(layer, j, unit_label(page, pg, f"{layer}:{j}"), m[j],
                        None if layer == 0 else float(pg.net.biases[layer - 1][j])) for j in range(m.shape[0])]
             for layer, m in enumerate(maps)]
    titles = [t("playground.inputs")] + [t("playground.hidden_n", i=i + 1) for i in range(len(pg.config.hidden))]
    titles.append(t("playground.output_layer"))
    sel = None if show == "out" else tuple(int(v) for v in show.split(":"))
    net_fig = figs.network(units, links, link_mode="gradient" if grad_mode else "weight", selected=sel,
                           layer_titles=titles, title=t("playground.network_title_grad") if grad_mode
                           else t("playground.network_title"), link_label="∂J/∂w" if grad_mode else "w",
                           bias_label="b")
    h = pg.trainer.history
    idx = pgc.thin(h.epoch)
    test = [h.test_loss[i] for i in idx] if h.test_loss and h.test_loss[-1] is not None else None
    loss_fig = figs.loss_curves([h.epoch[i] for i in idx], [h.train_loss[i] for i in idx], test,
                                title=t("playground.loss_title"), x_axis=t("playground.epoch"),
                                y_axis=t("playground.loss_axis"), train_label=t("playground.train"),
                                test_label=t("playground.test"))
    cms = []
    if pg.k:
        frame = pg.frame()
        labels = [t("playground.class_n", c=i) for i in range(max(pg.k, 2))]
        for which, acc in (("train", frame.train_acc), ("test", frame.test_acc)):
            title = t(f"playground.confusion_{which}", acc=fmt.percent(acc or 0.0))
            cms.append((which, figs.confusion(pg.confusion(which), labels, title=title,
                                              x_axis=t("playground.predicted"), y_axis=t("playground.true"),
                                              meta=f"confusion:{which}")))
    return net_fig, loss_fig, cms


def output_panel(page: Page, pg: pgc.Playground) -> None:
    """The big map: the network's output (or the chosen neuron's) on the 100 × 100 grid, with the data."""
    ss = st.session_state
    show = ss.get("playground.show", "out")
    disc, test = bool(ss.get("playground.disc")), bool(ss.get("playground.test"))
    key = (model_key(pg), page.lang, show, disc, test)
    page.chart(_kept("map", key, lambda: _map_figure(page, pg, show, disc, test)), key="fig_map")
    if show == "out" and pg.k >= 3:
        st.caption(page.t("playground.multiclass_caption"))
    elif show == "out" and pg.k == 2:
        st.caption(page.t("playground.binary_caption"))


def _map_figure(page: Page, pg: pgc.Playground, show: str, disc: bool, test: bool):
    t = page.t
    xs, ys = pg.grid_axes(MAP_RES)
    if show == "out":
        z, k = pg.shade_map(MAP_RES, discretize=disc), pg.k
        title = t("playground.output_title")
    else:
        layer, j = (int(v) for v in show.split(":"))
        z, k = pg.unit_map(layer, j, MAP_RES), 0
        title = t("playground.unit_title", unit=unit_label(page, pg, show))
    train = figs.Points(pg.X_train, pg.y_train)
    test_pts = figs.Points(pg.X_test, pg.y_test) if test else None
    value_label = {0: t("playground.value"), 2: "P(1)"}.get(k, "")
    return figs.output_map(xs, ys, z, k=k, train=train, test=test_pts, title=title, value_label=value_label,
                           train_label=t("playground.train"), test_label=t("playground.test"))


def status_message(page: Page, pg: pgc.Playground) -> None:
    """Why training stopped, translated by the reason code (nncore's English message is not shown in zh)."""
    t = page.t
    if pg.status == "diverged" and pg.divergence is not None:
        d = pg.divergence
        st.error(t(f"playground.diverged.{d.reason}", epoch=d.epoch, lr=f"{pg.config.learning_rate:g}"),
                 icon=":material/warning:")
        st.info(t("playground.diverged.try"), icon=":material/lightbulb:")
    elif pg.status == "max_epochs":
        st.info(t("playground.stopped.max_epochs", n=pg.config.max_epochs), icon=":material/flag:")
    elif pg.status == "plateau":
        st.info(t("playground.stopped.plateau", n=pg.config.patience), icon=":material/flag:")
