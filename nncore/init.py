"""Weight initialisation schemes.

Weights of a layer from n_in to n_out units have shape (n_in, n_out) (rows are examples, X @ W).

============== =============================================== ====================================
name           weights                                         biases
============== =============================================== ====================================
zeros          0 (every hidden unit stays identical: symmetry) 0
constant       ``scale`` (default 0.5): also symmetric          0
normal         N(0, 1) × ``scale`` (default 0.01, the course)  0
uniform        U[0, 1) × ``scale`` (default 1, the beans code)  U[0, 1) × ``scale`` (as the beans code)
xavier         N(0, 2 / (n_in + n_out)) × ``scale`` (gain 1)    0
xavier_uniform U(−a, a), a = √(6 / (n_in + n_out)) × ``scale``  0
he             N(0, 2 / n_in) × ``scale`` (for ReLU)            0
============== =============================================== ====================================
"""
from __future__ import annotations

import numpy as np

from ._util import Registry

__all__ = ["INITIALIZERS", "init_layer", "DEFAULT_SCALE"]

DEFAULT_SCALE = {"zeros": 0.0, "constant": 0.5, "normal": 0.01, "uniform": 1.0,
                 "xavier": 1.0, "xavier_uniform": 1.0, "he": 1.0}


def _zeros(n_in, n_out, scale, rng):
    return np.zeros((n_in, n_out)), np.zeros(n_out)


def _constant(n_in, n_out, scale, rng):
    return np.full((n_in, n_out), float(scale)), np.zeros(n_out)


def _normal(n_in, n_out, scale, rng):
    return rng.standard_normal((n_in, n_out)) * scale, np.zeros(n_out)


def _uniform(n_in, n_out, scale, rng):
    return rng.random((n_in, n_out)) * scale, rng.random(n_out) * scale


def _xavier(n_in, n_out, scale, rng):
    return rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / (n_in + n_out)) * scale, np.zeros(n_out)


def _xavier_uniform(n_in, n_out, scale, rng):
    a = np.sqrt(6.0 / (n_in + n_out)) * scale
    return rng.uniform(-a, a, (n_in, n_out)), np.zeros(n_out)


def _he(n_in, n_out, scale, rng):
    return rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in) * scale, np.zeros(n_out)


#: name → function ``(n_in, n_out, scale, rng) -> (W, b)`` (read-only).
INITIALIZERS = Registry("init scheme", {
    "zeros": _zeros, "constant": _constant, "normal": _normal, "uniform": _uniform,
    "xavier": _xavier, "xavier_uniform": _xavier_uniform, "he": _he,
})


def init_layer(name: str, n_in: int, n_out: int, rng: np.random.Generator,
               scale: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Initial (W, b) of one layer by scheme ``name``; ``scale`` None uses the scheme's default."""
    make = INITIALIZERS[name]
    scale = DEFAULT_SCALE[name] if scale is None else float(scale)
    if not np.isfinite(scale):
        raise ValueError(f"init scale must be finite, got {scale}")
    return make(n_in, n_out, scale, rng)
