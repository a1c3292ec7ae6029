"""Engine benchmark: one training epoch of the playground workload, nncore vs scikit-learn.

Workload: a 2-8-8-1 network (tanh hidden, sigmoid output, log loss, plain SGD, no regularisation) on 500 points,
full batch and batch size 10; and the forward pass on a 100×100 grid (the decision-boundary heatmap) against
scikit-learn's ``predict_proba``. Both libraries run the same number of epochs in one process; the figure is the
median over repeats of (time / epochs).

Run: ``python -m benchmarks.engine`` (``--quick`` for fewer repeats).
"""
from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np

import nncore


def make_data(seed: int = 0):
    data = nncore.datasets.make("circle", n_samples=500, noise=0.1, seed=seed)
    return data.X, data.y.astype(float)


def time_nncore(X, y, batch_size, epochs, eval_every=1):
    net = nncore.MLP([2, 8, 8, 1], hidden="tanh", output="sigmoid", init="xavier", seed=0)
    trainer = nncore.Trainer(net, X, y[:, None], "bce", "sgd", learning_rate=0.03, batch_size=batch_size, seed=0)
    start = time.perf_counter()
    trainer.run(epochs, eval_every=eval_every)
    return (time.perf_counter() - start) / epochs


def time_sklearn(X, y, batch_size, epochs):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=(8, 8), activation="tanh", solver="sgd", alpha=0.0,
                        batch_size=batch_size or len(X), learning_rate_init=0.03, momentum=0.0,
                        nesterovs_momentum=False, max_iter=epochs, tol=0.0, n_iter_no_change=10 ** 9,
                        shuffle=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        clf.fit(X, y)
        elapsed = time.perf_counter() - start
    return elapsed / epochs, clf


def time_grid(fn, points, repeats=50):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(points)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 7
    X, y = make_data()
    results = {}
    print("nncore vs scikit-learn — 2-8-8-1 tanh/sigmoid, 500 points, SGD (median of "
          f"{repeats} runs; time per epoch)")
    # "playground": evaluation once per drawn frame (10 epochs), as the playground trains;
    # "+ exact eval": after every epoch, the loss and accuracy of the updated weights on all 500 points
    # (a pass scikit-learn does not make: its loss_curve_ comes from the forward pass before each update).
    cases = (("full batch", None, 400, 10), ("full batch + exact eval", None, 400, 1),
             ("batch size 10", 10, 40, 10), ("batch size 10 + exact eval", 10, 40, 1))
    for label, batch_size, epochs, eval_every in cases:
        ours = statistics.median(time_nncore(X, y, batch_size, epochs, eval_every) for _ in range(repeats))
        theirs = statistics.median(time_sklearn(X, y, batch_size, epochs)[0] for _ in range(repeats))
        results[label] = (ours, theirs)
        print(f"  epoch, {label:<27} nncore {ours * 1e6:8.1f} µs   scikit-learn {theirs * 1e6:8.1f} µs   "
              f"nncore is {theirs / ours:5.2f}× faster")
    net = nncore.MLP([2, 8, 8, 1], hidden="tanh", output="sigmoid", seed=0)
    _, clf = time_sklearn(X, y, None, 5)
    _, _, grid = nncore.datasets.grid((-6, 6), 100)
    ours = time_grid(net.predict, grid)
    theirs = time_grid(clf.predict_proba, grid)
    results["grid"] = (ours, theirs)
    print(f"  forward on a 100×100 grid{' ' * 15}nncore {ours * 1e6:9.1f} µs   scikit-learn {theirs * 1e6:9.1f} µs   "
          f"nncore is {theirs / ours:5.2f}× faster")
    return results


if __name__ == "__main__":
    main()
