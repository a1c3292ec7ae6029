"""Playground page, part 1: the settings (URL-bound, some hideable by a classroom link) and the student's run.

Every setting is a control in the URL; ``hide=noise,features,reg`` hides those groups (their values still come from
the URL or the defaults). The run (data, network, trainer) lives in ``st.session_state`` and follows the settings
the way TF Playground does (see ``nncore.lessons.playground``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

import streamlit as st

import nncore
from explainer import controls as ctl
from explainer import charts, csvdata, fmt, theme
from explainer.checks import Question
from explainer.figures import playground as figs
from explainer.shell import Page
from nncore.lessons import playground as pgc

RUN = "playground._run"          # the student's nncore.lessons.playground.Playground
PLAYING = "playground._playing"  # bool: the live view is playing
USER = "playground._user"        # the student's own data: {"key": (file id, task, columns), "data", "error", "names"}
KEPT = "playground._kept"        # (file key, Dataset) last read from the file: kept while a column pick of it fails
NOTICE = "playground._notice"    # a one-off message key for the next run (e.g. "imported")
CSV_KEY = "playground._csv"      # the CSV file uploader
UPLOAD_OPEN = "playground._open_upload"  # the CSV expander's open state

FEATURES = tuple(nncore.datasets.FEATURES)
DEFAULT = pgc.Config()
SPEEDS = (1, 2, 3, 5, 10, 20, 30, 50, 100)
DEFAULT_SPEED = 5  # epochs per frame: at ~30 frames/s about 150 epochs/s (TF Playground: 1 epoch per frame)
GROUPS = ("problem", "data", "noise", "ratio", "batch", "seed", "upload", "features", "layers", "activation", "lr",
          "reg", "optimizer", "loss", "init", "dropout", "stop", "speed", "display", "model")


# ------------------------------------------------------------------------------------------ URL helpers
def options_parser(options: Sequence[Any]) -> Callable[[str], Any]:
    table = {ctl.encode(o): o for o in options}

    def parse(text: str) -> Any:
        if text not in table:
            raise ctl.Invalid(text)
        return table[text]

    return parse


def int_list(max_len: int, lo: int, hi: int) -> Callable[[str], list[int]]:
    def parse(text: str) -> list[int]:
        values = [ctl.parse_int(p) for p in text.split(",")] if text.strip() else []
        if len(values) > max_len or any(not lo <= v <= hi for v in values):
            raise ctl.Invalid(text)
        return values

    return parse


def parse_groups(text: str) -> list[str]:
    names = [p.strip() for p in text.split(",") if p.strip()]
    if any(n not in GROUPS for n in names):
        names = [n for n in names if n in GROUPS]  # ignore unknown names, keep the known ones
    return list(dict.fromkeys(names))


@contextmanager
def one_link_update(c: ctl.Controls) -> Iterator[None]:
    """Run ``Controls.on_publish`` (the shell refreshes its "copy link" box) once after the block instead of after
    each of the ~35 URL writes of the settings: each refresh re-encodes the whole URL (≈ 25 ms per rerun)."""
    hook, c.on_publish = c.on_publish, None
    try:
        yield
    finally:
        c.on_publish = hook
        if hook is not None:
            hook()


def hidden_groups(page: Page) -> set[str]:
    """The control groups a classroom link hides (``hide=…`` in the URL)."""
    return set(page.controls.get("hide", [], parse=parse_groups))


class Settings:
    """Draws a control unless its group is hidden; a hidden control still reads its URL value (or default)."""

    def __init__(self, page: Page):
        self.page, self.c = page, page.controls
        self.hidden = set(self.c.get("hide", [], parse=parse_groups))

    def shown(self, group: str) -> bool:
        return group not in self.hidden

    def slider(self, group, key, label, lo, hi, value, **kw):
        if not self.shown(group):
            parse = ctl.number(lo, hi, integer=isinstance(value, int), step=kw.get("step"))
            return self.c.get(key, value, parse=parse)
        return self.c.slider(key, label, lo, hi, value, **kw)

    def number_input(self, group, key, label, lo, hi, value, **kw):
        if not self.shown(group):
            return self.c.get(key, value, parse=ctl.number(lo, hi, integer=isinstance(value, int)))
        return self.c.number_input(key, label, lo, hi, value, **kw)

    def choice(self, kind, group, key, label, options, value, **kw):
        if not self.shown(group):
            return self.c.get(key, value, parse=options_parser(options))
        return getattr(self.c, kind)(key, label, options, value, **kw)

    def toggle(self, group, key, label, value, kind="toggle", **kw):
        if not self.shown(group):
            return self.c.get(key, value, parse=ctl.parse_bool)
        return getattr(self.c, kind)(key, label, value, **kw)


# ------------------------------------------------------------------------------------------ layers (+/−)
def _set_layers(c: ctl.Controls, layers: list[int]) -> None:
    c.set("net", layers)


def layers_ui(page: Page, s: Settings) -> tuple[list[int], list[str]]:
    """Hidden layers with +/− buttons (layers and neurons) and an activation per layer (TF: one for all)."""
    c, t = page.controls, page.t
    layers = c.get("net", list(DEFAULT.hidden), parse=int_list(pgc.MAX_LAYERS, 1, pgc.MAX_NEURONS))
    acts = []
    if s.shown("layers"):
        title = "playground.layers.title_one" if len(layers) == 1 else "playground.layers.title"
        st.markdown(f"**{t(title, n=len(layers))}**")
        head = st.columns(2)
        head[0].button(t("playground.layers.add_short"), icon=":material/add:", key="playground._add_layer",
                       help=t("playground.layers.add"), disabled=len(layers) >= pgc.MAX_LAYERS, width="stretch",
                       on_click=_set_layers, args=(c, layers + [min(layers[-1] if layers else 4, pgc.MAX_NEURONS)]))
        head[1].button(t("playground.layers.remove_short"), icon=":material/remove:", key="playground._remove_layer",
                       help=t("playground.layers.remove"), disabled=not layers, width="stretch",
                       on_click=_set_layers, args=(c, layers[:-1]))
    cols = st.columns(max(len(layers), 1)) if layers else []
    for i, n in enumerate(layers):
        with cols[i]:
            if s.shown("layers"):
                st.caption(t("playground.layers.layer_one" if n == 1 else "playground.layers.layer", i=i + 1, n=n))
                plus, minus = st.columns(2)
                # the label names the action (screen readers read it); the tooltip says it in full
                plus.button("＋", key=f"playground._plus{i}", help=t("playground.layers.more", i=i + 1),
                            disabled=n >= pgc.MAX_NEURONS, width="stretch",
                            on_click=_set_layers, args=(c, layers[:i] + [n + 1] + layers[i + 1:]))
                minus.button("－", key=f"playground._minus{i}", help=t("playground.layers.fewer", i=i + 1),
                             disabled=n <= 1, width="stretch",
                             on_click=_set_layers, args=(c, layers[:i] + [n - 1] + layers[i + 1:]))
            acts.append(s.choice("selectbox", "activation", f"a{i + 1}", t("playground.activation"),
                                 pgc.ACTIVATIONS, "tanh", format_func=lambda a: t(f"playground.act.{a}")))
    return layers, acts


# ------------------------------------------------------------------------------------------ data-set thumbnails
@st.cache_data(max_entries=64, show_spinner=False)
def _previews(task: str, noise: float, seed: int, k: int) -> list[tuple[str, Any, Any, int]]:
    """Every data set of ``task`` as nncore draws it for these settings, small (PREVIEW_SAMPLES points each)."""
    return [(name, d.X, d.y, kk) for name, d, kk in pgc.previews(task, noise, seed, k)]


@st.cache_resource(max_entries=32, show_spinner=False)
def _thumbnail_figure(task: str, noise: float, seed: int, k: int, selected: str, labels: tuple[str, ...],
                      lecture: bool = False):
    """The thumbnails figure through ``theme.spec`` (a plain dict inside; larger labels in lecture mode; shared,
    never mutated)."""
    items = [(name, label, X, y, kk) for (name, X, y, kk), label in zip(_previews(task, noise, seed, k), labels)]
    # on a projector the labels are 18 px: two pictures a row leave them room
    fig = figs.thumbnails(items, selected=selected, cols=2, title_px=30) if lecture else \
        figs.thumbnails(items, selected=selected)
    return theme.spec(fig, lecture=lecture)[0]


def _pick_dataset(c: ctl.Controls, names: tuple[str, ...], name: str) -> None:
    """A click on a thumbnail (its invisible square marker carries the data set's name) chooses that data set:
    the ``data`` control's widget state and the URL (runs before the script, so the widget takes it)."""
    if name in names:
        c.set("data", name)


# as Page.chart's, but without Plotly's mode bar: it would cover the titles and a thumbnail needs no PNG export
THUMBNAILS_CONFIG = {"displayModeBar": False, "displaylogo": False}


def dataset_thumbnails(page: Page, task: str, dataset: str, noise: float, seed: int, k: int) -> None:
    """A row of small pictures of the data sets offered for ``task``, drawn by nncore's generators with the current
    noise, seed and class count; a click selects one (a second click on the chosen one changes nothing). Drawn in
    place like every chart (``explainer.charts``): Streamlit's own ``st.plotly_chart``, which the page used for its
    selection events, ran its own copy of Plotly.js — a long task of ~1 s on every load of the page."""
    names = tuple(pgc.DATASETS[task])
    labels = tuple(page.t(f"playground.datasets.{n}") for n in names)
    fig = _thumbnail_figure(task, float(noise), int(seed), int(k), dataset, labels, page.lecture)
    pick = partial(_pick_dataset, page.controls, names)
    if charts.ready():
        charts.draw(fig.to_dict(), key=f"{page.id}.chart.thumbnails", page=page.info.url_path,
                    config=THUMBNAILS_CONFIG, alt=page.t("playground.thumbnails"), on_pick=pick)
    else:  # no Plotly.js of our own to serve (explainer.charts.ready): Streamlit's selection events
        key = f"{page.id}.fig_data_{dataset}"  # a new chart per choice: a second click is never a "deselect"
        st.plotly_chart(fig, theme="streamlit", key=key, selection_mode="points",
                        on_select=partial(_picked, key, pick), config=THUMBNAILS_CONFIG, width="stretch")


def _picked(chart_key: str, pick: Callable[[str], None]) -> None:
    """The fallback chart's selection → ``pick`` (the clicked picture's marker carries the name as customdata)."""
    points = ((st.session_state.get(chart_key) or {}).get("selection") or {}).get("points") or [{}]
    name = points[0].get("customdata")
    pick(name[0] if isinstance(name, list) and name else name)


# ------------------------------------------------------------------------------------------ settings
class View:
    """What the settings decide besides the run's Config: display options and the speed (epochs per frame)."""

    def __init__(self, speed: int, show_test: bool, discretize: bool, gradients: bool):
        self.speed, self.show_test, self.discretize, self.gradients = speed, show_test, discretize, gradients


def settings(page: Page, display=None) -> tuple[pgc.Config, nncore.datasets.Dataset | None, Settings, View]:
    """Every control of the page (a row of training settings, then three columns: data · features and layers ·
    training), → Config. The shell's "copy link" box is refreshed once, after all of them."""
    with one_link_update(page.controls):
        return _settings(page, display)


def _settings(page: Page, display=None) -> tuple[pgc.Config, nncore.datasets.Dataset | None, Settings, View]:
    """``display``: where the display options go (the live view's "Display" popover; else the training column)."""
    t = page.t
    s = Settings(page)
    # a projector (lecture mode, large type) gets two rows of three: six columns would break the labels
    row = st.columns(3) + st.columns(3) if page.lecture else st.columns(6)
    with row[0]:
        task = s.choice("selectbox", "problem", "prob", t("playground.problem"), pgc.TASKS, "classification",
                        format_func=lambda v: t(f"playground.task.{v}"))
    with row[1]:
        lr = s.choice("select_slider", "lr", "lr", t("playground.learning_rate"), pgc.LEARNING_RATES, 0.03,
                      format_func=lambda v: f"{v:g}", help=t("playground.learning_rate_help"))
    with row[2]:
        opt = s.choice("selectbox", "optimizer", "opt", t("playground.optimizer"), pgc.OPTIMIZERS, "sgd",
                       format_func=lambda v: t(f"playground.opt.{v}"))
    with row[3]:
        reg = s.choice("selectbox", "reg", "reg", t("playground.regularization"), pgc.REGULARIZATIONS, "none",
                       format_func=lambda v: t(f"playground.reg.{v}"))
    with row[4]:
        rate = s.choice("select_slider", "reg", "rr", t("playground.reg_rate"), pgc.REG_RATES, 0.0,
                        format_func=lambda v: f"{v:g}", help=t("playground.reg_rate_help"))
    with row[5]:
        speed = s.choice("select_slider", "speed", "speed", t("playground.speed"), SPEEDS, DEFAULT_SPEED,
                         help=t("playground.speed_help"))

    col_data, col_net, col_train = st.columns([1.1, 1.6, 1.1], gap="medium")
    with col_data:
        st.markdown(f"**{t('playground.data_title')}**")
        thumbs = st.container()  # filled below, once the noise, seed and class count are known
        names = pgc.DATASETS[task]
        default_data = names[0]
        # the keyboard way to choose (the thumbnails above are the mouse way); both set the same URL control
        dataset = s.choice("selectbox", "data", "data", t("playground.dataset"), names, default_data,
                           format_func=lambda v: t(f"playground.datasets.{v}"))
        k = 3
        if dataset in pgc.MULTICLASS_DATASETS:
            k = s.slider("data", "k", t("playground.classes"), 3, 5, 3)
        noise = s.slider("noise", "noise", t("playground.noise"), 0, 50, 0, step=5, format="%d %%")
        ratio = s.slider("ratio", "ratio", t("playground.train_ratio"), 10, 90, 50, step=10, format="%d %%")
        batch = s.slider("batch", "batch", t("playground.batch_size"), 1, pgc.MAX_BATCH, 10)
        seed = s.number_input("seed", "seed", t("playground.seed"), 0, 999_999, 0, step=1,
                              help=t("playground.seed_help"))
        if s.shown("seed"):
            st.button(t("playground.regenerate"), icon=":material/refresh:", help=t("playground.regenerate_help"),
                      on_click=page.controls.set, args=("seed", (seed + 1) % 1_000_000), width="stretch")
        user = user_data(task) if s.shown("upload") else None
        if s.shown("data"):
            with thumbs:
                if user is not None:  # the picker below still names a generated data set: say which one trains
                    st.caption(t("playground.upload.in_use"))
                dataset_thumbnails(page, task, dataset, noise / 100, seed, k)
    with col_net:
        st.markdown(f"**{t('playground.features_title')}**")
        chosen = []
        if s.shown("features"):
            fcols = st.columns(4)
        for i, fid in enumerate(FEATURES):
            label = nncore.datasets.FEATURES[fid].label
            if s.shown("features"):
                with fcols[i % 4]:
                    on = s.toggle("features", fid, label, fid in DEFAULT.features, kind="checkbox")
            else:
                on = s.toggle("features", fid, label, fid in DEFAULT.features)
            if on:
                chosen.append(fid)
        if not chosen:
            st.warning(t("playground.no_features"))
            chosen = list(DEFAULT.features)
        layers, acts = layers_ui(page, s)
    with col_train:
        st.markdown(f"**{t('playground.training_title')}**")
        loss = "log"
        if task == "classification":
            loss = s.choice("selectbox", "loss", "loss", t("playground.loss"), pgc.LOSSES, "log",
                            format_func=lambda v: t(f"playground.losses.{v}"))
        init = s.choice("selectbox", "init", "init", t("playground.init"), pgc.INITS, "xavier",
                        format_func=lambda v: t(f"playground.inits.{v}"))
        drop = s.choice("select_slider", "dropout", "drop", t("playground.dropout"), pgc.DROPOUTS, 0.0,
                        format_func=lambda v: f"{round(v * 100)} %", help=t("playground.dropout_help"))
        stop = s.number_input("stop", "stop", t("playground.max_epochs"), 0, 1_000_000, 0, step=100,
                              help=t("playground.max_epochs_help"))
        patience = s.number_input("stop", "pat", t("playground.patience"), 0, 100_000, 0, step=50,
                                  help=t("playground.patience_help", share=round(pgc.VAL_SHARE * 100)))
    with display if display is not None else col_train:
        show_test = s.toggle("display", "test", t("playground.show_test"), False)
        disc = s.toggle("display", "disc", t("playground.discretize"), False)
        grad = s.toggle("display", "grad", t("playground.link_gradient"), False,
                        help=t("playground.link_gradient_help"))
    wseed = page.controls.get("wseed", 0, parse=ctl.number(0, 10**9, integer=True))
    cfg = pgc.Config(task=task, dataset="user" if user is not None else dataset, n_classes=k, noise=noise / 100,
                     train_ratio=ratio / 100, batch_size=batch, seed=seed, features=tuple(chosen),
                     hidden=tuple(layers), activations=tuple(acts), loss=loss, learning_rate=lr, optimizer=opt,
                     regularization=reg, reg_rate=rate, dropout=drop, init=init, weight_seed=wseed,
                     max_epochs=stop, patience=patience)
    with col_data:
        upload_ui(page, s)
    return cfg, user, s, View(int(speed), bool(show_test), bool(disc), bool(grad))


def user_data(task: str) -> nncore.datasets.Dataset | None:
    """The student's CSV as a Dataset for ``task``, or None (no file, or a file with a problem).

    The file is parsed once per (file, problem type, chosen columns) and the result kept in the session: a rerun
    neither re-reads it nor makes a new Dataset (the run would see new data and start over)."""
    ss = st.session_state
    file = ss.get(CSV_KEY)
    if file is None:
        ss.pop(USER, None)
        ss.pop(KEPT, None)
        return None
    cols = tuple(ss.get(f"playground._col{i}") for i in range(3))
    key = (getattr(file, "file_id", None), file.size, task, cols)
    entry = ss.get(USER)
    if entry is None or entry["key"] != key:
        entry = {"key": key, "data": None, "error": None, "names": []}
        raw = file.getvalue()
        try:
            names = csvdata.column_names(raw)
            entry["names"] = names
            columns = None
            if len(names) > 3:
                columns = tuple(c if c in names else names[min(i, len(names) - 1) if i < 2 else -1]
                                for i, c in enumerate(cols))
            entry["data"] = csvdata.parse_csv(raw, task, columns)
        except csvdata.CSVError as err:
            entry["error"] = (err.code, err.details, err.value)
        ss[USER] = entry
    if entry["data"] is not None:
        ss[KEPT] = (key[:3], entry["data"])
        return entry["data"]
    return kept_data(key)


def kept_data(key) -> nncore.datasets.Dataset | None:
    """A column pick that fails loses nothing: the data last read from the same file (and problem type) stay, with
    their training. (A new file that fails starts from the generated data, and the page says so: replacing a file
    passes through a run without one, just like removing it.)"""
    kept = st.session_state.get(KEPT)
    return kept[1] if kept is not None and kept[0] == key[:3] else None


def upload_ui(page: Page, s: Settings) -> None:
    """Students' own CSV: two feature columns + label (or pick the columns); every bad file gets a message. The
    file is read by :func:`user_data` (once per file), this only draws the uploader and the outcome."""
    t = page.t
    if not s.shown("upload"):
        return
    entry = st.session_state.get(USER) if st.session_state.get(CSV_KEY) is not None else None
    # filled in only while open (the page reruns when it is opened or closed), or while it holds a file: the
    # uploader must stay on the page to keep the student's data
    # ``expanded`` is part of the expander's identity: had it followed the file alone, removing the file would make
    # a new, folded expander; open stays open until the student folds it
    opened = entry is not None or bool(st.session_state.get(UPLOAD_OPEN, False))
    box = st.expander(t("playground.upload.title"), icon=":material/upload_file:", expanded=opened,
                      key=UPLOAD_OPEN, on_change="rerun")
    with box:
        if not box.open and entry is None:
            return
        st.caption(t("playground.upload.help", max_rows=f"{csvdata.MAX_ROWS:,}",
                     max_mb=csvdata.MAX_BYTES // (1024 * 1024)))
        # any file: one Streamlit refuses by its type gets only an English tooltip on a red chip; ours names the
        # problem in the page's language (an Excel workbook: "save it as CSV")
        st.file_uploader(t("playground.upload.label"), key=CSV_KEY)
        if entry is None:
            return
        names = entry["names"]
        if len(names) > 3:
            picks = st.columns(3)
            for i in range(3):
                index = min(i, len(names) - 1) if i < 2 else len(names) - 1
                picks[i].selectbox(t(f"playground.upload.col{i}"), names, index=index, key=f"playground._col{i}")
        if entry["error"] is not None:
            code, details, value = entry["error"]
            st.error(t(f"playground.csv_error.{code}", **details), icon=":material/error:")
            if value is not None:
                st.caption(t("playground.upload.offending"))
                st.code(value, language=None)  # the cell as written: shown as code, never as Markdown
            kept = kept_data(entry["key"])
            st.info(t("playground.upload.kept", rows=kept.n_samples) if kept is not None
                    else t("playground.upload.generated"), icon=":material/info:")
            return
        data = entry["data"]
        message = (t("playground.upload.ok", rows=data.n_samples, k=data.n_classes) if data.n_classes
                   else t("playground.upload.ok_regression", rows=data.n_samples))
        st.success(message, icon=":material/check:")
        large = nncore.datasets.large_columns(data)
        if large:
            names = [f"x{fmt.subscript(j + 1)}" for j in range(data.X.shape[1])] + [t("playground.upload.target")]
            st.info(t("playground.upload.large", columns=", ".join(
                t("playground.upload.large_column", column=names[j], value=fmt.sci(v, 3)) for j, v in large)),
                icon=":material/straighten:")


# ------------------------------------------------------------------------------------------ the run
def session(cfg: pgc.Config, data) -> pgc.Playground:
    """The student's run, created or updated from the settings (TF semantics; a rebuild pauses training)."""
    ss = st.session_state
    pg = ss.get(RUN)
    ss.setdefault(PLAYING, False)
    if pg is None:
        pg = ss[RUN] = pgc.Playground(cfg, data=data)
        return pg
    if pg.update(cfg, data) == "rebuilt":
        ss[PLAYING] = False
    return pg


# ------------------------------------------------------------------------------------------ check yourself
@st.cache_data(max_entries=1, show_spinner=False)
def _check_answers() -> dict:
    """nncore's answers (a few ms; the same for every session)."""
    data = nncore.datasets.make("xor", pgc.N_SAMPLES["classification"], 0.0, seed=0)
    acc = {f: pgc.best_split_accuracy(nncore.datasets.make_features(data.X, [f])[:, 0], data.y)
           for f in ("x1x2", "x1sq", "x1")}
    return {"xor": pgc.xor_by_product(), "acc": acc, "n": int(data.n_samples),
            "params": pgc.parameter_count((4, 2), 1), "recall": pgc.class_recall(pgc.CHECK_CONFUSION, 1)}


def checks() -> list[Question]:
    """The playground's questions; every answer is computed by nncore when the list is built."""
    a = _check_answers()
    cm = pgc.CHECK_CONFUSION
    sizes = (2, 4, 2, 1)
    terms = " + ".join(f"({n}·{m} + {m})" for n, m in zip(sizes[:-1], sizes[1:]))
    return [
        Question("params", answer=float(a["params"]), tol=0, show_me={"net": "4,2", "x1": 1, "x2": 1},
                 values={"layers": " → ".join(map(str, sizes)), "terms": terms, "n": a["params"]}),
        Question("xor_feature", options=("x1x2", "x1sq", "x1"), answer=a["xor"],
                 values={"n": a["n"], "acc_sq": fmt.percent(a["acc"]["x1sq"]), "acc_x1": fmt.percent(a["acc"]["x1"]),
                         "acc": fmt.percent(a["acc"][a["xor"]])},
                 show_me={"data": "xor", "net": "", "x1": 0, "x2": 0, "x1x2": 1, "lr": 0.03, "noise": 0}),
        Question("stop_on", options=("validation", "test", "training"), answer=pgc.EARLY_STOPPING_WATCHES,
                 values={"share": round(pgc.VAL_SHARE * 100)},
                 show_me={"data": "spiral", "noise": 50, "ratio": 30, "net": "8,8,8", "a1": "relu", "a2": "relu",
                          "a3": "relu", "pat": 100, "lr": 0.03}),
        Question("recall", answer=float(a["recall"]), tol=0.005,
                 values={"c00": int(cm[0][0]), "c01": int(cm[0][1]), "c10": int(cm[1][0]), "c11": int(cm[1][1]),
                         "answer": fmt.num(a["recall"], 3)}),  # a given matrix: no "show me" (none shows it)
    ]
