"""nncore — the NumPy engine behind the neural-network explainer.

Every number the app shows comes from here. NumPy only; randomness only through ``np.random.Generator``
(``seed`` arguments); float64 throughout.

>>> import nncore
>>> net = nncore.MLP([2, 8, 1], hidden="tanh", output="sigmoid", seed=0)
>>> data = nncore.datasets.xor(200, noise=0.0, seed=0)

Core: activations, softmax, losses, information, init, mlp, optimizers, training, regularization, gradcheck,
diagnostics, datasets, surfaces, neuron. Labs (one per page of the app): neuron_lab, forward_lab, graph (backprop),
descent_lab, generalization (regularization), classification_lab (softmax & entropy), playground.
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
from .training import Divergence, History, Trainer

from . import datasets, neuron, surfaces  # noqa: E402

# The lessons' labs: the engine-side computations of one page each (every number that page shows).
from . import (classification_lab, descent_lab, forward_lab, generalization, graph,  # noqa: E402
               neuron_lab, playground)

__version__ = "0.1.0"
