"""Playground page, part 3: the model's equation and sizes, export / import as JSON, "copy as Python", the data as
CSV, and the classroom link (hide chosen controls)."""

from __future__ import annotations

import json

import streamlit as st

import nncore
from explainer.csvdata import dataset_to_csv
from explainer.shell import Page, open_only_expander
from explainer.views.playground import GROUPS, NOTICE, PLAYING, RUN, USER
from nncore.lessons import playground as pgc

ACT_LATEX = {"relu": r"\mathrm{ReLU}", "tanh": r"\tanh", "sigmoid": r"\sigma", "linear": r"\mathrm{id}",
             "softmax": r"\mathrm{softmax}"}


def equation(pg: pgc.Playground) -> str:
    """h⁽ˡ⁾ = g_l(h⁽ˡ⁻¹⁾ W_l + b_l) for every layer, with the shapes (formatting only)."""
    parts = [r"h^{(0)} = [" + ",\\ ".join(nncore.datasets.FEATURES[f].latex for f in pg.config.features) + "]"]
    for l, (name, W_shape, _, _) in enumerate(pgc.model_sizes(pg.net), start=1):
        out = r"\hat y" if l == pg.net.n_layers else f"h^{{({l})}}"
        parts.append(rf"{out} = {ACT_LATEX.get(name, name)}\left(h^{{({l - 1})}} W_{{{l}}} + b_{{{l}}}\right),"
                     rf"\ W_{{{l}}} \in \mathbb{{R}}^{{{W_shape[0]} \times {W_shape[1]}}}")
    return r"\begin{aligned}" + r" \\ ".join(p.replace(" = ", " &= ", 1) for p in parts) + r"\end{aligned}"


def notice(page: Page) -> None:
    """A one-off message (e.g. "model imported") above the live view, where the student looks after acting — not
    inside the expander they acted in (which may close over it)."""
    key = st.session_state.pop(NOTICE, None)
    if key:
        st.success(page.t(f"playground.{key}"), icon=":material/check:")


# The model section's and the classroom link's expanders fill in only while open (Streamlit reruns the page when one
# is opened or closed): a closed one then costs nothing when a setting changes — their equation, table, JSON, CSV and
# highlighted Python code made up a third of the browser's work after every change of a playground setting (python -m
# benchmarks.settle).
EXPANDERS = {"model": "playground._open_model", "export": "playground._open_export",
             "python": "playground._open_python", "classroom": "playground._open_classroom"}


def _lazy_expander(label: str, which: str, icon: str, fill, *args, expanded: bool = False) -> None:
    """An expander whose contents ``fill(*args)`` are drawn only while it is open."""
    with open_only_expander(label, key=EXPANDERS[which], icon=icon, expanded=expanded) as is_open:
        if is_open:
            fill(*args)


def model_section(page: Page, pg: pgc.Playground, hidden: set[str]) -> None:
    t = page.t
    _lazy_expander(t("playground.model.title"), "model", ":material/functions:", _model_table, page, pg)
    if "model" in hidden:
        return
    err = st.session_state.get("playground._import_error")
    _lazy_expander(t("playground.export.title"), "export", ":material/save:", _export_import, page, pg, err,
                   expanded=bool(err))
    _lazy_expander(t("playground.python.title"), "python", ":material/code:", _python, page, pg)


def _model_table(page: Page, pg: pgc.Playground) -> None:
    t = page.t
    page.formula(equation(pg))
    rows = pgc.model_sizes(pg.net)
    page.table(
        {t("playground.model.layer"): [str(i) for i in range(1, len(rows) + 1)],
         t("playground.model.activation"): [t(f"playground.act.{n}") for n, *_ in rows],
         "W": [f"{a} × {b}" for _, (a, b), _, _ in rows],
         "b": [str(s[0]) for _, _, s, _ in rows],
         t("playground.model.params"): [n for *_, n in rows]},
        hide_index=True, width="stretch")
    st.caption(t("playground.model.total", n=pg.net.n_params()))


def _export_import(page: Page, pg: pgc.Playground, err: str | None) -> None:
    t = page.t
    blob = json.dumps(pgc.export_model(pg), ensure_ascii=False).encode("utf-8")
    st.download_button(t("playground.export.download"), blob, file_name="playground-model.json",
                       mime="application/json", icon=":material/download:", key="playground._dl_model")
    # any file: a type filter refused others with an English tooltip only; _import names the problem
    st.file_uploader(t("playground.export.upload"), key="playground._model_file", on_change=_import, args=(page,))
    if err:
        st.error(t(f"playground.import_error.{err}"), icon=":material/error:")
    if pg.data is not None:
        st.download_button(t("playground.export.csv"), dataset_to_csv(pg.data), file_name="playground-data.csv",
                           mime="text/csv", icon=":material/table:", key="playground._dl_csv")


def _python(page: Page, pg: pgc.Playground) -> None:
    t = page.t
    if pg.user_data:
        st.info(t("playground.python.user_data"))
    else:
        st.caption(t("playground.python.help"))
        st.code(pgc.python_snippet(pg.config, pg.epoch), language="python")


def _import(page: Page) -> None:
    """Validate an uploaded model file; on success put its settings in the URL/widgets and its weights in the run."""
    ss = st.session_state
    ss["playground._import_error"] = None
    file = ss.get("playground._model_file")
    if file is None:
        return
    try:
        cfg, net, k = pgc.import_model(file.getvalue())
        if cfg.dataset == "user":
            raise pgc.ModelFileError("config", "made with a user's data set")
        params = config_params(cfg)
        for key, value in params.items():
            page.controls.set(key, value)
            ss[page.controls.widget_key(key)] = value
        pg = pgc.Playground(cfg)
        pg.load_weights(net)
    except pgc.ModelFileError as err:
        ss["playground._import_error"] = err.code
        return
    ss[RUN] = pg
    ss.pop(USER, None)
    ss[PLAYING] = False
    ss[NOTICE] = "import_ok"


def config_params(cfg: pgc.Config) -> dict:
    """The URL parameters (control values) that give ``cfg``."""
    params = {"prob": cfg.task, "data": cfg.dataset, "noise": round(cfg.noise * 100), "ratio": round(cfg.train_ratio * 100),
              "batch": cfg.batch_size, "seed": cfg.seed, "net": list(cfg.hidden), "lr": cfg.learning_rate,
              "reg": cfg.regularization, "rr": cfg.reg_rate, "opt": cfg.optimizer, "init": cfg.init,
              "drop": cfg.dropout, "wseed": cfg.weight_seed, "stop": cfg.max_epochs, "pat": cfg.patience}
    if cfg.dataset in pgc.MULTICLASS_DATASETS:
        params["k"] = cfg.n_classes
    if cfg.task == "classification":
        params["loss"] = cfg.loss
    for f in nncore.datasets.FEATURES:
        params[f] = f in cfg.features
    for i, a in enumerate(cfg.activations, start=1):
        params[f"a{i}"] = a
    return params


HIDE_PICK = "playground._hide_pick"  # the lecturer's pick of controls to hide (a widget: only while the box is open)
HIDE_KEPT = "playground._hide_kept"  # the same pick, kept while the box is folded


def classroom_section(page: Page) -> None:
    """A lecturer picks controls to hide; the link opens this exact setup with those controls hidden. Filled in only
    while open: folded, its link (a code block) made every load of the page run Streamlit's code highlighter
    (~0.35 s) and was sent again with every setting change."""
    _lazy_expander(page.t("playground.classroom.title"), "classroom", ":material/school:", _classroom, page)


def _classroom(page: Page) -> None:
    t = page.t
    st.caption(t("playground.classroom.help"))
    chosen = st.multiselect(t("playground.classroom.hide"), GROUPS, key=HIDE_PICK,
                            default=[g for g in st.session_state.get(HIDE_KEPT, ()) if g in GROUPS],
                            format_func=lambda g: t(f"playground.groups.{g}"), placeholder=t("common.choose"),
                            select_all=False)  # Streamlit's "Select all" is English only
    st.session_state[HIDE_KEPT] = list(chosen)
    # the students' view, as the QR code carries it (public address, no lecture mode, defaults left out), with
    # the controls the lecturer hides
    query = {k: v for k, v in page.scan_params().items() if k != "hide"}
    if chosen:
        query["hide"] = ",".join(chosen)
    st.code(page.scan_url(query), language=None, wrap_lines=True)
