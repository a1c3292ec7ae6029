"""Small shared helpers: input validation, random generators, read-only registries."""
from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, Iterator

import numpy as np

__all__ = ["as_rng", "as_array", "non_negative", "float_dtype", "Registry", "UnknownNameError", "ParamList", "flat_pair"]


def as_rng(seed: int | np.random.Generator | None = 0) -> np.random.Generator:
    """Return a ``np.random.Generator``; an int (or None) seeds a new one. Never touches the global RNG."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be an int or a numpy Generator, got {type(seed).__name__}")
    return np.random.default_rng(seed)


def non_negative(value: Any, what: str) -> float:
    """``value`` as a finite float ≥ 0 (a rate, a penalty strength, a threshold), else a ValueError naming ``what``."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a non-negative number, got {value!r}") from None
    if not np.isfinite(x) or x < 0:
        raise ValueError(f"{what} must be a non-negative number, got {x}")
    return x


FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def float_dtype(dtype) -> np.dtype:
    """``dtype`` as a NumPy dtype, checked to be float64 (the default; None means it too) or float32."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in FLOAT_DTYPES:
        raise ValueError(f"dtype must be float64 or float32, got {dtype!r}")
    return FLOAT_DTYPES[0] if dt == FLOAT_DTYPES[0] else FLOAT_DTYPES[1]


def as_array(x: Any, name: str = "input", ndim: int | None = None, finite: bool = True,
             dtype=None) -> np.ndarray:
    """Convert ``x`` to a float64 array and check it, raising ``ValueError`` that says what is wrong.

    Parameters
    ----------
    ndim : required number of dimensions (1-D input is promoted to a row for ``ndim=2``).
    finite : reject NaN and infinities.
    dtype : float32 to get a float32 array instead (a finite value beyond float32's range is then rejected).
    """
    if dtype is None or dtype is FLOAT_DTYPES[0]:
        single = False
    else:
        single = dtype is FLOAT_DTYPES[1] or float_dtype(dtype) is FLOAT_DTYPES[1]
    try:
        if single:
            with np.errstate(over="ignore", invalid="ignore"):  # 1e300 becomes inf, and is rejected below
                arr = np.asarray(x, dtype=np.float32)
        else:
            arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if ndim == 2 and arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if finite and not np.isfinite(arr).all():
        if single and np.isfinite(np.asarray(x, dtype=np.float64)).all():
            raise ValueError(f"{name} has values beyond the float32 range (|x| > 3.4e38)")
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


class ParamList(list):
    """A list of arrays that are views, in order, of one flat array ``flat``: what :meth:`MLP.params` and
    :meth:`Gradients.params` return when the network keeps its parameters (and backward its gradients) in one
    block. It is an ordinary list; optimizers that see two of them (:func:`flat_pair`) update ``flat`` in one
    operation instead of array by array — the same arithmetic on the same numbers. ``layout`` is the tuple of the
    arrays' shapes."""

    __slots__ = ("flat", "_items", "_layout")

    def __init__(self, items, flat: np.ndarray, layout: tuple):
        super().__init__(items)
        self.flat = flat
        self._items = tuple(items)
        self._layout = layout

    def __reduce__(self):  # a copy (pickle, deepcopy) is a plain list: its arrays are no views any more
        return list, (list(self),)


def flat_pair(params, grads):
    """(params.flat, grads.flat) when both are :class:`ParamList` s of the same layout that still hold the arrays
    they were made with; None otherwise (update array by array)."""
    if type(params) is not ParamList or type(grads) is not ParamList or params._layout != grads._layout:
        return None
    p_items, g_items = params._items, grads._items
    if (len(params) == len(p_items) == len(grads) == len(g_items) and all(map(operator.is_, params, p_items))
            and all(map(operator.is_, grads, g_items))):
        return params.flat, grads.flat
    return None


class UnknownNameError(KeyError, ValueError):
    """A registry lookup with a name that does not exist; the message lists the valid names."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class Registry(Mapping):
    """A read-only name → object mapping whose unknown-name error lists the valid names."""

    def __init__(self, kind: str, items: Mapping[str, Any]):
        self._kind = kind
        self._items = dict(items)

    def __getitem__(self, name: str) -> Any:
        try:
            return self._items[name]
        except (KeyError, TypeError):
            valid = ", ".join(self._items)
            raise UnknownNameError(f"unknown {self._kind} {name!r}; valid names: {valid}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Registry({self._kind}: {', '.join(self._items)})"
