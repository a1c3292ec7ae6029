"""The Forward-pass page: both languages, the worked example's numbers from nncore, stepping, editing, shapes,
timing, collapse, beans fit, URL state and bad params."""

from __future__ import annotations

import re

import numpy as np
import pytest

import nncore
from explainer.i18n import LANGS, translate
from explainer.views import forward_pass as view
from nncore.lessons import forward_pass as lab
from tests.helpers import array, chart_specs, run_page, trace

PAGE = "forward_pass"


def latex(at) -> list[str]:
    """The LaTeX of every st.latex element (without the $$ … $$ wrapper)."""
    return [el.value.strip().removeprefix("$$").removesuffix("$$").strip() for el in at.latex]


def spec_with(at, meta: str) -> dict:
    found = [s for s in chart_specs(at) if any(tr.get("meta") == meta for tr in s["data"])]
    assert len(found) == 1, f"expected one chart with a {meta} trace, found {len(found)}"
    return found[0]


def example_net(x=(2, 3), hidden="linear"):
    net = nncore.MLP([2, 2, 1], hidden=hidden, output="linear", init="zeros")
    net.set_params([[[1, -1], [1, 1]], [[2], [-1]]], [[0, 0], [0]])
    return net, net.forward([list(x)])


def click(at, name: str):
    return at.button(key=f"{PAGE}.btn_{name}").click().run()


NAMES = [spec.key for spec in view.MATRICES]  # x, w1, b1, w2, b2


def editor(at, name: str):
    """The data editor of matrix ``name`` (its key names the values it starts from: "forward_pass.ed_x:2,3")."""
    found = [e for e in at.data_editor if e.key.startswith(f"{PAGE}.ed_{name}:")]
    assert len(found) == 1, (name, [e.key for e in at.data_editor])
    return found[0]


def table(at, name: str) -> list:
    """The numbers of a data editor (without its column of row names)."""
    return editor(at, name).value.iloc[:, 1:].values.tolist()


def tables(at) -> list:
    return [table(at, name) for name in NAMES]


def columns(at, name: str) -> list[str]:
    return list(editor(at, name).value.columns[1:])


def edit(at, name: str, state: dict):
    """Seed the edit state of a data editor (AppTest cannot type into cells) and rerun."""
    at.session_state[editor(at, name).key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **state}
    return at.run()


# ------------------------------------------------------------------------------------------ all sections
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", view.SECTIONS)
def test_page_runs(lang, section):
    at = run_page(PAGE, lang=lang, params={"view": section})
    assert not at.exception
    assert at.title[0].value == translate(lang, "forward_pass.title")
    assert not at.error
    if section != "shapes":
        assert len(at.get("plotly_chart")) >= 1
    else:
        assert len(at.table) == 2


# ------------------------------------------------------------------------------------------ worked example
def test_default_view_is_the_worked_example_at_step_0():
    at = run_page(PAGE)
    assert at.radio(key=f"{PAGE}.view").value == "example"
    assert at.selectbox(key=f"{PAGE}.act").value == "linear"
    assert tables(at) == [[[2, 3]], [[1, -1], [1, 1]], [[0, 0]], [[2], [-1]],
                                                                  [[0]]]
    assert at.query_params["step"] in ("0", ["0"])
    nodes = spec_with(at, "nodes:0")
    assert trace(nodes, meta="nodes:0")["text"] == ["<b>x1</b><br>2", "<b>x2</b><br>3"]
    assert trace(nodes, meta="nodes:1")["text"] == ["<b>i</b>", "<b>j</b>"]  # nothing computed yet


@pytest.mark.parametrize("lang", LANGS)
def test_stepping_through_shows_5_1_9_as_nncore_computes_them(lang):
    at = run_page(PAGE, lang=lang)
    net, tr = example_net()
    click(at, "next")
    assert at.query_params["step"] in ("1", ["1"])
    lines = latex(at)
    assert r"z_{i} = 2 \cdot 1 + 3 \cdot 1 = 5" in lines  # i = 2·1 + 3·1 = 5
    assert r"z_{j} = 2 \cdot (-1) + 3 \cdot 1 = 1" in lines  # j = 2·(−1) + 3·1 = 1
    spec = spec_with(at, "nodes:1")
    assert trace(spec, meta="nodes:1")["text"] == ["<b>i</b><br>z = 5", "<b>i</b><br>z = 1".replace("i", "j", 1)]
    assert trace(spec, meta="edge:1:0:0")["opacity"] == 1.0  # the edges into the hidden layer light up
    assert trace(spec, meta="edge:2:0:0")["opacity"] == pytest.approx(0.18)
    click(at, "next")
    assert any(r"\begin{bmatrix}2 & 3\end{bmatrix}\begin{bmatrix}1 & -1 \\ 1 & 1\end{bmatrix}" in s
               and s.endswith(r"= \begin{bmatrix}5 & 1\end{bmatrix}") for s in latex(at))
    click(at, "all")
    assert at.query_params["step"] in ("6", ["6"])
    assert r"z_{k} = 5 \cdot 2 + 1 \cdot (-1) = 9" in latex(at)  # k = 5·2 + 1·(−1) = 9
    assert tr.A[2][0, 0] == 9
    assert at.success[0].value == translate(lang, "forward_pass.example.result", k="9")
    spec = spec_with(at, "nodes:2")
    assert trace(spec, meta="nodes:2")["text"] == ["<b>k</b><br>a = 9"]
    click(at, "prev")
    assert at.query_params["step"] in ("5", ["5"])
    click(at, "start")
    assert at.query_params["step"] in ("0", ["0"])
    assert not at.exception


def _dot_lines(at):
    """The written-out dot products: {unit: (list of (a, w), z)} parsed from the LaTeX."""
    out = {}
    for s in latex(at):
        m = re.fullmatch(r"z_\{(\w)\} = (.*) = (\S+)", s)
        if m:
            pairs = re.findall(r"\(?(-?[\d.]+)\)? \\cdot \(?(-?[\d.]+)\)?", m.group(2))
            out[m.group(1)] = ([(float(a), float(w)) for a, w in pairs], float(m.group(3)))
    return out


@pytest.mark.parametrize("x, hidden", [((2, 3), "relu"), ((3, 1), "relu"), ((3, 1), "linear"), ((-1.5, 4), "tanh")])
def test_written_terms_equal_nncore(x, hidden):
    at = run_page(PAGE, params={"x": f"{x[0]},{x[1]}", "act": hidden, "step": view.N_STEPS})
    net, tr = example_net(x, hidden)
    lines = _dot_lines(at)
    for layer, names in ((1, "ij"), (2, "k")):
        for d in lab.dot_products(net, tr, layer):
            pairs, z = lines[names[d.unit]]
            np.testing.assert_allclose([p[0] for p in pairs], d.inputs, atol=1e-4)
            np.testing.assert_allclose([p[1] for p in pairs], d.weights, atol=1e-4)
            np.testing.assert_allclose(z, tr.Z[layer][0, d.unit], atol=1e-4)


def test_relu_same_numbers_for_the_article_input_and_clips_a_negative_one():
    at = run_page(PAGE, params={"act": "relu", "step": view.N_STEPS})
    assert r"z_{k} = 5 \cdot 2 + 1 \cdot (-1) = 9" in latex(at)  # ReLU(5) = 5, ReLU(1) = 1: still 9
    assert any(s.startswith(r"A^{[1]} = \mathrm{ReLU}") and s.endswith(r"\begin{bmatrix}5 & 1\end{bmatrix}")
               for s in latex(at))
    at = run_page(PAGE, params={"act": "relu", "x": "3,1", "step": view.N_STEPS})
    lines = latex(at)
    assert r"z_{j} = 3 \cdot (-1) + 1 \cdot 1 = -2" in lines
    assert any(s.startswith(r"A^{[1]} = \mathrm{ReLU}") and s.endswith(r"\begin{bmatrix}4 & 0\end{bmatrix}")
               for s in lines)  # −2 is clipped to 0
    assert r"z_{k} = 4 \cdot 2 + 0 \cdot (-1) = 8" in lines
    at = run_page(PAGE, params={"act": "linear", "x": "3,1", "step": view.N_STEPS})
    assert r"z_{k} = 4 \cdot 2 + (-2) \cdot (-1) = 10" in latex(at)
    assert example_net((3, 1), "relu")[1].A[2][0, 0] == 8 and example_net((3, 1))[1].A[2][0, 0] == 10


def test_activation_selectbox_changes_the_pass():
    at = run_page(PAGE, params={"x": "3,1", "step": view.N_STEPS})
    at.selectbox(key=f"{PAGE}.act").set_value("relu").run()
    assert at.query_params["act"] in ("relu", ["relu"])
    assert r"z_{k} = 4 \cdot 2 + 0 \cdot (-1) = 8" in latex(at)


def test_bias_appears_in_the_terms():
    at = run_page(PAGE, params={"b1": "0.5,-1", "step": 1})
    assert r"z_{i} = 2 \cdot 1 + 3 \cdot 1 + 0.5 = 5.5" in latex(at)
    assert r"z_{j} = 2 \cdot (-1) + 3 \cdot 1 + (-1) = 0" in latex(at)


def test_valid_edit_updates_numbers_and_url():
    at = run_page(PAGE, params={"step": view.N_STEPS})
    cols = columns(at, "w1")
    edit(at, "w1", {"edited_rows": {0: {cols[1]: 2.0}}})  # node_1's weight from family members: −1 → 2
    assert not at.exception and not at.error
    assert at.query_params["w1"] in ("1,2,1,1", ["1,2,1,1"])
    assert r"z_{j} = 2 \cdot 2 + 3 \cdot 1 = 7" in latex(at)
    at.run()  # the table now starts from the new values
    assert table(at, "w1") == [[1, 2], [1, 1]]
    assert r"z_{k} = 5 \cdot 2 + 7 \cdot (-1) = 3" in latex(at)


@pytest.mark.parametrize("lang", LANGS)
def test_wrong_size_edit_gives_a_message_and_keeps_the_last_values(lang):
    at = run_page(PAGE, lang=lang, params={"step": view.N_STEPS})
    cols = columns(at, "w1")
    edit(at, "w1", {"added_rows": [{cols[0]: 1.0, cols[1]: 2.0}]})
    assert not at.exception
    expected = translate(lang, "forward_pass.example.bad_shape", name="W[1]", rows=2, cols=2, got_rows=3, got_cols=2)
    assert [e.value for e in at.error] == [expected]
    assert at.query_params["w1"] in ("1,-1,1,1", ["1,-1,1,1"])
    assert r"z_{k} = 5 \cdot 2 + 1 \cdot (-1) = 9" in latex(at)  # the last valid weights are still used
    edit(at, "w2", {"deleted_rows": [1]})  # W[2] with one row
    assert not at.exception
    assert translate(lang, "forward_pass.example.bad_shape", name="W[2]", rows=2, cols=1, got_rows=1,
                     got_cols=1) in [e.value for e in at.error]


def test_nan_or_empty_cell_gives_a_message():
    at = run_page(PAGE, params={"step": view.N_STEPS})
    cols = columns(at, "x")
    edit(at, "x", {"edited_rows": {0: {cols[0]: None}}})
    assert not at.exception
    assert [e.value for e in at.error] == [translate("en", "forward_pass.example.not_number", name="x", rows=1,
                                                     cols=2)]
    assert at.query_params["x"] in ("2,3", ["2,3"])
    assert r"z_{i} = 2 \cdot 1 + 3 \cdot 1 = 5" in latex(at)


def test_huge_value_is_refused():
    at = run_page(PAGE)
    cols = columns(at, "b2")
    edit(at, "b2", {"edited_rows": {0: {cols[0]: 1e300}}})
    assert not at.exception
    assert [e.value for e in at.error] == [translate("en", "forward_pass.example.too_large", name="b[2]", rows=1,
                                                     cols=1)]


def test_url_restores_the_example():
    params = {"act": "tanh", "x": "1.5,-2", "w1": "0.5,1,-1,2", "b1": "0.25,0", "w2": "3,1", "b2": "-1", "step": 4}
    at = run_page(PAGE, lang="zh", params=params)
    assert at.selectbox(key=f"{PAGE}.act").value == "tanh"
    assert tables(at) == [[[1.5, -2]], [[0.5, 1], [-1, 2]], [[0.25, 0]],
                                                                  [[3], [1]], [[-1]]]
    assert at.query_params["step"] in ("4", ["4"])
    net = nncore.MLP([2, 2, 1], hidden="tanh", output="linear", init="zeros")
    net.set_params([[[0.5, 1], [-1, 2]], [[3], [1]]], [[0.25, 0], [-1]])
    tr = net.forward([[1.5, -2]])
    (k,) = lab.dot_products(net, tr, 2)
    lines = _dot_lines(at)
    np.testing.assert_allclose(lines["k"][1], k.z, atol=1e-4)
    np.testing.assert_allclose([p[0] for p in lines["k"][0]], tr.A[1][0], atol=1e-4)


GARBAGE = [
    {"step": "99", "x": "a,b", "act": "softmax"},
    {"step": "-1", "w1": "1,2,3", "b1": "nan,0", "view": "example"},
    {"step": "2.5", "w2": "inf,1", "b2": "", "x": "1e9,0"},
    {"view": "nope", "x": "%,", "w1": "1,,2,3"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_garbage_params_fall_back_to_defaults(params):
    at = run_page(PAGE, params=params)
    assert not at.exception and not at.error and not at.warning
    assert at.radio(key=f"{PAGE}.view").value == "example"
    assert at.selectbox(key=f"{PAGE}.act").value == "linear"
    assert tables(at) == [[[2, 3]], [[1, -1], [1, 1]], [[0, 0]], [[2], [-1]],
                                                                  [[0]]]
    assert at.query_params["step"] in ("0", ["0"])
    for key, value in (("x", "2,3"), ("w1", "1,-1,1,1"), ("b1", "0,0"), ("w2", "2,-1"), ("b2", "0")):
        assert at.query_params[key] in (value, [value])


def test_reset_restores_the_worked_example():
    at = run_page(PAGE, params={"x": "3,1", "step": 6, "act": "relu"})
    reset = [b for b in at.sidebar.button if b.label == translate("en", "common.reset_page")][0]
    reset.click().run()
    assert not at.exception
    assert table(at, "x") == [[2, 3]]
    assert at.selectbox(key=f"{PAGE}.act").value == "linear"
    assert at.query_params["step"] in ("0", ["0"])


# ------------------------------------------------------------------------------------------ shapes
@pytest.mark.parametrize("sizes, m", [((4, 5, 3), 1), ((4, 5, 3), 64), ((2, 8, 8, 1), 10), ((7, 1), 3),
                                      ((3, 4, 5, 6, 2), 32)])
def test_shape_tables_are_right_in_both_conventions(sizes, m):
    params = {"view": "shapes", "layers": len(sizes) - 1, "m": m, **{f"n{l}": n for l, n in enumerate(sizes)}}
    at = run_page(PAGE, params=params)
    assert not at.exception
    rows_df, course_df = (tbl.value for tbl in at.table)
    assert len(rows_df) == len(sizes) - 1
    net = nncore.MLP(list(sizes), hidden="relu", output="linear", seed=0)
    tr = net.forward(np.zeros((m, sizes[0])))
    cv = net.course_view(tr)
    text = view.shape_text
    for l in range(1, len(sizes)):
        r = rows_df.iloc[l - 1].tolist()
        # rows are examples: A[l−1] (m, n[l−1]) · W (n[l−1], n[l]) + b (n[l],) → Z, A (m, n[l])
        assert r == [text(tr.A[l - 1].shape), text(net.weights[l - 1].shape),
                     f"{text(net.biases[l - 1].shape)} → {text(tr.Z[l].shape)}", text(tr.Z[l].shape),
                     text(tr.A[l].shape)]
        c = course_df.iloc[l - 1].tolist()
        # course: W[l] (n[l], n[l−1]) · A[l−1] (n[l−1], m) + b (n[l], 1) → Z, A (n[l], m)
        assert c == [text(cv.W[l].shape), text(cv.A[l - 1].shape), f"{text(cv.b[l].shape)} → {text(cv.Z[l].shape)}",
                     text(cv.Z[l].shape), text(cv.A[l].shape)]
    assert rows_df.iloc[0, 0] == f"{m} × {sizes[0]}"
    assert course_df.iloc[0, 0] == f"{sizes[1]} × {sizes[0]}"


def test_seed_001_shapes_by_default():
    at = run_page(PAGE, params={"view": "shapes"})
    rows_df = at.table[0].value
    assert rows_df.iloc[:, 1].tolist() == ["4 × 5", "5 × 3"]  # 4×5 and 5×3 weights
    assert rows_df.iloc[0, 0] == "1 × 4"  # a 1×4 input
    assert any(r"\underbrace{b^{[1]}}_{(5,)\;\to\;1\times 5}" in s for s in latex(at))
    at.slider(key=f"{PAGE}.m").set_value(32).run()
    assert at.table[0].value.iloc[:, 3].tolist() == ["32 × 5", "32 × 3"]
    assert at.table[1].value.iloc[:, 3].tolist() == ["5 × 32", "3 × 32"]
    assert at.query_params["m"] in ("32", ["32"])


# ------------------------------------------------------------------------------------------ vectorization
def test_vectorization_timing_structure():
    at = run_page(PAGE, params={"view": "vectorize", "vm": 100, "vw": 5})
    assert not at.exception
    bars = trace(spec_with(at, "timing"), meta="timing")
    seconds = array(bars["x"])
    assert seconds.shape == (2,) and np.all(seconds > 0)  # timing is live and noisy: only structure is asserted
    assert len(at.metric) == 3
    assert all(m.value.endswith(" ms") for m in at.metric[:2]) and at.metric[2].value.startswith("× ")
    at.button(key=f"{PAGE}.btn_again").click().run()
    assert not at.exception
    assert at.session_state["forward_pass.timing_run"] == 1


# ------------------------------------------------------------------------------------------ collapse
def test_collapse_equal_for_linear_and_different_with_an_activation():
    at = run_page(PAGE, params={"view": "collapse", "cseed": 3})
    spec = spec_with(at, "deep")
    deep, single = array(trace(spec, meta="deep")["y"]), array(trace(spec, meta="single")["y"])
    net = lab.random_net(view.COLLAPSE_SIZES, hidden="linear", seed=3)
    X, _ = nncore.datasets.random_inputs(1, 4, seed=1003)
    np.testing.assert_array_equal(deep, net.forward(X).A[-1].ravel())
    np.testing.assert_allclose(deep, single, rtol=1e-12, atol=1e-12)
    assert len(at.success) == 1
    at.selectbox(key=f"{PAGE}.cact").set_value("relu").run()
    spec = spec_with(at, "deep")
    deep, single2 = array(trace(spec, meta="deep")["y"]), array(trace(spec, meta="single")["y"])
    np.testing.assert_array_equal(single2, single)  # the same weights collapse to the same matrix
    assert not np.allclose(deep, single)
    assert len(at.success) == 0 and len(at.info) == 1


# ------------------------------------------------------------------------------------------ beans
def test_beans_default_is_a_hand_built_hill():
    at = run_page(PAGE, params={"view": "beans"})
    spec = spec_with(at, "output")
    net = lab.beans_net(view.BEANS_DEFAULT)
    tr = net.forward(view.BEANS_GRID)
    np.testing.assert_array_equal(array(trace(spec, meta="h1")["y"]), tr.A[1][:, 0])
    np.testing.assert_array_equal(array(trace(spec, meta="z_out")["y"]), tr.Z[2][:, 0])
    np.testing.assert_array_equal(array(trace(spec, meta="output")["y"]), tr.A[2][:, 0])
    data = view.beans_data()
    assert at.metric[0].value == f"{net.loss(data.X, data.y, 'mse'):.4f}"


def test_beans_slider_changes_the_curve():
    at = run_page(PAGE, params={"view": "beans"})
    at.slider(key=f"{PAGE}.bv2").set_value(0.0).run()
    params = list(view.BEANS_DEFAULT)
    params[5] = 0.0
    tr = lab.beans_net(params).forward(view.BEANS_GRID)
    np.testing.assert_array_equal(array(trace(spec_with(at, "output"), meta="output")["y"]), tr.A[2][:, 0])
    assert at.query_params["bv2"] in ("0", ["0"])


def test_fit_lowers_the_loss_and_animates_nncore_snapshots():
    start = view.BEANS_RANDOM
    at = run_page(PAGE, lang="zh", params={"view": "beans", **dict(zip(view.BEANS_KEYS, start))})
    before = float(at.metric[0].value)
    click(at, "fit")
    assert not at.exception
    rec = lab.fit_snapshots(lab.beans_net(start), *_beans_xy(), view.BEANS_GRID, epochs=view.FIT_EPOCHS,
                            every=view.FIT_EVERY, learning_rate=view.FIT_RATE)
    spec = spec_with(at, "output")
    assert [f["name"] for f in spec["frames"]] == [str(e) for e in range(0, view.FIT_EPOCHS + 1, view.FIT_EVERY)]
    for k, frame in enumerate(spec["frames"]):
        ys = [array(tr["y"]) for tr in frame["data"]]
        np.testing.assert_array_equal(ys[0], rec.hidden[k][:, 0])
        np.testing.assert_array_equal(ys[5], rec.output[k])
    assert rec.losses[-1] < rec.losses[0] / 10
    # the sliders now hold the fitted parameters (rounded to the slider step), and the loss fell
    end = lab.snap(lab.beans_params(_net(rec.params[-1])), view.BEANS_STEP, -view.BEANS_RANGE, view.BEANS_RANGE)
    assert tuple(at.slider(key=f"{PAGE}.{k}").value for k in view.BEANS_KEYS) == end
    assert float(at.metric[0].value) < before / 5
    assert at.query_params["bw1"] in (str(end[0]), [str(end[0])])
    # moving a slider leaves the recorded fit and shows the network of the sliders again
    at.slider(key=f"{PAGE}.bc").set_value(0.0).run()
    assert not any("frames" in s and s["frames"] for s in chart_specs(at))


def test_random_start_button_sets_sliders():
    at = run_page(PAGE, params={"view": "beans"})
    click(at, "random")
    values = tuple(at.slider(key=f"{PAGE}.{k}").value for k in view.BEANS_KEYS)
    assert values == view.BEANS_RANDOM
    assert all(0 <= v <= 1 for v in values)


def _beans_xy():
    data = view.beans_data()
    return data.X, data.y


def _net(params):
    net = lab.beans_net([0.0] * 7)
    net.set_params(*params)
    return net


def test_beans_garbage_params_fall_back():
    at = run_page(PAGE, params={"view": "beans", "bw1": "999", "bb1": "x", "bc": "nan"})
    assert not at.exception
    assert at.slider(key=f"{PAGE}.bw1").value == view.BEANS_DEFAULT[0]
    assert at.slider(key=f"{PAGE}.bb1").value == view.BEANS_DEFAULT[1]
    assert at.slider(key=f"{PAGE}.bc").value == view.BEANS_DEFAULT[6]
