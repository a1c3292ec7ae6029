"""Activation functions, each paired with its derivative.

Every activation is an :class:`Activation` with ``f(z)`` (the value) and ``df(z)`` (the derivative with respect to
the pre-activation z). Where the textbook writes the derivative through the output (σ′ = σ(1 − σ),
tanh′ = 1 − tanh²) the object also offers ``df_from_output(a)``, which the MLP uses in backprop.

Conventions at kinks and jumps (a derivative that does not exist at one point is given a value there):

- relu′(0) = 0, leaky_relu′(0) = slope, elu′(0) = alpha (the left-hand limit is used at z = 0);
- step(0) = 1 and sign(0) = +1 (the unit fires when the weighted sum *reaches* the threshold); their derivative is
  0 everywhere (it does not exist at 0) — which is why neither can be trained by gradient descent.

All functions are stable for |z| up to 1e4 and beyond: no overflow, no RuntimeWarning.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._util import Registry

__all__ = ["Activation", "ACTIVATIONS", "get_activation", "sigmoid"]

Array = np.ndarray


def sigmoid(z: Array) -> Array:
    """σ(z) = 1 / (1 + e^(−z)), computed through e^(−|z|) so that exp never overflows."""
    return _sigmoid(np.asarray(z, dtype=np.float64))


def _sigmoid(z: Array, out: Array | None = None) -> Array:
    """σ in the dtype of z (float64 or float32): 1/(1 + e) for z ≥ 0 and e/(1 + e) for z < 0, e = e^(−|z|) ≤ 1.

    The same operations as ``where(z ≥ 0, inv, e·inv)`` with inv = 1/(1 + e), in two buffers (``out``, if given,
    is the second): no exp can overflow, and σ(−40) stays 4.2e-18 instead of rounding to 0.
    """
    if z.ndim == 0:
        return _sigmoid(z.reshape(1)).reshape(())
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)                  # e^(−|z|) ∈ (0, 1]
    s = np.add(e, 1.0, out=out)
    np.divide(1.0, s, out=s)          # 1 / (1 + e)
    np.multiply(e, s, out=s, where=z < 0)
    return s


def _tanh(z: Array) -> Array:
    # np.tanh itself: on 500×8 it costs 3.2 µs in float64 (0.9 µs in float32) here, less than any exp-based form
    return np.tanh(z)


def _ftype(z: Array):
    """The float dtype results should have: z's own (float32 stays float32), float64 otherwise."""
    return z.dtype if z.dtype.kind == "f" else np.float64


def _softplus(z: Array) -> Array:
    with np.errstate(invalid="ignore"):  # a NaN input stays NaN, quietly, as in every other activation
        return np.logaddexp(0.0, z)


_GELU_C = float(np.sqrt(2.0 / np.pi))  # a Python float keeps float32 arrays float32


class Activation:
    """An activation function paired with its derivative.

    Parameters
    ----------
    name : registry name.
    f, df : callables ``z -> array`` (value and derivative with respect to z).
    df_from_output : optional ``a -> array`` giving f′ from the output a = f(z) (σ(1 − σ), 1 − tanh²).
    latex, dlatex : the formula of f and f′ in LaTeX.
    params : the parameters the object was built with (e.g. ``{"slope": 0.01}``).
    """

    def __init__(self, name: str, f: Callable, df: Callable, latex: str, dlatex: str,
                 df_from_output: Callable | None = None, params: dict | None = None):
        self.name = name
        self._f = f
        self._df = df
        self._df_from_output = df_from_output
        self.latex = latex
        self.dlatex = dlatex
        self.params = dict(params or {})
        #: optional ``(z, out) -> out`` writing f(z) into a given array (the MLP's forward pass); None: ``f``
        self._f_into: Callable | None = None
        grid = np.linspace(-20.0, 20.0, 40001)
        #: the largest |f′| over the real line (sampled densely on [−20, 20]); 0 for step and sign.
        self.peak_slope = float(np.max(np.abs(self._df(grid))))

    def f(self, z) -> Array:
        """The activation value f(z), elementwise."""
        return self._f(np.asarray(z, dtype=np.float64))

    def df(self, z) -> Array:
        """The derivative f′(z) with respect to z, elementwise (conventions at kinks: see module docstring)."""
        return self._df(np.asarray(z, dtype=np.float64))

    __call__ = f

    @property
    def has_output_derivative(self) -> bool:
        """True when f′ can be computed from the output alone (sigmoid, tanh)."""
        return self._df_from_output is not None

    def df_from_output(self, a) -> Array:
        """f′ written through the output a = f(z): σ′ = a(1 − a), tanh′ = 1 − a²."""
        if self._df_from_output is None:
            raise ValueError(f"{self.name}'s derivative cannot be computed from its output; use df(z)")
        return self._df_from_output(np.asarray(a, dtype=np.float64))

    def saturation_mask(self, z, rel: float = 0.05) -> Array:
        """Boolean mask of the saturated region: |f′(z)| < rel · peak |f′|.

        In a saturated region a change of z barely changes the output, so almost no gradient flows back.
        Step and sign have f′ = 0 everywhere: every z is "saturated".
        """
        slope = np.abs(self.df(z))
        if self.peak_slope == 0.0:
            return np.ones_like(slope, dtype=bool)
        return slope < rel * self.peak_slope

    def __repr__(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"Activation({self.name}{', ' + extra if extra else ''})"


def _make_sigmoid() -> Activation:
    act = Activation(
        "sigmoid", _sigmoid, lambda z: (lambda s: s * (1.0 - s))(_sigmoid(z)),
        latex=r"\sigma(z) = \frac{1}{1 + e^{-z}}", dlatex=r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
        df_from_output=lambda a: a * (1.0 - a))
    act._f_into = _sigmoid  # the MLP writes a layer's output into its own array
    return act


def _make_tanh() -> Activation:
    act = Activation(
        "tanh", _tanh, lambda z: 1.0 - np.tanh(z) ** 2,
        latex=r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", dlatex=r"\tanh'(z) = 1 - \tanh^2(z)",
        df_from_output=lambda a: 1.0 - a * a)
    act._f_into = lambda z, out: np.tanh(z, out=out)  # the MLP writes a layer's output into its own array
    return act


def _make_relu() -> Activation:
    act = Activation(
        "relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(_ftype(z)),
        latex=r"\mathrm{ReLU}(z) = \max(0, z)",
        dlatex=r"\mathrm{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}")
    act._f_into = lambda z, out: np.maximum(z, 0.0, out=out)
    return act


def _make_leaky_relu(slope: float = 0.01) -> Activation:
    slope = float(slope)
    if not np.isfinite(slope) or slope < 0 or slope >= 1:
        raise ValueError(f"leaky_relu slope must be in [0, 1), got {slope}")
    # slope 0 is ReLU: max(z, 0) maps −inf to 0 where slope · z would form 0 · (±inf) (NaN and a RuntimeWarning)
    return Activation(
        "leaky_relu", (lambda z: np.where(z > 0, z, slope * z)) if slope else (lambda z: np.maximum(z, 0.0)),
        lambda z: np.where(z > 0, 1.0, slope).astype(_ftype(z), copy=False),
        latex=rf"\mathrm{{LeakyReLU}}(z) = \max({slope:g}\,z,\ z)",
        dlatex=rf"\mathrm{{LeakyReLU}}'(z) = \begin{{cases}} 1 & z > 0 \\ {slope:g} & z \le 0 \end{{cases}}",
        params={"slope": slope})


def _make_linear() -> Activation:
    act = Activation("linear", lambda z: z.copy(), lambda z: np.ones_like(z), latex=r"f(z) = z", dlatex=r"f'(z) = 1")
    act._f_into = lambda z, out: np.copyto(out, z) or out
    return act


def _make_step() -> Activation:
    return Activation(
        "step", lambda z: (z >= 0).astype(_ftype(z)), lambda z: np.zeros_like(z),
        latex=r"\mathrm{step}(z) = \begin{cases} 1 & z \ge 0 \\ 0 & z < 0 \end{cases}",
        dlatex=r"\mathrm{step}'(z) = 0 \quad (z \ne 0)")


def _make_sign() -> Activation:
    return Activation(
        "sign", lambda z: np.where(z >= 0, 1.0, -1.0).astype(_ftype(z), copy=False), lambda z: np.zeros_like(z),
        latex=r"\mathrm{sign}(z) = \begin{cases} +1 & z \ge 0 \\ -1 & z < 0 \end{cases}",
        dlatex=r"\mathrm{sign}'(z) = 0 \quad (z \ne 0)")


def _make_elu(alpha: float = 1.0) -> Activation:
    alpha = float(alpha)
    if not np.isfinite(alpha) or alpha <= 0:
        raise ValueError(f"elu alpha must be a positive number, got {alpha}")

    def f(z):
        return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))

    def df(z):
        return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))

    return Activation("elu", f, df, latex=rf"\mathrm{{ELU}}(z) = \begin{{cases}} z & z > 0 \\ {alpha:g}(e^z - 1) & z \le 0 \end{{cases}}",
                      dlatex=rf"\mathrm{{ELU}}'(z) = \begin{{cases}} 1 & z > 0 \\ {alpha:g}\,e^z & z \le 0 \end{{cases}}",
                      params={"alpha": alpha})


def _make_softplus() -> Activation:
    return Activation("softplus", _softplus, _sigmoid,
                      latex=r"\mathrm{softplus}(z) = \ln(1 + e^{z})", dlatex=r"\mathrm{softplus}'(z) = \sigma(z)")


def _make_gelu() -> Activation:
    """GELU in its tanh form (as in BERT and GPT-2): ½ z (1 + tanh(√(2/π)(z + 0.044715 z³)))."""

    def inner(z):
        # z³ overflows only beyond |z| ≈ 5e102; clip far outside the range where tanh is already ±1.
        zc = np.clip(z, -1e4, 1e4)
        return _GELU_C * (zc + 0.044715 * zc ** 3), zc

    def f(z):
        u, zc = inner(z)
        # beyond |z| = 1e4 GELU is z (right) or 0 (left) to the last bit; never form ±inf · 0
        return np.where(z > 1e4, z, np.where(z < -1e4, 0.0, 0.5 * zc * (1.0 + np.tanh(u))))

    def df(z):
        u, zc = inner(z)
        t = np.tanh(u)
        du = _GELU_C * (1.0 + 3 * 0.044715 * zc ** 2)
        # for |z| > 1e4 the second term is 0 in floating point (1 − t² = 0), so clipping inside changes nothing
        return 0.5 * (1.0 + t) + 0.5 * zc * (1.0 - t * t) * du

    return Activation("gelu", f, df,
                      latex=r"\mathrm{GELU}(z) \approx \tfrac12 z\left(1 + \tanh\!\left(\sqrt{2/\pi}\,(z + 0.044715 z^3)\right)\right)",
                      dlatex=r"\mathrm{GELU}'(z) = \tfrac12(1 + t) + \tfrac12 z (1 - t^2)\sqrt{2/\pi}\,(1 + 0.134145 z^2)")


def _make_swish() -> Activation:
    def df(z):
        zc = np.clip(z, -1e4, 1e4)
        s = _sigmoid(zc)
        return s + zc * s * (1.0 - s)

    def f(z):
        zc = np.clip(z, -1e4, 1e4)  # swish(z) is z for z > 1e4 and 0 for z < −1e4; never form −inf · 0
        return np.where(z > 1e4, z, np.where(z < -1e4, 0.0, zc * _sigmoid(zc)))

    return Activation("swish", f, df,
                      latex=r"\mathrm{swish}(z) = z\,\sigma(z)",
                      dlatex=r"\mathrm{swish}'(z) = \sigma(z) + z\,\sigma(z)(1 - \sigma(z))")


_FACTORIES = {
    "sigmoid": _make_sigmoid, "tanh": _make_tanh, "relu": _make_relu, "leaky_relu": _make_leaky_relu,
    "linear": _make_linear, "step": _make_step, "sign": _make_sign, "elu": _make_elu,
    "softplus": _make_softplus, "gelu": _make_gelu, "swish": _make_swish,
}

#: name → :class:`Activation` with default parameters (read-only).
ACTIVATIONS = Registry("activation", {name: make() for name, make in _FACTORIES.items()})


def get_activation(name: str | Activation, **params) -> Activation:
    """The activation ``name`` built with ``params`` (``slope`` for leaky_relu, ``alpha`` for elu).

    An :class:`Activation` passed in is returned unchanged. Unknown names raise an error listing valid ones.
    """
    if isinstance(name, Activation):
        return name
    if not params:
        return ACTIVATIONS[name]
    make = _FACTORIES.get(name)
    if make is None:
        ACTIVATIONS[name]  # raises the error listing valid names
    try:
        return make(**params)
    except TypeError:
        raise ValueError(f"activation {name!r} takes no parameters {sorted(params)}") from None

