"""Training loop: epochs of (mini-)batch gradient descent that can be paused and resumed, with a history.

One epoch visits every training example once, in batches of ``batch_size`` (None = the whole set: batch
gradient descent; 1 = stochastic gradient descent), shuffled each epoch by the trainer's own generator.
If the cost or any parameter stops being finite, training stops, the parameters are put back to the last finite
ones, and :attr:`Trainer.divergence` says at which epoch and why — nothing NaN is ever kept or shown.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields

import numpy as np

from ._util import ParamList, as_rng, non_negative
from .losses import get_loss
from .mlp import MLP, Trace, _norms, _with_ones, _Workspace
from .optimizers import Optimizer, StepDecay, make_optimizer

__all__ = ["Trainer", "Divergence", "History", "Checkpoint"]


@dataclass(frozen=True)
class Divergence:
    """Why training stopped: ``epoch`` (1-based), ``reason`` code and a plain-language ``message``."""

    epoch: int
    reason: str  # "non_finite_loss" | "non_finite_params" | "exploding_loss"
    message: str
    limit: float = 1e12  # "exploding_loss": the loss above which training counts as diverged (Trainer.loss_limit)


@dataclass
class History:
    """Per-epoch records (index i is epoch i + 1). Test entries are None without test data."""

    epoch: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    test_acc: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)    # per epoch: array of ‖dW[l]‖ of the last batch
    weight_norms: list = field(default_factory=list)  # per epoch: array of ‖W[l]‖
    learning_rate: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.epoch)

    def best_test_epoch(self) -> int | None:
        """The epoch with the lowest test loss (early stopping point), or None without test data."""
        pairs = [(v, e) for v, e in zip(self.test_loss, self.epoch) if v is not None]  # test data may come later
        return int(min(pairs)[1]) if pairs else None


@dataclass(frozen=True)
class Checkpoint:
    """Everything training changes, copied at one moment (:meth:`Trainer.checkpoint`): the epoch, how long the
    history was, the parameters, the optimizer's state (momentum, moments, step count, learning rate), the
    regularisation rates and batch size, and the generator's state (shuffles and dropout masks)."""

    epoch: int
    n_history: int
    params: tuple
    optimizer: Optimizer
    rng_state: dict
    settings: tuple  # (l1, l2, batch_size)


class Trainer:
    """Train ``net`` on (X, Y) epoch by epoch.

    Parameters
    ----------
    net : the :class:`MLP` (updated in place).
    X, Y : training data, (m, n_0) and (m, n_L) (labels (m,) are accepted for one output unit).
    loss : "bce", "mse" or "cross_entropy".
    optimizer : an :class:`Optimizer` or a name (with ``learning_rate``).
    batch_size : None for full batch, k for mini-batches of k, 1 for stochastic.
    l1, l2 : regularisation rates (objective = cost + λ₁Σ|W| + λ₂/2 ΣW²); may be changed between epochs.
    X_test, Y_test : optional held-out data for the test curves.
    lr_decay : optional :class:`StepDecay`.
    seed : shuffling and dropout masks come from this generator only.
    classify : record accuracy (default: True unless the output is linear).
    """

    def __init__(self, net: MLP, X, Y, loss: str = "bce", optimizer: Optimizer | str = "sgd",
                 learning_rate: float = 0.1, batch_size: int | None = None, l1: float = 0.0, l2: float = 0.0,
                 X_test=None, Y_test=None, lr_decay: StepDecay | None = None, seed=0,
                 classify: bool | None = None):
        self.net = net
        self.X = net._check_X(X)
        self.Y = net._check_Y(Y, self.X.shape[0])
        self.loss_limit = loss_limit(self.Y)
        self.loss = get_loss(loss).name
        self.optimizer = optimizer if isinstance(optimizer, Optimizer) else make_optimizer(optimizer, learning_rate)
        self.base_rate = self.optimizer.learning_rate
        if batch_size is not None:
            batch_size = int(batch_size)
            if batch_size < 1:
                raise ValueError(f"batch_size must be ≥ 1 or None, got {batch_size}")
        self.batch_size = batch_size
        self.l1, self.l2 = non_negative(l1, "l1"), non_negative(l2, "l2")
        self.set_test_data(X_test, Y_test)
        self.lr_decay = lr_decay
        self.rng = as_rng(seed)
        self.classify = net.output != "linear" if classify is None else bool(classify)
        self.epoch = 0
        self.history = History()
        self.divergence: Divergence | None = None
        self._last_eval = None  # trace of the last evaluation pass, reused as the next forward pass
        self._good = None       # (epoch, weights, weight bytes) of the last evaluated, finite state
        self._inputs = None     # (X, [Xᵀ; 1]): the first layer's input with its row of ones, built once
        self._spaces = None     # (net, X, Y, X_test, {m or "full" or "test": workspace}): arrays every epoch reuses
        self._trusted = False   # inside run(): weights checked at its start, and only this trainer changes them
        self._params = None     # … and net.params(), made once for the whole run

    def set_test_data(self, X_test, Y_test) -> None:
        if X_test is None or Y_test is None or len(X_test) == 0:
            self.X_test = self.Y_test = None
        else:
            self.X_test = self.net._check_X(X_test)
            self.Y_test = self.net._check_Y(Y_test, self.X_test.shape[0])

    def set_learning_rate(self, rate: float) -> None:
        """Change the learning rate without resetting anything (momentum, moments, history stay)."""
        self.optimizer.learning_rate = rate
        self.base_rate = self.optimizer.learning_rate

    @property
    def diverged(self) -> bool:
        return self.divergence is not None

    def _with_ones(self) -> np.ndarray:
        """[Xᵀ; 1] of the training set (made once)."""
        if self._inputs is None or self._inputs[0] is not self.X:
            self._inputs = (self.X, _with_ones(self.X))
        return self._inputs[1]

    def _batches(self):
        """(X, Y, [Xᵀ; 1]) of each batch of this epoch."""
        m = self.X.shape[0]
        ones = self._with_ones()
        if self.batch_size is None or self.batch_size >= m:
            yield self.X, self.Y, ones  # the same objects: run_epoch relies on this to reuse the last evaluation
            return
        order = self.rng.permutation(m)
        for start in range(0, m, self.batch_size):
            idx = order[start:start + self.batch_size]
            inputs = ones[:, idx]
            yield inputs[:-1].T, self.Y[idx], inputs

    def run_epoch(self, evaluate: bool = True) -> bool:
        """One epoch. Returns False (and sets :attr:`divergence`) if training diverged, True otherwise.

        With ``evaluate=True`` (default) the parameters are checked for being finite and the cost and accuracy of
        the updated weights on the whole training set (and the test set) are computed and appended to
        :attr:`history`. ``evaluate=False`` only trains (what :meth:`run` does between evaluations); a divergence
        in such an epoch is caught at the next evaluation, which puts back the weights of the last good one.

        Each batch is a forward pass, a backward pass and an optimizer step — :meth:`MLP.forward`,
        :meth:`MLP.backward` and ``optimizer.step`` — done without re-checking the data, into arrays kept from epoch
        to epoch (``MLP._train_forward`` / ``_train_backward``: the same operations on the same numbers).
        """
        if self.divergence is not None:
            return False
        net = self.net
        if self.lr_decay is not None:
            self.optimizer.learning_rate = self.lr_decay.rate(self.base_rate, self.epoch)
        params = self._params if self._trusted else net.params()
        if not self._trusted:
            if self._good is None:
                self._snapshot()
            if self._last_eval is not None and not self._unchanged():
                self._last_eval = None
        # Full batch without dropout: the evaluation pass that ended the previous epoch ran on exactly these
        # weights and data, so it *is* this epoch's forward pass — reuse it.
        reuse, self._last_eval = self._last_eval, None
        fast = net._fast_trainable(self.loss)
        with np.errstate(all="ignore"):
            last = self._fast_epoch(params, reuse) if fast else self._general_epoch(params, reuse)
            self.epoch += 1
            if not evaluate:
                return True
            if fast:  # Σ x² of every weight matrix and bias vector at once, from the flat block
                squares = net._packed.squares(net._packed.flat)
                weight_norms, bias_squares = np.sqrt(squares[0::2]), squares[1::2]
            else:
                weight_norms, bias_squares = _norms(net.weights), _norms(net.biases) ** 2
            params_ok = bool(np.isfinite(weight_norms.sum() + bias_squares.sum()))
            train_loss, train_acc, evaluated = float("nan"), None, None
            if params_ok:
                train_loss, train_acc, evaluated = self._evaluate_train(fast)
        if not params_ok or not np.isfinite(train_loss) or train_loss > self.loss_limit:
            good_epoch, saved = self._good[0], self._good[1]
            if isinstance(saved, np.ndarray):  # the flat block, cut into the parameters' pieces
                if type(params) is ParamList:
                    params.flat[...] = saved
                else:
                    start = 0
                    for p in params:
                        p[...] = saved[start:start + p.size].reshape(p.shape)
                        start += p.size
            else:
                for p, q in zip(params, saved):
                    p[...] = q
            self.divergence = _explain(self.epoch, params_ok, train_loss, self.optimizer.learning_rate,
                                       self.loss_limit)
            self.epoch = good_epoch
            return False
        grad_norms = np.zeros(net.n_layers) if last is None else last.norms(net._packed) if fast else last.norms()
        self._record(train_loss, train_acc, grad_norms, weight_norms, fast)
        self._snapshot()
        full_batch = self.batch_size is None or self.batch_size >= self.X.shape[0]
        self._last_eval = evaluated if full_batch and net.dropout is None else None
        return True

    def _general_epoch(self, params, reuse):
        """One epoch through :meth:`MLP._forward` and :meth:`MLP._backward` (dropout, or weights that are not the
        network's own block). Returns the last batch's gradients."""
        net, drop, grads = self.net, self.net.dropout is not None, None
        for Xb, Yb, inputs in self._batches():
            if isinstance(reuse, Trace) and Xb is self.X:
                trace = reuse
            else:
                trace = net._forward(Xb, train=drop, rng=self.rng, strict=False, inputs=inputs)
            grads = net._backward(trace, Yb, self.loss, self.l1, self.l2, input_grad=False)
            self.optimizer.step(params, grads.params())
        return grads

    def _fast_epoch(self, params, reuse):
        """One epoch through :meth:`MLP._train_forward` and :meth:`MLP._train_backward`, in the trainer's
        workspaces. Returns the last batch's workspace (its gradients)."""
        net, m, size, step = self.net, self.X.shape[0], self.batch_size, self.optimizer.step
        full = self._space(m)  # holds [Xᵀ; 1] and Yᵀ of the whole training set
        if size is None or size >= m:
            if reuse is not full:
                net._train_forward(full)
            net._train_backward(full, full.Y, self.loss, self.l1, self.l2)
            step(params, full.grads)
            return full
        order = self.rng.permutation(m)
        ws = None
        for start in range(0, m, size):
            idx = order[start:start + size]
            ws = self._space(len(idx))
            np.take(full.act[0], idx, axis=1, out=ws.act[0], mode="clip")
            np.take(full.Y, idx, axis=1, out=ws.Y, mode="clip")
            net._train_forward(ws)
            net._train_backward(ws, ws.Y, self.loss, self.l1, self.l2)
            step(params, ws.grads)
        return ws

    def _evaluate_train(self, fast: bool):
        """Cost and accuracy of the current weights on the whole training set, and the pass that computed them."""
        net = self.net
        if fast:
            full = self._space(self.X.shape[0])
            net._train_forward(full)
            cost = net._cost_columns(full.z[-1], full.out, full.Y, self.loss, strict=False)
            return cost, (net._accuracy_columns(full.out, full.Y, full.labels) if self.classify else None), full
        trace = net._forward(self.X, strict=False, inputs=self._with_ones())
        return (*net._evaluate(self.X, self.Y, self.loss, self.classify, trace, strict=False), trace)

    def _space(self, m: int) -> _Workspace:
        """The workspace for batches of m examples, made on first use; the whole training set's ("full") holds
        [Xᵀ; 1] and Yᵀ, the test set's ("test") likewise. All made anew if the network or the data were replaced."""
        s = self._spaces
        if s is None or s[0] is not self.net or s[1] is not self.X or s[2] is not self.Y or s[3] is not self.X_test:
            s = self._spaces = (self.net, self.X, self.Y, self.X_test, {})
        spaces = s[4]
        key = "full" if m == self.X.shape[0] else m
        ws = spaces.get(key)
        if ws is None:
            if len(spaces) > 8:  # batch sizes seen before (the playground lets the student change it)
                for k in [k for k in spaces if k not in ("full", "test")]:
                    del spaces[k]
            ws = spaces[key] = _Workspace(self.net, m)
            if key == "full":
                ws.set_data(self.X, self.Y)
        return ws

    def _test_space(self) -> _Workspace:
        self._space(self.X.shape[0])  # (refreshes the cache if anything was replaced)
        spaces = self._spaces[4]
        ws = spaces.get("test")
        if ws is None:
            ws = spaces["test"] = _Workspace(self.net, self.X_test.shape[0])
            ws.set_data(self.X_test, self.Y_test)
        return ws

    def _snapshot(self) -> None:
        """Remember the current (finite) weights: divergence puts them back."""
        params = self.net.params()
        if type(params) is ParamList:  # one copy of the network's flat block
            saved = params.flat.copy()
            self._good = (self.epoch, saved, saved.tobytes())
        else:
            saved = [p.copy() for p in params]
            self._good = (self.epoch, saved, [p.tobytes() for p in saved])

    def checkpoint(self) -> Checkpoint:
        """A copy of the training state now; :meth:`rewind` goes back to it exactly — the epochs that follow are
        then the same, number for number, as the ones that followed the first time (the playground's Pause stops on
        the frame the student sees, though the server had already trained a few more)."""
        return Checkpoint(epoch=self.epoch, n_history=len(self.history),
                          params=tuple(p.copy() for p in self.net.params()),
                          optimizer=copy.deepcopy(self.optimizer), rng_state=self.rng.bit_generator.state,
                          settings=(self.l1, self.l2, self.batch_size))

    def rewind(self, cp: Checkpoint) -> None:
        """Go back to ``cp`` (taken from this trainer): parameters (written into the network's own arrays),
        optimizer, generator, epoch, settings; the history is cut back to what it held then. A divergence found
        since is forgotten with the epochs that led to it."""
        if cp.n_history > len(self.history) or cp.epoch > self.epoch:
            raise ValueError("a checkpoint from this trainer's past is needed (it holds a later epoch)")
        params = self.net.params()
        if len(params) != len(cp.params) or any(p.shape != q.shape for p, q in zip(params, cp.params)):
            raise ValueError("the checkpoint's parameters do not fit this network")
        for p, q in zip(params, cp.params):
            p[...] = q
        self.optimizer = copy.deepcopy(cp.optimizer)
        self.base_rate = self.optimizer.learning_rate
        self.rng.bit_generator.state = cp.rng_state
        self.l1, self.l2, self.batch_size = cp.settings
        h = self.history
        for f in fields(h):
            del getattr(h, f.name)[cp.n_history:]
        self.epoch, self.divergence, self._last_eval = cp.epoch, None, None
        self._snapshot()

    def _unchanged(self) -> bool:
        params, key = self.net.params(), self._good[2]
        if isinstance(key, bytes):
            data = params.flat.tobytes() if type(params) is ParamList else b"".join(p.tobytes() for p in params)
            return data == key
        return len(params) == len(key) and all(p.tobytes() == q for p, q in zip(params, key))

    def run(self, n_epochs: int, patience: int | None = None, eval_every: int = 1) -> int:
        """Run up to ``n_epochs`` epochs; stop early on divergence or, with ``patience``, when the test loss
        has not improved for that many evaluations. Returns the number of epochs run.

        ``eval_every`` = k evaluates (and records in :attr:`history`) only every k-th epoch and after the last
        one — the playground evaluates once per drawn frame, not after every epoch.
        """
        if self.divergence is not None:
            return 0
        if self._good is None or self._good[0] != self.epoch or not self._unchanged():
            self._snapshot()  # the weights were changed from outside (or never saved): start from them,
            self._last_eval = None  # and an evaluation pass of other weights is not their forward pass
        done, n_epochs, k = 0, int(n_epochs), max(1, int(eval_every))
        self._trusted, self._params = True, self.net.params()
        try:
            for i in range(n_epochs):
                evaluate = (self.epoch + 1) % k == 0 or i == n_epochs - 1
                if not self.run_epoch(evaluate=evaluate):
                    break
                done += 1
                if evaluate and patience is not None and self.plateaued(patience):
                    break
        finally:
            self._trusted, self._params = False, None
        return done

    def plateaued(self, patience: int) -> bool:
        """True when the test loss (train loss without test data) has not improved for ``patience`` epochs."""
        series = self.history.test_loss if self.X_test is not None else self.history.train_loss
        series = [v for v in series if v is not None]  # test data set after some epochs: those have no test loss
        if len(series) <= patience:
            return False
        best_before = min(series[:-patience])
        return min(series[-patience:]) >= best_before

    def _record(self, train_loss: float, train_acc, grad_norms, weight_norms, fast: bool = False) -> None:
        net, h = self.net, self.history
        h.epoch.append(self.epoch)
        h.train_loss.append(float(train_loss))
        h.train_acc.append(train_acc)
        h.learning_rate.append(self.optimizer.learning_rate)
        if self.X_test is not None:
            with np.errstate(all="ignore"):
                if fast:
                    ws = self._test_space()
                    net._train_forward(ws)
                    test_loss = net._cost_columns(ws.z[-1], ws.out, ws.Y, self.loss)
                    test_acc = net._accuracy_columns(ws.out, ws.Y, ws.labels) if self.classify else None
                else:
                    test_loss, test_acc = net._evaluate(self.X_test, self.Y_test, self.loss, self.classify)
            h.test_loss.append(float(test_loss))
            h.test_acc.append(test_acc)
        else:
            h.test_loss.append(None)
            h.test_acc.append(None)
        h.grad_norms.append(grad_norms)
        h.weight_norms.append(weight_norms)


def loss_limit(Y: np.ndarray) -> float:
    """The loss above which training counts as diverged: 10¹², or 10⁶ × the mean square of the targets when that is
    larger. Targets in the millions (prices in an uploaded file) give a squared error above 10¹² before the first
    step, which is a large scale, not a divergence.

    >>> loss_limit(np.array([[0.0], [1.0]])), loss_limit(np.array([[3e6]]))
    (1000000000000.0, 9e+18)
    """
    with np.errstate(over="ignore"):
        scale = float(np.mean(np.square(Y, dtype=np.float64))) if Y.size else 0.0
    return max(1e12, 1e6 * scale) if np.isfinite(scale) else 1e12


def _explain(epoch: int, params_ok: bool, loss: float, lr: float, limit: float = 1e12) -> Divergence:
    if not params_ok:
        return Divergence(epoch, "non_finite_params",
                          f"At epoch {epoch} the weights became infinite or NaN: each update overshot by more than "
                          f"it corrected, so the steps grew without bound. The learning rate {lr:g} is too large "
                          "for this problem; try a value 10× smaller.")
    if not np.isfinite(loss):
        return Divergence(epoch, "non_finite_loss",
                          f"At epoch {epoch} the loss stopped being a finite number. The learning rate {lr:g} is "
                          "probably too large; try a value 10× smaller.")
    return Divergence(epoch, "exploding_loss",
                      f"At epoch {epoch} the loss exploded past {limit:.3g}. The learning rate {lr:g} is too large; "
                      "try a value 10× smaller.", limit)

