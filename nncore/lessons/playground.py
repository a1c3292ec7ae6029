"""The playground's engine side: a :class:`Config` → data set, input features, network and trainer, trained in
frames of several epochs; the maps the page draws (output over the input square, every neuron's output), the
confusion matrix, and export / import of a trained model.

Everything here is NumPy (through nncore); the page only lays the results out.

Shapes: the input square is sampled on a ``res × res`` grid (:func:`nncore.datasets.grid`); a map is ``(res, res)``
with ``map[i, j]`` at (x1 = xs[j], x2 = ys[i]). Raw points are X (m, 2) = (x1, x2); the network sees the chosen
features F = make_features(X, features) (m, n_features).

Semantics follow tensorflow/playground (src/playground.ts): changing the learning rate, the regularization or its
rate, or the batch size does not reset training; "regenerate" draws new data with a new seed and keeps the weights;
any other change builds a new network. Beyond TF: k classes (softmax + cross-entropy), log loss for binary
classification (sigmoid output), optimizers, dropout, init schemes, early stopping, divergence reports.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields, replace

import numpy as np

from .. import datasets as ds
from ..mlp import MLP
from ..optimizers import make_optimizer
from ..training import Divergence, Trainer

__all__ = ["Config", "Playground", "Frame", "ModelFileError", "TASKS", "DATASETS", "CLASSIFY_DATASETS",
           "MULTICLASS_DATASETS", "REGRESS_DATASETS", "LEARNING_RATES", "REG_RATES", "ACTIVATIONS", "OPTIMIZERS",
           "INITS", "REGULARIZATIONS", "LOSSES", "DROPOUTS", "MAX_LAYERS", "MAX_NEURONS", "N_SAMPLES",
           "confusion_matrix", "class_shade", "data_bounds", "thin", "export_model", "import_model",
           "python_snippet", "model_sizes", "previews", "PREVIEW_SAMPLES", "VAL_SHARE", "LiveFrame", "quantize",
           "confusion_shares", "MAP_RANGE", "UNIT_RANGE", "EARLY_STOPPING_WATCHES", "CHECK_CONFUSION",
           "parameter_count", "class_recall", "best_split_accuracy", "xor_by_product"]

TASKS = ("classification", "regression")
CLASSIFY_DATASETS = ("circle", "xor", "two_gaussians", "spiral", "blobs", "spiral_k")
MULTICLASS_DATASETS = ("blobs", "spiral_k")
REGRESS_DATASETS = ("regress_plane", "regress_gaussian")
DATASETS = {"classification": CLASSIFY_DATASETS, "regression": REGRESS_DATASETS}
#: TF Playground's learning rates and regularization rates (state.ts lists), as offered here.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
OPTIMIZERS = ("sgd", "momentum", "adam")
INITS = ("xavier", "he", "normal", "zeros")
REGULARIZATIONS = ("none", "l1", "l2")
LOSSES = ("log", "mse")  # "log": binary log loss (sigmoid) or cross-entropy (softmax); "mse": squared error
DROPOUTS = (0.0, 0.1, 0.2, 0.3, 0.5)  # probability of dropping a hidden unit
MAX_LAYERS, MAX_NEURONS = 6, 8
#: TF Playground's sample counts (NUM_SAMPLES_CLASSIFY, NUM_SAMPLES_REGRESS).
N_SAMPLES = {"classification": 500, "regression": 1200}
MAX_BATCH = 30
#: points per data-set thumbnail (:func:`previews`)
PREVIEW_SAMPLES = 80
#: share of the training points held out as validation data when early stopping is on (patience > 0): training
#: stops on the validation loss, never on the test loss (train / validation / test).
VAL_SHARE = 0.2
#: colour range of every neuron's map (values outside are drawn at the end colour, as TF Playground does)
UNIT_RANGE = (-1.0, 1.0)
#: colour range of the big map: P(class 1) for two classes, the value for regression
MAP_RANGE = {2: (0.0, 1.0), 0: (-1.0, 1.0)}


class ModelFileError(ValueError):
    """An imported model file that cannot be used; ``code`` names the problem for a translated message:
    "json" (not JSON), "format" (not a playground export), "config" (invalid settings), "model" (bad weights),
    "mismatch" (weights do not fit the settings)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Config:
    """Every setting of a playground run (what the URL holds). Invalid values raise ValueError.

    ``dropout`` is the probability of dropping a hidden unit (0 = off); ``n_classes`` is used by the k-class data
    sets only; ``patience`` (epochs without a better *validation* loss) and ``max_epochs`` stop training (0 = never).
    With ``patience`` > 0, :data:`VAL_SHARE` of the training points are held out as validation data.
    ``seed`` draws the data and its train/test split; ``weight_seed`` the starting weights and the batch order.
    """

    task: str = "classification"
    dataset: str = "circle"
    n_classes: int = 3
    noise: float = 0.0
    train_ratio: float = 0.5
    batch_size: int = 10
    seed: int = 0
    features: tuple = ("x1", "x2")
    hidden: tuple = (4, 2)
    activations: tuple = ("tanh", "tanh")
    loss: str = "log"
    learning_rate: float = 0.03
    optimizer: str = "sgd"
    regularization: str = "none"
    reg_rate: float = 0.0
    dropout: float = 0.0
    init: str = "xavier"
    weight_seed: int = 0
    max_epochs: int = 0
    patience: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "features", tuple(self.features))
        object.__setattr__(self, "hidden", tuple(int(n) for n in self.hidden))
        object.__setattr__(self, "activations", tuple(self.activations))
        _one_of(self.task, TASKS, "task")
        if self.dataset != "user":
            _one_of(self.dataset, DATASETS[self.task], "dataset")
        if not 2 <= int(self.n_classes) <= 5:
            raise ValueError(f"n_classes must be 2..5, got {self.n_classes}")
        _in_range(self.noise, 0.0, 0.5, "noise")
        _in_range(self.train_ratio, 0.1, 0.9, "train_ratio")
        _int_range(self.batch_size, 1, MAX_BATCH, "batch_size")
        _int_range(self.seed, 0, 10**9, "seed")
        _int_range(self.weight_seed, 0, 10**9, "weight_seed")
        if not self.features or len(set(self.features)) != len(self.features):
            raise ValueError("choose at least one input feature, each once")
        for f in self.features:
            _one_of(f, tuple(ds.FEATURES), "feature")
        if len(self.hidden) > MAX_LAYERS or any(not 1 <= n <= MAX_NEURONS for n in self.hidden):
            raise ValueError(f"hidden layers: at most {MAX_LAYERS}, each 1..{MAX_NEURONS} neurons")
        if len(self.activations) != len(self.hidden):
            raise ValueError("one activation per hidden layer")
        for a in self.activations:
            _one_of(a, ACTIVATIONS, "activation")
        _one_of(self.loss, LOSSES, "loss")
        _in_range(self.learning_rate, 1e-6, 10.0, "learning_rate", open_low=True)
        _one_of(self.optimizer, OPTIMIZERS, "optimizer")
        _one_of(self.regularization, REGULARIZATIONS, "regularization")
        _in_range(self.reg_rate, 0.0, 10.0, "reg_rate")
        _in_range(self.dropout, 0.0, 0.9, "dropout")
        _one_of(self.init, INITS, "init")
        _int_range(self.max_epochs, 0, 10**7, "max_epochs")
        _int_range(self.patience, 0, 10**7, "patience")

    # -------------------------------------------------------------- derived
    @property
    def l1(self) -> float:
        return float(self.reg_rate) if self.regularization == "l1" else 0.0

    @property
    def l2(self) -> float:
        return float(self.reg_rate) if self.regularization == "l2" else 0.0

    def classes(self, data: ds.Dataset | None = None) -> int:
        """Number of classes k (0 for regression): the data's own count for user data, else the data set's."""
        if self.task == "regression":
            return 0
        if data is not None:
            return int(data.n_classes)
        return int(self.n_classes) if self.dataset in MULTICLASS_DATASETS else 2

    def output(self, k: int) -> tuple[int, str, str]:
        """(output units, output activation, nncore loss name) for k classes (0 = regression).

        binary: 1 sigmoid unit, log loss ("bce") or squared error; k ≥ 3: k softmax units, cross-entropy or
        squared error; regression: 1 linear unit, squared error.
        """
        if k == 0:
            return 1, "linear", "mse"
        if k == 2:
            return 1, "sigmoid", "bce" if self.loss == "log" else "mse"
        return k, "softmax", "cross_entropy" if self.loss == "log" else "mse"

    def layer_sizes(self, k: int) -> list[int]:
        return [len(self.features), *self.hidden, self.output(k)[0]]

    def to_dict(self) -> dict:
        d = asdict(self)
        for name in ("features", "hidden", "activations"):
            d[name] = list(d[name])
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "Config":
        """A Config from :meth:`to_dict` output; unknown keys are ignored, missing keys take defaults."""
        if not isinstance(data, dict):
            raise ValueError("config must be a mapping")
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def network_key(self) -> tuple:
        """Settings that define the network or its data: a change builds a new run (TF resets)."""
        return (self.task, self.dataset, self.n_classes, self.noise, self.train_ratio, self.features, self.hidden,
                self.activations, self.loss, self.optimizer, self.dropout, self.init, self.weight_seed,
                self.patience > 0)  # early stopping on or off changes the training set (validation held out)


def _one_of(value, options, name):
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(str, options))}, got {value!r}")


def _in_range(value, lo, hi, name, open_low=False):
    x = float(value)
    if not math.isfinite(x) or x > hi or (x <= lo if open_low else x < lo):
        raise ValueError(f"{name} must be in {'(' if open_low else '['}{lo}, {hi}], got {value!r}")


def _int_range(value, lo, hi, name):
    if isinstance(value, bool) or int(value) != value or not lo <= int(value) <= hi:
        raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value!r}")


# ------------------------------------------------------------------------------------------ helpers


def confusion_matrix(y_true, y_pred, k: int) -> np.ndarray:
    """C[i, j] = number of examples of true class i predicted as class j; (k, k) int64.

    The diagonal holds the correct predictions, so accuracy = trace(C) / ΣC.
    """
    y_true = np.asarray(y_true, dtype=np.int64).reshape(-1)
    y_pred = np.asarray(y_pred, dtype=np.int64).reshape(-1)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same length, got {y_true.shape} and {y_pred.shape}")
    if y_true.size and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= k):
        raise ValueError(f"labels must be in 0..{k - 1}")
    C = np.zeros((k, k), dtype=np.int64)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def confusion_shares(C) -> np.ndarray:
    """Each row of a confusion matrix as shares of that true class: S[i, j] = C[i, j] / Σ_j C[i, j] (a row without
    examples is all 0). The diagonal S[i, i] is the share of class i recognised (its recall); colouring by S makes
    the matrices of different data (training / test) and of unequal classes comparable."""
    C = np.asarray(C, dtype=np.float64)
    rows = C.sum(axis=1, keepdims=True)
    return np.divide(C, rows, out=np.zeros_like(C), where=rows > 0)


def quantize(values, lo: float, hi: float) -> np.ndarray:
    """Values on [lo, hi] as bytes 0 … 255 (uint8): q = round(255 · (clip(v, lo, hi) − lo) / (hi − lo)).

    What the live view sends of every map (one byte per grid point, a quarter of float32); the value is back as
    lo + q · (hi − lo) / 255, within (hi − lo) / 510 of the clipped value. NaN gives 0."""
    v = np.asarray(values, dtype=np.float64)
    if not hi > lo:
        raise ValueError(f"quantize needs lo < hi, got {lo}, {hi}")
    with np.errstate(invalid="ignore"):
        scaled = (np.clip(v, lo, hi) - lo) * (255.0 / (hi - lo))
    return np.rint(np.nan_to_num(scaled, nan=0.0)).astype(np.uint8)


def class_shade(probs: np.ndarray, discretize: bool = False) -> np.ndarray:
    """One number per point for a banded colour scale of k classes: ĉ + confidence, in [0, k).

    ĉ = argmax_k p_k is the predicted class; confidence = (max_k p_k − 1/k) / (1 − 1/k) ∈ [0, 1] (0: all classes
    equally likely, 1: certain). ``discretize=True`` gives ĉ + 0.999 (full colour). probs: (m, k) → (m,).
    """
    probs = np.asarray(probs, dtype=np.float64)
    k = probs.shape[1]
    label = np.argmax(probs, axis=1)
    if discretize:
        return label + 0.999
    conf = (probs.max(axis=1) - 1.0 / k) / (1.0 - 1.0 / k)
    return label + np.clip(conf, 0.0, 0.999)


def data_bounds(X, pad: float = 0.1) -> tuple[tuple[float, float], tuple[float, float]]:
    """The plotted square for user data: each axis' [min, max] widened by ``pad`` of its range (a flat axis
    gets ±1). For the generated sets the square is :data:`nncore.datasets.PLAYGROUND_BOUNDS`."""
    X = np.asarray(X, dtype=np.float64)
    out = []
    for j in range(2):
        lo, hi = float(X[:, j].min()), float(X[:, j].max())
        span = hi - lo
        if span <= 0:
            lo, hi, span = lo - 1.0, hi + 1.0, 2.0
        out.append((lo - pad * span, hi + pad * span))
    return out[0], out[1]


def thin(values, max_points: int = 400) -> np.ndarray:
    """Indices of at most ``max_points`` evenly spaced entries of a series, always including the last one
    (so a long loss curve stays small on screen)."""
    n = len(values)
    if n <= max_points:
        return np.arange(n)
    idx = np.unique(np.linspace(0, n - 1, max_points).round().astype(np.int64))
    return idx


def previews(task: str, noise: float = 0.0, seed: int = 0, n_classes: int = 3,
             n_samples: int = PREVIEW_SAMPLES) -> list[tuple[str, ds.Dataset, int]]:
    """A small sample of every data set offered for ``task`` (the thumbnails the student picks from): for each
    name in ``DATASETS[task]``, (name, ``n_samples`` points drawn by the same generator with the same noise, seed
    and class count as the run would use, k) with k the class count (0 for regression, 2 binary, ``n_classes``
    for the k-class sets)."""
    _one_of(task, TASKS, "task")
    out = []
    for name in DATASETS[task]:
        cfg = Config(task=task, dataset=name, n_classes=n_classes, noise=noise, seed=seed)
        kw = {"n_classes": cfg.n_classes} if name in MULTICLASS_DATASETS else {}
        out.append((name, ds.make(name, int(n_samples), cfg.noise, seed=cfg.seed, **kw), cfg.classes()))
    return out


def model_sizes(net: MLP) -> list[tuple[str, tuple[int, int], tuple[int], int]]:
    """Per layer l = 1 … L: (activation name, W shape, b shape, parameter count). Σ counts = net.n_params()."""
    names = net.hidden_names + [net.output]
    return [(name, W.shape, b.shape, int(W.size + b.size)) for name, W, b in zip(names, net.weights, net.biases)]


# ------------------------------------------------------------------------------------------ a run


@dataclass
class Frame:
    """What one drawn frame shows: epoch, losses, accuracies (None for regression / without test or validation
    data)."""

    epoch: int
    train_loss: float
    test_loss: float | None
    train_acc: float | None
    test_acc: float | None
    val_loss: float | None = None
    val_acc: float | None = None


@dataclass
class LiveFrame:
    """Everything the live view paints in one frame, computed here (the browser only paints).

    ``map_kind``: "binary" (``map_q`` = P(class 1) on [0, 1]), "classes" (``map_class`` = argmax class,
    ``map_q`` = confidence on [0, 1], see :func:`class_shade`) or "value" (regression output or a neuron's output,
    on ``map_range``); ``map_q`` is :func:`quantize` (bytes), ``map_exact`` the float values (the view sends them while
    paused, for exact hover values). ``units[l]``: layer l's neuron maps (n_l, r, r) quantized on
    :data:`UNIT_RANGE` (layer 0 = the input features, the last = the output units). ``links[l]``: W[l] or its
    gradient. ``history``: thinned epochs and train / test / validation losses. ``confusion``: (which, C, shares)
    for "train" and "test" (classification)."""

    epoch: int
    status: str
    frame: Frame
    k: int
    bounds: tuple
    map_kind: str
    map_range: tuple
    map_q: np.ndarray
    map_class: np.ndarray | None
    map_exact: np.ndarray
    unit_res: int
    units: list
    weights: list
    biases: list
    links: list
    history: dict
    confusion: list


@dataclass
class Playground:
    """One student's run: data, split, network, trainer.

    ``Playground(cfg)`` generates the data of ``cfg``; ``Playground(cfg, data=dataset)`` uses a user's data set
    (X with two columns). :meth:`update` applies a new config the way TF does (see the module docstring).
    """

    config: Config
    data: ds.Dataset | None = None
    user_data: bool = False
    net: MLP = field(init=False)
    trainer: Trainer = field(init=False)
    status: str = field(init=False, default="ready")  # ready | diverged | max_epochs | plateau

    def __post_init__(self) -> None:
        self.user_data = self.data is not None
        self._grid_cache: dict = {}
        self._build_data()
        self._build_network()

    # -------------------------------------------------------------- building
    def _build_data(self) -> None:
        cfg = self.config
        if not self.user_data:
            kw = {"n_classes": cfg.n_classes} if cfg.dataset in MULTICLASS_DATASETS else {}
            self.data = ds.make(cfg.dataset, N_SAMPLES[cfg.task], cfg.noise, seed=cfg.seed, **kw)
        data = self.data
        if data.n_features != 2:
            raise ValueError("the playground needs exactly two input columns (x1, x2)")
        self.k = cfg.classes(data) if self.user_data else cfg.classes()
        Xtr, Xte, ytr, yte = ds.train_test_split(data.X, data.y, cfg.train_ratio, seed=cfg.seed)
        Xva, yva = Xtr[:0], ytr[:0]
        if cfg.patience > 0 and len(Xtr) >= 4:
            # early stopping watches held-out validation points taken from the training data, never the test data
            Xtr, Xva, ytr, yva = ds.train_test_split(Xtr, ytr, 1.0 - VAL_SHARE, seed=cfg.seed + 1)
        self.X_train, self.X_test, self.y_train, self.y_test = Xtr, Xte, ytr, yte
        self.X_val, self.y_val = Xva, yva
        self.F_train = ds.make_features(Xtr, cfg.features)
        self.F_test = ds.make_features(Xte, cfg.features)
        self.F_val = ds.make_features(Xva, cfg.features)
        self.Y_train, self.Y_test, self.Y_val = self.targets(ytr), self.targets(yte), self.targets(yva)
        self.bounds = data_bounds(data.X) if self.user_data else (ds.PLAYGROUND_BOUNDS, ds.PLAYGROUND_BOUNDS)
        self._grid_cache = {}

    def targets(self, y) -> np.ndarray:
        """Network targets: one-hot rows for k ≥ 3 classes, one column (0/1 or the value) otherwise."""
        if self.k >= 3:
            return ds.one_hot(y, self.k)
        return np.asarray(y, dtype=np.float64).reshape(-1, 1)

    def _build_network(self) -> None:
        cfg = self.config
        n_out, output, loss = cfg.output(self.k)
        drop = None if cfg.dropout == 0 else cfg.dropout  # the engine takes the drop rate too
        self.net = MLP(cfg.layer_sizes(self.k), hidden=list(cfg.activations), output=output, init=cfg.init,
                       seed=cfg.weight_seed, dropout=drop)
        self._new_trainer(make_optimizer(cfg.optimizer, cfg.learning_rate), keep_history=False)
        self.status = "ready"
        self._reset_watch()

    def _reset_watch(self) -> None:
        """Forget the early-stopping record: the validation losses per evaluated epoch and the best one so far."""
        self.val_history: dict = {"epoch": [], "loss": []}
        self.best: tuple | None = None  # (validation loss, epoch, weights, biases) of the best evaluated epoch

    def _new_trainer(self, optimizer, keep_history: bool) -> None:
        cfg = self.config
        old = getattr(self, "trainer", None)
        self.trainer = Trainer(self.net, self.F_train, self.Y_train, loss=cfg.output(self.k)[2], optimizer=optimizer,
                               batch_size=cfg.batch_size, l1=cfg.l1, l2=cfg.l2, X_test=self.F_test,
                               Y_test=self.Y_test, seed=cfg.weight_seed, classify=self.k > 0)
        if keep_history and old is not None:
            self.trainer.epoch, self.trainer.history = old.epoch, old.history
            self.trainer.rng = old.rng
            self._start = getattr(self, "_start", None)
        else:
            f = self.frame()  # the loss curve starts at epoch 0, before any training
            self._start = (self.trainer.epoch, f.train_loss, f.test_loss, f.val_loss)

    def update(self, cfg: Config, data: ds.Dataset | None = None) -> str:
        """Apply a new config; returns what happened: "none", "rates" (learning rate / regularization / batch
        size changed, training continues), "regenerated" (new data seed, weights kept) or "rebuilt"."""
        new_data = data is not None and data is not self.data
        if new_data or (data is None and self.user_data) or cfg.network_key() != self.config.network_key():
            self.config = cfg
            self.data = data
            self.user_data = data is not None
            self._build_data()
            self._build_network()
            return "rebuilt"
        what = "none"
        if cfg.seed != self.config.seed:
            self.config = cfg
            self._build_data()
            self._new_trainer(self.trainer.optimizer, keep_history=True)
            what = "regenerated"
        old, self.config = self.config, cfg
        t = self.trainer
        if cfg.learning_rate != t.optimizer.learning_rate:
            t.set_learning_rate(cfg.learning_rate)
            what = "rates" if what == "none" else what
        if (cfg.l1, cfg.l2, cfg.batch_size) != (t.l1, t.l2, t.batch_size):
            t.l1, t.l2, t.batch_size = cfg.l1, cfg.l2, cfg.batch_size
            what = "rates" if what == "none" else what
        if self.status == "diverged" and what == "rates":
            # a smaller rate after a divergence: go on from the last finite weights with a fresh optimizer
            self._new_trainer(make_optimizer(cfg.optimizer, cfg.learning_rate), keep_history=True)
            self.status = "ready"
        if (cfg.max_epochs, cfg.patience) != (old.max_epochs, old.patience) and self.status in ("max_epochs",
                                                                                                "plateau"):
            self.status = "ready"
        return what

    def reset(self) -> None:
        """Start again from the config's starting weights (the same ones for the same ``weight_seed``)."""
        self._build_network()

    def load_weights(self, net: MLP) -> None:
        """Put an imported network's weights in (shapes must match) and start training from them."""
        self.net.set_params(net.weights, net.biases)
        self._new_trainer(make_optimizer(self.config.optimizer, self.config.learning_rate), keep_history=False)
        self.status = "ready"
        self._reset_watch()

    # -------------------------------------------------------------- training
    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    @property
    def divergence(self) -> Divergence | None:
        return self.trainer.divergence

    @property
    def running(self) -> bool:
        """False once training stopped (divergence, epoch limit, no improvement)."""
        return self.status == "ready"

    def step(self, n_epochs: int = 1) -> int:
        """Train up to ``n_epochs`` epochs (one evaluation at the end: one drawn frame). Stops — and sets
        :attr:`status` — on divergence, at ``max_epochs``, or when the validation loss has not improved for
        ``patience`` epochs. Returns the number of epochs run.

        On a divergence the frame is trained again from its start with an evaluation after every epoch, so the
        history holds every finite epoch up to the one that diverged (the student sees the loss explode) and the
        epoch counter stands at the last finite epoch (``divergence.epoch − 1``), whose weights are kept.

        Early stopping: after each frame the validation loss is computed; the weights of the best epoch are kept
        aside, and when ``patience`` epochs have passed without a better one training stops and the best weights
        are put back (:attr:`best` says which epoch they are from)."""
        if not self.running:
            return 0
        cfg, t = self.config, self.trainer
        n = int(n_epochs)
        if cfg.max_epochs:
            n = min(n, cfg.max_epochs - t.epoch)
            if n <= 0:
                self.status = "max_epochs"
                return 0
        start = t.checkpoint() if n > 1 else None
        done = t.run(n, eval_every=n)
        if t.divergence is not None:
            if start is not None:
                # back to the frame's start (weights, optimizer, generator); replay it epoch by epoch
                t.rewind(start)
                done = t.run(n, eval_every=1)
            self.status = "diverged"
            return done
        if cfg.max_epochs and t.epoch >= cfg.max_epochs:
            self.status = "max_epochs"
        if cfg.patience and len(self.F_val):
            self._watch_validation()
        return done

    def checkpoint(self) -> tuple:
        """The run's state now (the trainer's :class:`~nncore.training.Checkpoint`, the stopping status and the
        early-stopping record), for :meth:`rewind`."""
        return (self.config, self.trainer, self.trainer.checkpoint(), self.status, len(self.val_history["epoch"]),
                self.best)

    def rewind(self, cp: tuple) -> bool:
        """Go back to a :meth:`checkpoint` of this run — the weights, losses and curves of that epoch, and the same
        epochs after it as the first time. Returns False (and changes nothing) if the run was rebuilt or its config
        changed since, or if the checkpoint is not from its past."""
        config, trainer, tcp, status, n_val, best = cp
        if config != self.config or trainer is not self.trainer or tcp.epoch > trainer.epoch:
            return False
        trainer.rewind(tcp)
        self.status, self.best = status, best
        for values in self.val_history.values():
            del values[n_val:]
        return True

    def _watch_validation(self) -> None:
        """Record the validation loss of the current weights; keep the best epoch's weights; stop (and put them
        back) once ``patience`` epochs passed without a better validation loss."""
        net, t = self.net, self.trainer
        with np.errstate(all="ignore"):
            loss = float(net._evaluate(self.F_val, self.Y_val, t.loss, self.k > 0)[0])
        self.val_history["epoch"].append(t.epoch)
        self.val_history["loss"].append(loss)
        if self.best is None or loss < self.best[0] - 1e-12:
            self.best = (loss, t.epoch, [W.copy() for W in net.weights], [b.copy() for b in net.biases])
        elif t.epoch - self.best[1] >= self.config.patience:
            self.status = "plateau"
            self.net.set_params(self.best[2], self.best[3])

    @property
    def test_sealed(self) -> bool:
        """With early stopping (a validation split) the test data stay unseen while training runs: the model is
        chosen on the validation loss, and its test loss is measured once, when training has stopped."""
        return len(self.F_val) > 0 and self.status == "ready"

    def frame(self) -> Frame:
        """Losses and accuracies of the current weights (computed fresh: valid before any epoch too)."""
        net, loss = self.net, self.trainer.loss
        with np.errstate(all="ignore"):
            train_loss, train_acc = net._evaluate(self.F_train, self.Y_train, loss, self.k > 0)
            test_loss = test_acc = val_loss = val_acc = None
            if len(self.F_test):
                test_loss, test_acc = net._evaluate(self.F_test, self.Y_test, loss, self.k > 0)
            if len(self.F_val):
                val_loss, val_acc = net._evaluate(self.F_val, self.Y_val, loss, self.k > 0)
        return Frame(self.epoch, float(train_loss), None if test_loss is None else float(test_loss),
                     train_acc, test_acc, None if val_loss is None else float(val_loss), val_acc)

    def live(self, map_res: int = 100, unit_res: int = 25, show: tuple[int, int] | None = None,
             discretize: bool = False, gradients: bool = False, max_points: int = 400) -> LiveFrame:
        """One frame of the live view (see :class:`LiveFrame`): the big map (the output, or neuron ``show`` =
        (layer, j)), every neuron's map, weights, biases, links (weights or their gradients), losses, thinned loss
        history and the confusion matrices."""
        frame, sealed = self.frame(), self.test_sealed
        if sealed:
            frame = replace(frame, test_loss=None, test_acc=None)
        if show is None:
            k = self.k
            out = self.output_map(map_res)
            if k >= 3:
                probs = out.reshape(-1, k)
                label = np.argmax(probs, axis=1)
                shade = class_shade(probs, discretize)
                conf = shade - label
                kind, rng, exact = "classes", (0.0, 1.0), shade.reshape(map_res, map_res)
                q, cls = quantize(conf, 0.0, 1.0).reshape(map_res, map_res), label.astype(np.uint8).reshape(map_res,
                                                                                                             map_res)
            else:
                exact = self.shade_map(map_res, discretize)
                kind, rng, cls = ("binary" if k == 2 else "value"), MAP_RANGE[k], None
                q = quantize(exact, *rng)
        else:
            layer, j = show
            exact = self.unit_map(layer, j, map_res)
            kind, rng, cls = "value", UNIT_RANGE, None
            q = quantize(exact, *rng)
        units = [quantize(m, *UNIT_RANGE) for m in self.neuron_maps(unit_res)]
        links = self.gradients() if gradients else [W.copy() for W in self.net.weights]
        h = self.trainer.history
        idx = thin(h.epoch, max_points)
        # a run with a validation split never draws a test curve: its test loss is one number, once it has stopped
        has_test = bool(h.test_loss) and h.test_loss[-1] is not None and not len(self.F_val)
        vh = self.val_history
        vidx = thin(vh["epoch"], max_points)
        start = [self._start] if self._start is not None and (not h.epoch or h.epoch[0] > self._start[0]) else []
        has_test = has_test or bool(start and start[0][2] is not None and not len(self.F_val))
        history = {"epoch": [s[0] for s in start] + [h.epoch[i] for i in idx],
                   "train": [s[1] for s in start] + [h.train_loss[i] for i in idx],
                   "test": ([s[2] for s in start] + [h.test_loss[i] for i in idx]) if has_test else [],
                   "val_epoch": [s[0] for s in start if s[3] is not None] + [vh["epoch"][i] for i in vidx],
                   "val": [s[3] for s in start if s[3] is not None] + [vh["loss"][i] for i in vidx],
                   # the epoch that diverged (its loss is not finite or past 10¹²), drawn as a mark at the top
                   "diverged": self.divergence.epoch if self.status == "diverged" and self.divergence else None}
        confusion = [(which, C, confusion_shares(C)) for which in (("train",) if sealed else ("train", "test"))
                     for C in [self.confusion(which)]] if self.k else []
        return LiveFrame(self.epoch, self.status, frame, self.k, self.bounds, kind, rng, q, cls, exact, unit_res,
                         units, [W.copy() for W in self.net.weights], [b.copy() for b in self.net.biases], links,
                         history, confusion)

    # -------------------------------------------------------------- maps
    def _grid(self, res: int):
        if res not in self._grid_cache:
            xx, yy, points = ds.grid(self.bounds, res)
            self._grid_cache[res] = (xx[0].copy(), yy[:, 0].copy(), ds.make_features(points, self.config.features))
        return self._grid_cache[res]

    def grid_axes(self, res: int = 100) -> tuple[np.ndarray, np.ndarray]:
        xs, ys, _ = self._grid(res)
        return xs, ys

    def output_map(self, res: int = 100) -> np.ndarray:
        """The network output on the res × res grid: (res, res, n_out) (one forward pass, no dropout)."""
        _, _, F = self._grid(res)
        return self.net.predict(F).reshape(res, res, -1)

    def shade_map(self, res: int = 100, discretize: bool = False) -> np.ndarray:
        """What the big heatmap colours, (res, res): P(class 1) for binary (0/1 when discretized), the output value
        for regression, :func:`class_shade` for k classes."""
        out = self.output_map(res)
        if self.k >= 3:
            return class_shade(out.reshape(-1, self.k), discretize).reshape(res, res)
        value = out[:, :, 0]
        if discretize and self.k == 2:
            return (value >= 0.5).astype(np.float64)
        return value

    def neuron_maps(self, res: int = 25) -> list[np.ndarray]:
        """Every unit's output over the input square: one array (n_units, res, res) per layer 0 … L
        (layer 0: the input features themselves). One forward pass on the res² grid points."""
        _, _, F = self._grid(res)
        trace = self.net.forward(F)
        return [a.T.reshape(a.shape[1], res, res) for a in trace.A]

    def unit_map(self, layer: int, unit: int, res: int = 100) -> np.ndarray:
        """Output of one unit (layer l ≥ 0, unit j) on the res × res grid."""
        _, _, F = self._grid(res)
        return self.net.forward(F).A[layer][:, unit].reshape(res, res)

    def gradients(self) -> list[np.ndarray]:
        """∂objective/∂W[l] on the whole training set at the current weights (what the links show in gradient
        mode): cost gradient + λ₁ sign(W) + λ₂ W."""
        t = self.trainer
        trace = self.net.forward(self.F_train)
        return self.net.backward(trace, self.Y_train, t.loss, t.l1, t.l2).dW

    def predictions(self, which: str = "train") -> np.ndarray:
        F = self.F_train if which == "train" else self.F_test
        return self.net.predict_labels(F)

    def confusion(self, which: str = "train") -> np.ndarray:
        """Confusion matrix (k, k) on the training or test points (classification only)."""
        y = self.y_train if which == "train" else self.y_test
        if len(y) == 0:
            return np.zeros((max(self.k, 2),) * 2, dtype=np.int64)
        return confusion_matrix(y, self.predictions(which), max(self.k, 2))


# ------------------------------------------------------------------------------------------ export / import

FORMAT = "nncore.playground/1"
MAX_MODEL_BYTES = 2 * 1024 * 1024


def export_model(pg: Playground) -> dict:
    """The trained model as a JSON-ready dict: format tag, the config, the epoch, the class count and
    :meth:`MLP.to_dict` (weights as exact float lists)."""
    return {"format": FORMAT, "config": pg.config.to_dict(), "epoch": pg.epoch, "n_classes": pg.k,
            "model": pg.net.to_dict()}


def import_model(blob: bytes | str | dict) -> tuple[Config, MLP, int]:
    """Read an :func:`export_model` file back: (config, network, n_classes). Every problem raises
    :class:`ModelFileError` with a code (never a crash, never partial state)."""
    if isinstance(blob, (bytes, bytearray)):
        if len(blob) > MAX_MODEL_BYTES:
            raise ModelFileError("too_large", f"model file larger than {MAX_MODEL_BYTES} bytes")
        try:
            blob = blob.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ModelFileError("json", "model file is not UTF-8 text") from None
    if isinstance(blob, str):
        try:
            blob = json.loads(blob)
        except (ValueError, RecursionError):
            raise ModelFileError("json", "model file is not valid JSON") from None
    if not isinstance(blob, dict) or blob.get("format") != FORMAT:
        raise ModelFileError("format", f"not a playground model (format must be {FORMAT!r})")
    try:
        cfg = Config.from_dict(blob.get("config"))
    except (TypeError, ValueError) as exc:
        raise ModelFileError("config", f"invalid settings: {exc}") from None
    k = blob.get("n_classes")
    if isinstance(k, bool) or not isinstance(k, int) or not (k == 0 or 2 <= k <= 5):
        raise ModelFileError("config", "n_classes must be 0 (regression) or 2..5")
    if (k == 0) != (cfg.task == "regression"):
        raise ModelFileError("mismatch", "n_classes does not fit the task")
    try:
        net = MLP.from_dict(blob.get("model"))
    except (TypeError, ValueError, KeyError) as exc:
        raise ModelFileError("model", f"invalid weights: {exc}") from None
    n_out, output, _ = cfg.output(k)
    if net.layer_sizes != cfg.layer_sizes(k) or net.hidden_names != list(cfg.activations) or net.output != output:
        raise ModelFileError("mismatch", "the weights do not fit the settings (layer sizes or activations)")
    return cfg, net, k


# ------------------------------------------------------------------------------------------ copy as Python


def python_snippet(cfg: Config, epochs: int) -> str:
    """A script that reproduces the run with nncore: same data, split, features, network, trainer; ``epochs``
    epochs (the weights equal the playground's when the learning rate was not changed during the run)."""
    if cfg.dataset == "user":
        raise ValueError("user data cannot be reproduced from the settings alone")
    k = cfg.classes()
    n_out, output, loss = cfg.output(k)
    kw = f", n_classes={cfg.n_classes}" if cfg.dataset in MULTICLASS_DATASETS else ""
    drop = "None" if cfg.dropout == 0 else repr(cfg.dropout)
    if k >= 3:
        targets = f"Y_train, Y_test = ds.one_hot(y_train, {k}), ds.one_hot(y_test, {k})"
    else:
        targets = "Y_train, Y_test = y_train.reshape(-1, 1).astype(float), y_test.reshape(-1, 1).astype(float)"
    return f'''import nncore
from nncore import datasets as ds

data = ds.make({cfg.dataset!r}, {N_SAMPLES[cfg.task]}, {cfg.noise!r}, seed={cfg.seed}{kw})
X_train, X_test, y_train, y_test = ds.train_test_split(data.X, data.y, {cfg.train_ratio!r}, seed={cfg.seed})
features = {list(cfg.features)!r}
F_train, F_test = ds.make_features(X_train, features), ds.make_features(X_test, features)
{targets}
net = nncore.MLP({cfg.layer_sizes(k)!r}, hidden={list(cfg.activations)!r}, output={output!r},
                 init={cfg.init!r}, seed={cfg.weight_seed}, dropout={drop})
trainer = nncore.Trainer(net, F_train, Y_train, loss={loss!r},
                         optimizer=nncore.make_optimizer({cfg.optimizer!r}, {cfg.learning_rate!r}),
                         batch_size={cfg.batch_size}, l1={cfg.l1!r}, l2={cfg.l2!r},
                         X_test=F_test, Y_test=Y_test, seed={cfg.weight_seed})
trainer.run({int(epochs)})
print(trainer.epoch, trainer.history.train_loss[-1] if trainer.history.train_loss else None)
'''


# ------------------------------------------------------------------------------------------ check yourself

#: what early stopping watches in the playground (:meth:`Playground.step`): never the test data
EARLY_STOPPING_WATCHES = "validation"
#: a confusion matrix to read (rows: true class 0, 1; columns: predicted class 0, 1)
CHECK_CONFUSION = ((45, 5), (12, 38))


def parameter_count(hidden, n_out: int = 1, n_in: int = 2) -> int:
    """Weights and biases of a playground network with ``n_in`` inputs, the ``hidden`` layer sizes and ``n_out``
    outputs: Σ_l (n_{l−1} + 1) · n_l (nncore's MLP counts them)."""
    return MLP([int(n_in), *map(int, hidden), int(n_out)]).n_params()


def class_recall(C, c: int) -> float:
    """Share of the examples of true class ``c`` predicted as ``c``: C[c, c] / Σ_j C[c, j]."""
    return float(confusion_shares(C)[c, c])


def best_split_accuracy(values, y) -> float:
    """The best accuracy of one threshold on one feature (either side may be class 1): how well a network with
    no hidden layer and that single input can separate two classes."""
    v = np.asarray(values, dtype=np.float64)
    y = np.asarray(y).astype(bool)
    order = np.argsort(v, kind="stable")
    ys = y[order]
    m = len(ys)
    # class 1 above the cut after the first i points (i = 0 … m): correct = zeros below + ones above
    zeros_below = np.concatenate([[0], np.cumsum(~ys)])
    ones_above = np.concatenate([[ys.sum()], ys.sum() - np.cumsum(ys)])
    correct = zeros_below + ones_above
    return float(max(correct.max(), (m - correct).max()) / m)


def xor_by_product(candidates=("x1x2", "x1sq", "x1"), seed: int = 0) -> str:
    """Of ``candidates``, the one input feature that makes TF's XOR data separable by a single neuron (the best
    one-threshold accuracy on the data set)."""
    data = ds.make("xor", N_SAMPLES["classification"], 0.0, seed=seed)
    scores = {f: best_split_accuracy(ds.make_features(data.X, [f])[:, 0], data.y) for f in candidates}
    return max(scores, key=scores.get)
