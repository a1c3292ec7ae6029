"""nncore.datasets: the numbers and shapes the lessons rely on."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncore import datasets as ds

TF_2D = ["circle", "xor", "two_gaussians", "spiral", "moons"]
ALL_CLASSIFY_2D = TF_2D + ["blobs", "spiral_k", "linearly_separable"]


# --- beans (lesson 003) ----------------------------------------------------------------------------------------

def test_beans_sorted_in_0_2_and_binary():
    d = ds.beans(200, seed=1)
    x = d.X[:, 0]
    assert d.X.shape == (200, 1) and d.y.shape == (200,)
    assert np.all(np.diff(x) >= 0)
    assert x.min() >= 0 and x.max() < 2
    assert set(np.unique(d.y)) <= {0, 1}
    assert d.task == "classification" and d.n_classes == 2


def test_beans_without_noise_is_exactly_the_hill():
    d = ds.beans(500, noise=0.0, seed=3)
    x = d.X[:, 0]
    hill = (x > 0.3 / 0.7) & (x < 0.9 / 0.7)
    np.testing.assert_array_equal(d.y, hill.astype(int))
    assert 0 < d.y.sum() < d.y.size  # both toxic and harmless beans


def test_beans_article_noise_only_blurs_the_edges():
    # (0.5 − U)/50 moves yi by at most 0.01, i.e. x by at most 0.01/0.7 around each edge
    d = ds.beans(2000, noise=1.0, seed=4)
    x = d.X[:, 0]
    sure_in = (x > 0.3 / 0.7 + 0.015) & (x < 0.9 / 0.7 - 0.015)
    sure_out = (x < 0.3 / 0.7 - 0.015) | (x > 0.9 / 0.7 + 0.015)
    assert np.all(d.y[sure_in] == 1) and np.all(d.y[sure_out] == 0)


def test_beans_seed_reproducible():
    a, b, c = ds.beans(50, seed=7), ds.beans(50, seed=7), ds.beans(50, seed=8)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    gen = np.random.default_rng(7)
    np.testing.assert_array_equal(ds.beans(50, seed=gen).X, a.X)


@pytest.mark.parametrize("kwargs", [{"n_samples": -1}, {"n_samples": 0}, {"n_samples": 2.5},
                                    {"noise": -0.1}, {"noise": float("nan")}, {"seed": "x"}])
def test_beans_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        ds.beans(**kwargs)


def test_dataset_arrays_are_read_only_and_it_pickles():
    d = ds.linearly_separable(10)
    with pytest.raises(ValueError):
        d.X[0, 0] = 1.0
    back = pickle.loads(pickle.dumps(d))  # st.cache_data pickles what it caches
    np.testing.assert_array_equal(back.X, d.X)
    assert back.info["normal"] == d.info["normal"] and back.n_classes == 2


def test_dataset_checks_labels():
    with pytest.raises(ValueError, match="0..1"):
        ds.Dataset(np.zeros((2, 1)), [0, 2], "classification", 2, "bad")
    with pytest.raises(ValueError, match="0..1"):
        ds.Dataset(np.zeros((2, 1)), [0, 0.5], "classification", 2, "bad")
    with pytest.raises(ValueError, match="task"):
        ds.Dataset(np.zeros((2, 1)), [0, 1], "ranking", 2, "bad")


# --- logic gates and ±1 labels ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, truth", [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]),
                                         ("nand", [1, 1, 1, 0]), ("xor", [0, 1, 1, 0])])
def test_logic_gates(name, truth):
    d = ds.logic_gate(name)
    np.testing.assert_array_equal(d.X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(d.y, truth)
    # the truth table is the Boolean function itself
    a, b = d.X[:, 0].astype(bool), d.X[:, 1].astype(bool)
    expected = {"and": a & b, "or": a | b, "nand": ~(a & b), "xor": a ^ b}[name]
    np.testing.assert_array_equal(d.y, expected.astype(int))


def test_logic_gate_unknown_name_lists_valid():
    with pytest.raises(ValueError, match="and, or, nand, xor"):
        ds.logic_gate("nor")


def test_to_pm1():
    np.testing.assert_array_equal(ds.to_pm1([0, 1, 1, 0]), [-1.0, 1.0, 1.0, -1.0])
    with pytest.raises(ValueError):
        ds.to_pm1([0, 2])


def test_linearly_separable_has_the_margin():
    d = ds.linearly_separable(60, seed=5, margin=0.8)
    normal, offset = np.array(d.info["normal"]), d.info["offset"]
    dist = d.X @ normal + offset
    assert np.all(np.where(d.y == 1, dist, -dist) >= 0.8)
    assert np.all(np.abs(d.X) <= 6)
    assert np.bincount(d.y).tolist() == [30, 30]
    with pytest.raises(ValueError):
        ds.linearly_separable(10, margin=-1)


# --- TF-Playground sets ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL_CLASSIFY_2D)
def test_2d_classification_shape_range_balance(name):
    d = ds.make(name, 201, seed=2) if name == "linearly_separable" else ds.make(name, 201, 0.3, seed=2)
    assert d.X.shape == (201, 2) and d.y.shape == (201,)
    assert d.X.dtype == np.float64 and d.y.dtype == np.int64
    assert np.all(np.abs(d.X) <= 6.0)
    counts = np.bincount(d.y, minlength=d.n_classes)
    assert set(np.unique(d.y)) <= set(range(d.n_classes))
    if name not in ("circle", "xor"):  # those two draw the labels from the noisy point, so balance is approximate
        assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", TF_2D + ["blobs", "spiral_k", "regress_plane", "regress_gaussian"])
def test_noise_out_of_range_is_rejected(name):
    for noise in (-0.01, 0.51):
        with pytest.raises(ValueError, match=r"noise must be in \[0, 0.5\]"):
            ds.make(name, 50, noise)


def test_circle_geometry_without_noise():
    d = ds.circle(400, noise=0.0, seed=1)
    r = np.hypot(d.X[:, 0], d.X[:, 1])
    assert np.all(r[d.y == 1] < 2.5)
    assert np.all((r[d.y == 0] >= 3.5) & (r[d.y == 0] <= 5.0))
    assert np.bincount(d.y).tolist() == [200, 200]


def test_circle_noise_flips_labels_but_not_positions():
    clean, noisy = ds.circle(400, 0.0, seed=1), ds.circle(400, 0.5, seed=1)
    np.testing.assert_array_equal(clean.X, noisy.X)
    assert np.any(clean.y != noisy.y)


def test_xor_geometry_without_noise():
    d = ds.xor(400, noise=0.0, seed=1)
    x1, x2 = d.X[:, 0], d.X[:, 1]
    np.testing.assert_array_equal(d.y, (x1 * x2 >= 0).astype(int))
    assert np.all(np.abs(d.X) >= 0.3) and np.all(np.abs(d.X) <= 5.3)  # TF's padding


def test_two_gaussians_centres():
    d = ds.two_gaussians(2000, 0.0, seed=1)
    np.testing.assert_allclose(d.X[d.y == 1].mean(axis=0), [2, 2], atol=0.1)
    np.testing.assert_allclose(d.X[d.y == 0].mean(axis=0), [-2, -2], atol=0.1)
    np.testing.assert_allclose(d.X[d.y == 1].var(axis=0), [0.5, 0.5], rtol=0.15)  # TF variance at noise 0


def test_spiral_without_noise_follows_tf_formula():
    d = ds.spiral(100, 0.0)
    n = 50
    i = np.arange(n)
    r, t = i / n * 5, 1.75 * i / n * 2 * np.pi
    np.testing.assert_allclose(d.X[:n], np.column_stack([r * np.sin(t), r * np.cos(t)]))
    np.testing.assert_allclose(d.X[n:], -d.X[:n], atol=1e-12)  # the other arm is rotated by π
    assert np.all(d.y[:n] == 1) and np.all(d.y[n:] == 0)


def test_spiral_k_and_blobs_classes():
    for k in (2, 3, 4, 5):
        for gen in (ds.spiral_k, ds.blobs):
            d = gen(100, n_classes=k, seed=0)
            assert d.n_classes == k and set(np.unique(d.y)) == set(range(k))
    with pytest.raises(ValueError, match="n_classes"):
        ds.blobs(100, n_classes=6)
    with pytest.raises(ValueError, match="n_classes"):
        ds.spiral_k(100, n_classes=1)


def test_moons_without_noise_on_two_arcs():
    d = ds.moons(200, 0.0, seed=0)
    p = d.X / 3.0 + np.array([0.5, 0.25])
    outer, inner = p[d.y == 0], p[d.y == 1]
    np.testing.assert_allclose(np.hypot(outer[:, 0], outer[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(inner[:, 0] - 1.0, inner[:, 1] - 0.5), 1.0)


def test_regression_sets():
    plane = ds.regress_plane(300, 0.0, seed=1)
    np.testing.assert_allclose(plane.y, plane.X.sum(axis=1) / 10)
    assert plane.task == "regression" and plane.y.dtype == np.float64 and plane.n_classes == 0
    gauss = ds.regress_gaussian(300, 0.0, seed=1)
    assert np.all(np.abs(gauss.y) <= 1.0)
    # at a bump's centre the target is its sign: (0, 2.5) is a −1 bump, (4, −2.5) a −1 bump, (0, −2.5) a +1 bump
    np.testing.assert_allclose(ds._multi_gaussian_target(np.array([[0, 2.5], [4, -2.5], [0, -2.5]])), [-1, -1, 1])


@pytest.mark.parametrize("name", list(ds.DATASETS))
def test_every_generator_is_deterministic_by_seed(name):
    a, b = ds.make(name, 60, seed=11), ds.make(name, 60, seed=11)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    c = ds.make(name, 60, seed=12)
    if name != "spiral" and name != "spiral_k":  # noise-free spirals have no randomness at all
        assert not np.array_equal(a.X, c.X)


def test_make_rejects_unknown_names_and_keywords():
    with pytest.raises(ValueError, match="valid names"):
        ds.make("iris")
    with pytest.raises(ValueError, match="valid arguments"):
        ds.make("circle", 10, 0.1, n_classes=3)
    assert ds.make("blobs", 40, 0.1, n_classes=4).n_classes == 4


# --- curves for bias/variance ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ds.CURVE_KINDS)
def test_curve_1d_is_truth_plus_noise(kind):
    clean = ds.curve_1d(50, 0.0, kind, seed=3)
    np.testing.assert_allclose(clean.y, ds.curve_truth(clean.X[:, 0], kind))
    assert np.all(np.diff(clean.X[:, 0]) >= 0) and np.all(np.abs(clean.X) <= 1)
    noisy = ds.curve_1d(5000, 0.3, kind, seed=3)
    resid = noisy.y - ds.curve_truth(noisy.X[:, 0], kind)
    assert abs(resid.std() - 0.3) < 0.02


def test_curve_truth_values():
    np.testing.assert_allclose(ds.curve_truth([-0.5, 0, 0.5], "sin"), [-1, 0, 1], atol=1e-15)
    np.testing.assert_allclose(ds.curve_truth([-1, 0.5, 1], "cubic"), [-1, -1, 1])
    np.testing.assert_array_equal(ds.curve_truth([-0.1, 0, 0.1], "step"), [-1, 1, 1])
    with pytest.raises(ValueError, match="sin, cubic, step"):
        ds.curve_truth(0.0, "tan")


# --- helpers ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("m, ratio, n_train", [(100, 0.8, 80), (10, 0.5, 5), (3, 0.01, 1), (3, 0.99, 2)])
def test_split_sizes(m, ratio, n_train):
    X, y = np.arange(2 * m).reshape(m, 2), np.arange(m)
    Xtr, Xte, ytr, yte = ds.train_test_split(X, y, ratio, seed=0)
    assert len(Xtr) == len(ytr) == n_train and len(Xte) == len(yte) == m - n_train
    np.testing.assert_array_equal(np.sort(np.concatenate([ytr, yte])), y)  # a partition
    np.testing.assert_array_equal(Xtr[:, 0] // 2, ytr)  # rows stay paired


def test_split_shuffles_by_seed_and_rejects_bad_ratio():
    X, y = np.zeros((50, 1)), np.arange(50)
    a = ds.train_test_split(X, y, 0.5, seed=1)[2]
    assert not np.array_equal(a, np.arange(25))
    np.testing.assert_array_equal(a, ds.train_test_split(X, y, 0.5, seed=1)[2])
    for bad in (0.0, 1.0, -0.5, 1.5):
        with pytest.raises(ValueError, match=r"\(0, 1\)"):
            ds.train_test_split(X, y, bad)
    with pytest.raises(ValueError):
        ds.train_test_split(X[:1], y[:1], 0.5)
    with pytest.raises(ValueError):
        ds.train_test_split(X, y[:10], 0.5)


def test_features_match_their_formulas():
    X = np.random.default_rng(0).uniform(-6, 6, (30, 2))
    F = ds.make_features(X, list(ds.FEATURES))
    x1, x2 = X[:, 0], X[:, 1]
    expected = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])
    np.testing.assert_array_equal(F, expected)
    assert list(ds.FEATURES) == ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]
    assert ds.make_features(X, ["x2sq", "x1"]).shape == (30, 2)
    with pytest.raises(ValueError, match="valid names"):
        ds.make_features(X, ["x3"])
    with pytest.raises(ValueError):
        ds.make_features(X, [])
    with pytest.raises(ValueError):
        ds.make_features(X[:, :1], ["x1"])


def test_one_hot():
    np.testing.assert_array_equal(ds.one_hot([0, 2, 1], 3), [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    assert ds.one_hot([0, 1]).shape == (2, 2)
    with pytest.raises(ValueError):
        ds.one_hot([0, 3], 3)
    with pytest.raises(ValueError):
        ds.one_hot([0.5, 1], 2)


def test_grid():
    xx, yy, pts = ds.grid((-6, 6), 5)
    assert xx.shape == yy.shape == (5, 5) and pts.shape == (25, 2)
    np.testing.assert_array_equal(xx[0], [-6, -3, 0, 3, 6])
    np.testing.assert_array_equal(yy[:, 0], [-6, -3, 0, 3, 6])
    np.testing.assert_array_equal(pts[:, 0].reshape(5, 5), xx)
    xx, yy, _ = ds.grid(((0, 1), (-2, 2)), 3)
    np.testing.assert_array_equal(yy[:, 0], [-2, 0, 2])
    for bad in [dict(bounds=(1, 0)), dict(resolution=1), dict(bounds="x")]:
        with pytest.raises(ValueError):
            ds.grid(**bad)


# --- validate_xy -----------------------------------------------------------------------------------------------

def test_validate_xy_accepts_and_renumbers_labels():
    d = ds.validate_xy([[1, 2], [3, 4], [5, 6]], [-1, 1, -1], "classification")
    np.testing.assert_array_equal(d.y, [0, 1, 0])
    assert d.n_classes == 2 and d.info["classes"] == (-1, 1)
    r = ds.validate_xy([[1.0], [2.0]], [[0.5], [1.5]], "regression")
    np.testing.assert_array_equal(r.y, [0.5, 1.5])


@pytest.mark.parametrize("X, y, task, message", [
    ([[1, 2]], [0], "clustering", "task must be"),
    ([["a", 2]], [0], "regression", "only numbers"),
    ([1, 2, 3], [0, 1, 0], "classification", "2-D"),
    (np.zeros((0, 2)), [], "regression", "empty"),
    ([[1, np.nan], [2, 3]], [0, 1], "classification", "NaN"),
    ([[1, np.inf], [2, 3]], [0, 1], "regression", "infinite"),
    ([[1], [2]], [0, 1, 1], "classification", "must match"),
    ([[1], [2]], [0, np.nan], "regression", "y contains"),
    ([[1], [2]], [0, 0.5], "classification", "whole numbers"),
    ([[1], [2]], [1, 1], "classification", "2 to 5"),
    ([[i] for i in range(6)], list(range(6)), "classification", "2 to 5"),
    ([[1], [2]], ["a", "b"], "classification", "only numbers"),
])
def test_validate_xy_rejects(X, y, task, message):
    with pytest.raises(ValueError, match=message):
        ds.validate_xy(X, y, task)


def test_validate_xy_max_rows():
    with pytest.raises(ValueError, match="at most 10 "):
        ds.validate_xy(np.zeros((11, 1)), np.arange(11) % 2, "classification", max_rows=10)


# --- properties ------------------------------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(ds.DATASETS)), n=st.integers(5, 300), seed=st.integers(0, 2**32 - 1),
       noise=st.floats(0.0, 0.5))
def test_any_generator_gives_finite_well_shaped_data(name, n, seed, noise):
    d = ds.make(name, n, None if name == "linearly_separable" else noise, seed=seed)
    assert d.X.shape[0] == d.y.shape[0] == n
    assert np.all(np.isfinite(d.X)) and np.all(np.isfinite(d.y))
    if d.task == "classification":
        assert d.y.min() >= 0 and d.y.max() < d.n_classes


@settings(max_examples=40, deadline=None)
@given(m=st.integers(2, 500), ratio=st.floats(0.01, 0.99), seed=st.integers(0, 10**6))
def test_split_partition_property(m, ratio, seed):
    Xtr, Xte, ytr, yte = ds.train_test_split(np.arange(m)[:, None], np.arange(m), ratio, seed)
    assert len(ytr) >= 1 and len(yte) >= 1 and len(ytr) + len(yte) == m
    assert len(set(ytr) | set(yte)) == m
