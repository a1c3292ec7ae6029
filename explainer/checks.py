""""Check yourself": two to four questions per page that make a student predict before looking.

A page lists its questions (``explainer/views/<id>.py``: ``checks() -> list[Question]``); every correct answer is
computed by nncore when the list is built, never typed into a catalog. The texts live in the page's catalogs:

    [check.<question id>]
    q = "What is σ′(0)?"                 # the question ({placeholders} from Question.values)
    why = "σ′(z) = σ(z)(1 − σ(z)) …"     # the explanation shown after an answer
    [check.<question id>.options]        # only for a choice
    a = "…"

A student's answers live only in their own session (``st.session_state``), never in the URL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Question:
    """One question. ``answer`` is a number (typed, right within ``tol``) or the id of the right option."""

    id: str
    answer: float | str
    options: tuple[str, ...] = ()
    tol: float = 0.0
    show_me: Mapping[str, Any] = field(default_factory=dict)  # the page's control params that show the case
    values: Mapping[str, Any] = field(default_factory=dict)   # {placeholders} of the question and explanation

    def __post_init__(self) -> None:
        if self.options:
            if self.answer not in self.options:
                raise ValueError(f"question {self.id!r}: answer {self.answer!r} is not one of {self.options}")
        elif not (isinstance(self.answer, (int, float)) and math.isfinite(float(self.answer))):
            raise ValueError(f"question {self.id!r}: a typed answer must be a finite number, got {self.answer!r}")
        if self.tol < 0:
            raise ValueError(f"question {self.id!r}: tolerance must be ≥ 0")

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    def is_right(self, given: Any) -> bool:
        """Whether ``given`` (a number typed, or an option id) answers the question."""
        if given is None:
            return False
        if self.is_choice:
            return given == self.answer
        try:
            value = float(given)
        except (TypeError, ValueError):
            return False
        return math.isfinite(value) and abs(value - float(self.answer)) <= self.tol + 1e-12

    def digits(self) -> int:
        """Decimals a student needs to type (from the tolerance): 0.005 → 3, 0.5 → 1; an exact answer: 0 for a count
        (a typed 17 stays "17", not "17.0000"), else 4."""
        if self.tol <= 0:
            return 0 if float(self.answer).is_integer() else 4
        return max(0, min(6, math.ceil(-math.log10(self.tol)))) if self.tol < 1 else 0
