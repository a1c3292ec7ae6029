"""nncore.lessons.playground: the config builds the right network and data; training, maps, confusion, export/import."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

import nncore
from nncore.lessons import playground as P


def test_default_config_builds_tf_playgrounds_default_network():
    pg = P.Playground(P.Config())
    assert pg.net.layer_sizes == [2, 4, 2, 1]          # x1, x2 → 4 → 2 → 1, as TF's default networkShape=4,2
    assert pg.net.hidden_names == ["tanh", "tanh"] and pg.net.output == "sigmoid"
    assert pg.trainer.loss == "bce" and pg.trainer.batch_size == 10
    assert pg.trainer.optimizer.name == "sgd" and pg.trainer.optimizer.learning_rate == 0.03
    assert pg.data.n_samples == 500 and len(pg.X_train) == 250 and len(pg.X_test) == 250
    np.testing.assert_array_equal(pg.data.X, nncore.datasets.make("circle", 500, 0.0, seed=0).X)


def test_config_maps_every_setting_onto_the_engine():
    cfg = P.Config(dataset="spiral_k", n_classes=4, features=("x1", "x2", "x1sq", "sinx2"), hidden=(8, 3, 5),
                   activations=("relu", "sigmoid", "linear"), loss="log", optimizer="adam", regularization="l1",
                   reg_rate=0.01, dropout=0.2, init="he", batch_size=7, train_ratio=0.3, noise=0.25)
    pg = P.Playground(cfg)
    assert pg.net.layer_sizes == [4, 8, 3, 5, 4]
    assert pg.net.hidden_names == ["relu", "sigmoid", "linear"] and pg.net.output == "softmax"
    assert pg.net.dropout == pytest.approx(0.2) and pg.net.init == "he"
    t = pg.trainer
    assert (t.loss, t.l1, t.l2, t.batch_size, t.optimizer.name) == ("cross_entropy", 0.01, 0.0, 7, "adam")
    assert pg.F_train.shape == (150, 4) and pg.Y_train.shape == (150, 4)
    np.testing.assert_array_equal(pg.F_train[:, 2], pg.X_train[:, 0] ** 2)
    np.testing.assert_array_equal(pg.F_train[:, 3], np.sin(pg.X_train[:, 1]))
    reg = P.Playground(P.Config(task="regression", dataset="regress_gaussian", hidden=()  , activations=()))
    assert reg.net.layer_sizes == [2, 1] and reg.net.output == "linear" and reg.trainer.loss == "mse"
    assert reg.k == 0 and reg.data.n_samples == 1200
    binary_mse = P.Playground(P.Config(loss="mse"))
    assert binary_mse.trainer.loss == "mse" and binary_mse.net.output == "sigmoid"


@pytest.mark.parametrize("bad", [dict(noise=0.6), dict(train_ratio=0.05), dict(batch_size=31), dict(hidden=(9,),
                                 activations=("tanh",)), dict(hidden=(1,) * 7, activations=("tanh",) * 7),
                                 dict(features=()), dict(activations=("tanh",)), dict(learning_rate=0.0),
                                 dict(dataset="regress_plane"), dict(reg_rate=11.0), dict(optimizer="lbfgs")])
def test_invalid_configs_are_refused(bad):
    with pytest.raises(ValueError):
        P.Config(**bad)


def test_multiclass_training_reaches_high_accuracy_on_separable_blobs():
    pg = P.Playground(P.Config(dataset="blobs", n_classes=4, hidden=(6,), activations=("relu",), learning_rate=0.1))
    pg.step(60)
    frame = pg.frame()
    assert frame.train_acc >= 0.98 and frame.test_acc >= 0.97
    C = pg.confusion("test")
    assert C.shape == (4, 4) and C.sum() == len(pg.X_test)
    assert np.trace(C) / C.sum() == pytest.approx(frame.test_acc)


def test_confusion_matrix_counts():
    C = P.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    with pytest.raises(ValueError):
        P.confusion_matrix([0, 3], [0, 1], 3)


def test_class_shade_bands():
    probs = np.array([[0.9, 0.05, 0.05], [1 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 1.0]])
    z = P.class_shade(probs)
    assert z[0] == pytest.approx(0 + (0.9 - 1 / 3) / (2 / 3))
    assert z[1] == pytest.approx(0.0)
    assert z[2] == pytest.approx(2.999)
    np.testing.assert_allclose(P.class_shade(probs, discretize=True), [0.999, 0.999, 2.999])


def test_step_counts_epochs_and_equals_a_plain_trainer_run():
    cfg = P.Config()
    pg = P.Playground(cfg)
    assert pg.step(1) == 1 and pg.epoch == 1
    pg.step(29)
    ns = {}
    exec(P.python_snippet(cfg, 30), ns)  # the "copy as Python" script reproduces the weights exactly
    for W, V in zip(pg.net.weights, ns["net"].weights):
        np.testing.assert_array_equal(W, V)
    assert ns["trainer"].epoch == 30


def test_rewind_goes_back_to_a_frame_and_training_on_repeats_it():
    # Pause in the live view: the server has trained a few frames past the one on screen and goes back to it
    cfg = P.Config(patience=30, batch_size=5, dropout=0.1)
    pg = P.Playground(cfg)
    pg.step(10)
    cp, frame = pg.checkpoint(), pg.frame()
    curve = list(pg.trainer.history.train_loss)
    val_n = len(pg.val_history["epoch"])
    pg.step(10)
    later = ([w.copy() for w in pg.net.weights], pg.frame())
    pg.step(10)
    assert pg.rewind(cp)
    assert pg.epoch == 10 and pg.frame() == frame and len(pg.val_history["epoch"]) == val_n
    assert pg.trainer.history.train_loss == curve  # the loss curve ends at that frame too
    pg.step(10)
    assert pg.frame() == later[1]
    assert all(np.array_equal(a, b) for a, b in zip(later[0], pg.net.weights))


def test_rewind_refuses_a_checkpoint_of_another_run_or_config():
    pg = P.Playground(P.Config())
    pg.step(5)
    cp = pg.checkpoint()
    pg.step(5)
    pg.update(replace(pg.config, learning_rate=0.3))  # a setting changed since: that frame is not this run's past
    assert not pg.rewind(cp) and pg.epoch == 10
    cp = pg.checkpoint()
    pg.reset()
    assert not pg.rewind(cp) and pg.epoch == 0


def test_rates_do_not_reset_but_structure_does():
    pg = P.Playground(P.Config())
    pg.step(20)
    W = [w.copy() for w in pg.net.weights]
    assert pg.update(replace(pg.config, learning_rate=0.3, regularization="l2", reg_rate=0.01, batch_size=5)) == "rates"
    assert pg.epoch == 20 and pg.trainer.optimizer.learning_rate == 0.3 and pg.trainer.l2 == 0.01
    assert pg.trainer.batch_size == 5
    assert pg.update(replace(pg.config, seed=7)) == "regenerated"  # new data, same weights
    assert pg.epoch == 20 and all(np.array_equal(a, b) for a, b in zip(W, pg.net.weights))
    assert pg.update(replace(pg.config, hidden=(3,), activations=("relu",))) == "rebuilt"
    assert pg.epoch == 0 and pg.net.layer_sizes == [2, 3, 1]


def test_reset_keeps_starting_weights_and_new_seed_changes_them():
    pg = P.Playground(P.Config())
    start = [w.copy() for w in pg.net.weights]
    pg.step(10)
    pg.reset()
    assert pg.epoch == 0 and all(np.array_equal(a, b) for a, b in zip(start, pg.net.weights))
    pg.update(replace(pg.config, weight_seed=1))
    assert not np.array_equal(start[0], pg.net.weights[0])


def test_divergence_stops_and_a_smaller_rate_continues():
    pg = P.Playground(P.Config(task="regression", dataset="regress_plane", learning_rate=10.0))
    pg.step(20)
    assert pg.status == "diverged" and not pg.running
    assert pg.divergence.reason in ("non_finite_params", "non_finite_loss", "exploding_loss")
    assert all(np.all(np.isfinite(W)) for W in pg.net.weights)  # the last finite weights are kept
    assert pg.step(5) == 0
    pg.update(replace(pg.config, learning_rate=0.03))
    assert pg.running and pg.step(5) == 5


def test_stop_rules():
    pg = P.Playground(P.Config(max_epochs=25))
    pg.step(20)
    pg.step(20)
    assert pg.epoch == 25 and pg.status == "max_epochs" and pg.step(5) == 0


def test_early_stopping_watches_a_validation_split_of_the_training_data_never_the_test_data():
    cfg = P.Config(dataset="spiral", noise=0.5, train_ratio=0.5, hidden=(8, 8, 8), activations=("relu",) * 3,
                   learning_rate=0.03, patience=50)
    pg = P.Playground(cfg)
    plain = P.Playground(replace(cfg, patience=0))
    # the test data are the same; the validation points are VAL_SHARE of the training points, held out
    np.testing.assert_array_equal(pg.X_test, plain.X_test)
    assert len(pg.X_val) == round(P.VAL_SHARE * len(plain.X_train)) and len(pg.X_train) + len(pg.X_val) == len(
        plain.X_train)
    rows = {tuple(r) for r in plain.X_train}
    assert all(tuple(r) in rows for r in pg.X_val) and not {tuple(r) for r in pg.X_val} & {tuple(r) for r in
                                                                                            pg.X_train}
    assert pg.trainer.X.shape[0] == len(pg.X_train)  # never trained on the validation points
    assert P.EARLY_STOPPING_WATCHES == "validation"
    for _ in range(400):
        if not pg.running:
            break
        pg.step(10)
    assert pg.status == "plateau"
    losses, epochs = pg.val_history["loss"], pg.val_history["epoch"]
    best = int(np.argmin(losses))
    assert pg.best[1] == epochs[best] and pg.best[0] == losses[best]
    # stopped once `patience` epochs passed without a better validation loss …
    assert epochs[-1] - epochs[best] >= 50 and epochs[-2] - epochs[best] < 50
    assert min(losses[best + 1:]) >= losses[best]
    # … and the best epoch's weights are back: their validation loss is the best one
    assert pg.frame().val_loss == pytest.approx(losses[best], rel=1e-12)
    for W, V in zip(pg.net.weights, pg.best[2]):
        np.testing.assert_array_equal(W, V)
    # switching early stopping on or off changes the training set: a new run
    assert pg.update(replace(cfg, patience=0)) == "rebuilt" and len(pg.X_val) == 0


def test_with_early_stopping_the_test_data_stay_unseen_until_training_stops():
    """The lesson: choose on validation, then measure the test set once. While a run with a validation split trains,
    its live frames carry no test loss, no test curve and no test confusion matrix; once stopped, the test loss is
    one number (still no curve). Without a validation split the test loss is live, as in TF Playground."""
    cfg = P.Config(dataset="circle", noise=0.5, learning_rate=0.3, patience=5)
    pg = P.Playground(cfg)
    pg.step(10)
    live = pg.live(20, 5)
    assert pg.test_sealed and live.frame.test_loss is None and live.frame.test_acc is None
    assert live.history["test"] == [] and [c[0] for c in live.confusion] == ["train"]
    while pg.running:
        pg.step(50)
    live = pg.live(20, 5)
    assert pg.status == "plateau" and not pg.test_sealed
    assert live.frame.test_loss == pg.frame().test_loss is not None and live.history["test"] == []
    assert [c[0] for c in live.confusion] == ["train", "test"]
    plain = P.Playground(replace(cfg, patience=0))
    plain.step(10)
    live = plain.live(20, 5)
    assert live.frame.test_loss is not None and len(live.history["test"]) >= 2


def test_divergence_replays_the_frame_epoch_by_epoch():
    cfg = P.Config(task="regression", dataset="regress_plane", learning_rate=1.0, batch_size=30)
    pg = P.Playground(cfg)
    while pg.running:
        pg.step(5)
    d = pg.divergence
    assert pg.status == "diverged" and d.epoch > 5
    h = pg.trainer.history
    # every epoch of the last frame up to the divergence is in the history; the counter is the last finite one
    assert pg.epoch == d.epoch - 1 == h.epoch[-1]
    assert h.epoch[-(d.epoch - 1) % 5 - 1:] == list(range(h.epoch[-(d.epoch - 1) % 5 - 1], d.epoch))
    assert np.isfinite(h.train_loss[-1]) and h.train_loss[-1] <= 1e12
    # the same as a trainer that evaluates every epoch: the replay is exact
    ref = P.Playground(cfg)
    while ref.running:
        ref.step(1)
    assert ref.divergence.epoch == d.epoch and ref.epoch == pg.epoch
    for W, V in zip(pg.net.weights, ref.net.weights):
        np.testing.assert_array_equal(W, V)
    live = pg.live(20, 5)
    assert live.history["diverged"] == d.epoch and live.history["epoch"][0] == 0  # the curve starts at epoch 0
    assert live.history["epoch"][-1] == pg.epoch


def test_divergence_in_the_first_epoch_shows_the_starting_loss():
    pg = P.Playground(P.Config(task="regression", dataset="regress_plane", learning_rate=10.0))
    start = pg.frame()
    pg.step(30)
    assert pg.status == "diverged" and pg.divergence.epoch == 1 and pg.epoch == 0
    h = pg.live(20, 5).history
    assert h["epoch"] == [0] and h["train"] == [start.train_loss] and h["test"] == [start.test_loss]
    assert h["diverged"] == 1


def test_maps_come_from_one_forward_pass_on_the_grid():
    pg = P.Playground(P.Config())
    xx, yy, points = nncore.datasets.grid(nncore.datasets.PLAYGROUND_BOUNDS, 25)
    trace = pg.net.forward(nncore.datasets.make_features(points, ("x1", "x2")))
    maps = pg.neuron_maps(25)
    assert [m.shape for m in maps] == [(2, 25, 25), (4, 25, 25), (2, 25, 25), (1, 25, 25)]
    np.testing.assert_array_equal(maps[1][2], trace.A[1][:, 2].reshape(25, 25))
    np.testing.assert_array_equal(maps[0][0], xx)  # the input x1's "map" is x1 itself
    out = pg.output_map(100)
    xs, ys = pg.grid_axes(100)
    assert out.shape == (100, 100, 1) and xs[0] == -6 and ys[-1] == 6
    np.testing.assert_array_equal(pg.shade_map(100, discretize=True), (out[:, :, 0] >= 0.5).astype(float))
    np.testing.assert_array_equal(pg.unit_map(1, 0, 25), maps[1][0])


def test_gradients_equal_the_backward_pass():
    pg = P.Playground(P.Config(regularization="l2", reg_rate=0.1))
    g = pg.gradients()
    ref = pg.net.backward(pg.net.forward(pg.F_train), pg.Y_train, "bce", 0.0, 0.1).dW
    for a, b in zip(g, ref):
        np.testing.assert_array_equal(a, b)


def test_export_import_round_trips_exactly():
    pg = P.Playground(P.Config(dataset="blobs", n_classes=3, hidden=(5,), activations=("relu",), optimizer="adam"))
    pg.step(15)
    blob = json.dumps(P.export_model(pg)).encode()
    cfg, net, k = P.import_model(blob)
    assert cfg == pg.config and k == 3
    for a, b in zip(net.params(), pg.net.params()):
        np.testing.assert_array_equal(a, b)
    fresh = P.Playground(cfg)
    fresh.load_weights(net)
    np.testing.assert_array_equal(fresh.output_map(30), pg.output_map(30))


@pytest.mark.parametrize("blob,code", [
    (b"not json", "json"), (b"\xff\xfe", "json"), (b"[1, 2]", "format"), (b'{"format": "x"}', "format"),
    (json.dumps({"format": P.FORMAT, "config": {"noise": 5}, "n_classes": 2}).encode(), "config"),
    (json.dumps({"format": P.FORMAT, "config": {}, "n_classes": 2, "model": {"format": "nope"}}).encode(), "model"),
    (json.dumps({"format": P.FORMAT, "config": {}, "n_classes": 7}).encode(), "config"),
    (b"x" * (P.MAX_MODEL_BYTES + 1), "too_large"),
])
def test_bad_model_files_get_a_code(blob, code):
    with pytest.raises(P.ModelFileError) as err:
        P.import_model(blob)
    assert err.value.code == code


def test_mismatched_or_non_finite_weights_are_refused():
    pg = P.Playground(P.Config())
    d = P.export_model(pg)
    d["config"]["hidden"] = [3, 2]
    with pytest.raises(P.ModelFileError) as err:
        P.import_model(json.dumps(d))
    assert err.value.code == "mismatch"
    d = P.export_model(pg)
    d["model"]["weights"][0][0][0] = float("nan")
    with pytest.raises(P.ModelFileError) as err:
        P.import_model(json.dumps(d))
    assert err.value.code == "model"


def test_user_data_and_bounds():
    data = nncore.datasets.validate_xy([[0, 0], [10, 1], [5, 2], [1, 1]], [0, 1, 1, 0], "classification")
    pg = P.Playground(P.Config(dataset="user"), data=data)
    assert pg.user_data and pg.k == 2
    assert pg.bounds == ((-1.0, 11.0), (-0.2, 2.2))
    with pytest.raises(ValueError):
        P.python_snippet(pg.config, 1)


def test_thin_keeps_the_last_point():
    idx = P.thin(list(range(1000)), 50)
    assert len(idx) <= 50 and idx[0] == 0 and idx[-1] == 999
    np.testing.assert_array_equal(P.thin([1, 2, 3], 50), [0, 1, 2])


def test_model_sizes_sum_to_the_parameter_count():
    pg = P.Playground(P.Config())
    rows = P.model_sizes(pg.net)
    assert [r[1] for r in rows] == [(2, 4), (4, 2), (2, 1)]
    assert sum(r[3] for r in rows) == pg.net.n_params() == 12 + 10 + 3


def test_previews_are_small_samples_of_each_offered_data_set():
    from nncore import datasets as ds

    got = P.previews("classification", noise=0.2, seed=5, n_classes=4)
    assert [name for name, *_ in got] == list(P.DATASETS["classification"])
    for name, data, k in got:
        kw = {"n_classes": 4} if name in P.MULTICLASS_DATASETS else {}
        ref = ds.make(name, P.PREVIEW_SAMPLES, 0.2, seed=5, **kw)
        np.testing.assert_array_equal(data.X, ref.X)
        np.testing.assert_array_equal(data.y, ref.y)
        assert data.X.shape == (P.PREVIEW_SAMPLES, 2)
        assert k == (4 if name in P.MULTICLASS_DATASETS else 2)
        assert set(np.unique(data.y)) == set(range(k))
    reg = P.previews("regression", n_samples=60)
    assert [(name, d.X.shape, k) for name, d, k in reg] == [("regress_plane", (60, 2), 0),
                                                             ("regress_gaussian", (60, 2), 0)]
    with pytest.raises(ValueError):
        P.previews("clustering")


def test_quantize_maps_the_range_onto_bytes():
    q = P.quantize([-2.0, -1.0, 0.0, 0.5, 1.0, 3.0, np.nan], -1.0, 1.0)
    assert q.dtype == np.uint8 and q.tolist() == [0, 0, 128, 191, 255, 255, 0]
    x = np.linspace(-1, 1, 1001)
    back = -1.0 + P.quantize(x, -1.0, 1.0) * 2.0 / 255
    assert np.max(np.abs(back - x)) <= 1.0 / 255 + 1e-12  # within half a step
    with pytest.raises(ValueError):
        P.quantize([0.0], 1.0, 1.0)


def test_confusion_shares_are_row_shares():
    C = np.array([[45, 5], [12, 38]])
    S = P.confusion_shares(C)
    np.testing.assert_allclose(S, [[0.9, 0.1], [12 / 50, 38 / 50]])
    assert P.class_recall(C, 1) == 0.76
    np.testing.assert_array_equal(P.confusion_shares(np.zeros((3, 3))), np.zeros((3, 3)))


def test_live_frame_is_what_the_view_paints():
    pg = P.Playground(P.Config())
    pg.step(10)
    live = pg.live(100, 25)
    assert live.epoch == 10 and live.map_kind == "binary" and live.map_range == (0.0, 1.0)
    np.testing.assert_array_equal(live.map_exact, pg.shade_map(100))
    np.testing.assert_array_equal(live.map_q, P.quantize(pg.shade_map(100), 0.0, 1.0))
    maps = pg.neuron_maps(25)
    assert [u.shape for u in live.units] == [m.shape for m in maps]
    for u, m in zip(live.units, maps):
        np.testing.assert_array_equal(u, P.quantize(m, *P.UNIT_RANGE))
    for a, b in zip(live.links, pg.net.weights):
        np.testing.assert_array_equal(a, b)
    h = pg.trainer.history
    assert live.history["epoch"] == [0, 10] and live.history["train"][1] == h.train_loss[-1]
    assert live.frame == pg.frame()
    which = [w for w, *_ in live.confusion]
    assert which == ["train", "test"]
    np.testing.assert_array_equal(live.confusion[1][1], pg.confusion("test"))
    # gradients on the links, a neuron's map large
    live = pg.live(50, 10, show=(1, 2), gradients=True)
    for a, b in zip(live.links, pg.gradients()):
        np.testing.assert_array_equal(a, b)
    assert live.map_kind == "value"
    np.testing.assert_array_equal(live.map_exact, pg.unit_map(1, 2, 50))


def test_live_frame_for_k_classes_sends_class_and_confidence():
    pg = P.Playground(P.Config(dataset="blobs", n_classes=4, hidden=(6,), activations=("relu",), learning_rate=0.1))
    pg.step(5)
    live = pg.live(40, 10, discretize=False)
    probs = pg.output_map(40).reshape(-1, 4)
    np.testing.assert_array_equal(live.map_class.ravel(), np.argmax(probs, axis=1))
    shade = P.class_shade(probs)
    np.testing.assert_array_equal(live.map_q.ravel(), P.quantize(shade - np.argmax(probs, axis=1), 0.0, 1.0))
    assert P.Playground(P.Config(task="regression", dataset="regress_plane")).live(20, 5).map_kind == "value"


def test_check_answers():
    assert P.parameter_count((4, 2), 1) == (2 * 4 + 4) + (4 * 2 + 2) + (2 * 1 + 1) == 25
    assert P.parameter_count((4, 2), 1) == P.Playground(P.Config()).net.n_params()
    assert P.xor_by_product() == "x1x2"
    data = nncore.datasets.make("xor", 500, 0.0, seed=0)
    assert P.best_split_accuracy(nncore.datasets.make_features(data.X, ["x1x2"])[:, 0], data.y) == 1.0
    assert P.best_split_accuracy([0, 1, 2, 3], [1, 1, 0, 0]) == 1.0  # either side may be class 1
    assert P.best_split_accuracy([0, 1, 2, 3], [0, 1, 0, 1]) == 0.75
