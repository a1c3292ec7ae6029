"""nncore — the NumPy engine behind the neural-network explainer.

Every number the app shows comes from here. NumPy only; randomness only through ``np.random.Generator``
(``seed`` arguments); float64 throughout, unless a network is made with ``MLP(..., dtype="float32")``.

>>> import nncore
>>> net = nncore.MLP([2, 8, 1], hidden="tanh", output="sigmoid", seed=0)
>>> data = nncore.datasets.xor(200, noise=0.0, seed=0)

The engine (this package): activations, softmax, losses, information, init, mlp, optimizers, training,
regularization, ensemble, gradcheck, diagnostics, datasets, surfaces, perceptron. It never imports a lesson.

The lessons (``nncore.lessons.<page_id>``, one per page of the app, named by the page id): what one page computes,
built on the engine — ``from nncore.lessons import backprop``.
"""
from . import activations, diagnostics, gradcheck, information, init, losses, mlp, optimizers, regularization
from . import softmax as _softmax_module
from . import training
from ._util import Registry, UnknownNameError, as_rng
from .activations import ACTIVATIONS, Activation, get_activation, sigmoid
from .diagnostics import LayerStats, ShapeRow, histogram_shares, layer_stats, linear_collapse, shape_table
from .gradcheck import GradCheck, gradient_check, numeric_gradient, relative_error
from .information import cross_entropy_pq, entropy, kl_divergence, normalize, self_information
from .init import INITIALIZERS, init_layer
from .losses import LOSSES, Loss, bce_with_logits, cross_entropy_with_logits, get_loss
from .mlp import MLP, CourseView, Gradients, Trace
from .optimizers import OPTIMIZERS, Optimizer, Path, StepDecay, make_optimizer, optimize
from .regularization import (apply_dropout, dropout_mask, l1_grad, l1_penalty, l2_grad, l2_gradient_step,
                             l2_penalty, soft_threshold, weight_decay_step)
from .softmax import log_softmax, logsumexp, naive_softmax, softmax
from .training import Checkpoint, Divergence, History, Trainer

from . import datasets, ensemble, perceptron, surfaces  # noqa: E402

__version__ = "0.1.0"
