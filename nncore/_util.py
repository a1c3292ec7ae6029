"""Small shared helpers: input validation, random generators, read-only registries."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Iterator

import numpy as np

__all__ = ["as_rng", "as_array", "Registry", "UnknownNameError"]


def as_rng(seed: int | np.random.Generator | None = 0) -> np.random.Generator:
    """Return a ``np.random.Generator``; an int (or None) seeds a new one. Never touches the global RNG."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be an int or a numpy Generator, got {type(seed).__name__}")
    return np.random.default_rng(seed)


def as_array(x: Any, name: str = "input", ndim: int | None = None, finite: bool = True) -> np.ndarray:
    """Convert ``x`` to a float64 array and check it, raising ``ValueError`` that says what is wrong.

    Parameters
    ----------
    ndim : required number of dimensions (1-D input is promoted to a row for ``ndim=2``).
    finite : reject NaN and infinities.
    """
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if ndim == 2 and arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


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
