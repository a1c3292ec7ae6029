"""Number → text / LaTeX formatting. Formatting only: no maths happens here."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


def num(x: float, digits: int = 4) -> str:
    """Fixed-point text with ``digits`` decimals; scientific when |x| is too small or large to read that way.

    >>> num(0.104993585), num(-2), num(1.2e-7)
    ('0.1050', '-2.0000', '1.200e-07')
    """
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x != 0 and (abs(x) < 0.5 * 10.0**-digits or abs(x) >= 1e9):
        return f"{x:.{max(digits - 1, 1)}e}"
    return f"{x:.{digits}f}"


def sci(x: float, digits: int = 2) -> str:
    """A large or small number as a power of ten, the way a lesson writes it.

    >>> sci(1e12), sci(9e18), sci(-2.5e-7)
    ('10¹²', '9 × 10¹⁸', '-2.5 × 10⁻⁷')
    """
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return num(x)
    exp = math.floor(math.log10(abs(x)))
    mant = round(x / 10.0**exp, digits)
    if abs(mant) >= 10:
        mant, exp = mant / 10, exp + 1
    power = "10" + superscript(exp)
    text = f"{mant:.{digits}f}".rstrip("0").rstrip(".")
    return power if text == "1" else "-" + power if text == "-1" else f"{text} × {power}"


def exact(x: float) -> str:
    """A float with every digit it has (Python's shortest round-trip form), a power of ten written as a lesson
    writes it: for an "exact value" tooltip.

    >>> exact(1.1796119636642288e-16), exact(0.0), exact(0.25)
    ('1.1796119636642288 × 10⁻¹⁶', '0', '0.25')
    """
    text = repr(float(x) + 0.0)  # -0.0 is 0
    if "e" in text:
        mant, exp = text.split("e")
        return f"{mant} × 10{superscript(int(exp))}"
    return text[:-2] if text.endswith(".0") else text


def superscript(n: int) -> str:
    """-16 → "⁻¹⁶": an exponent written as superscript digits."""
    return str(int(n)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def subscript(n: int) -> str:
    """12 → "₁₂": an index written as subscript digits (labels such as a₁₂, n₂)."""
    return str(int(n)).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def latex_num(x: float, digits: int = 4, paren_negative: bool = False) -> str:
    """LaTeX for one number; ``1.2e-07`` becomes ``1.2 \\times 10^{-7}``; negatives optionally in parentheses
    (use inside products: ``2 \\times (-1)``)."""
    text = num(x, digits)
    if "e" in text and text not in ("NaN",):
        mantissa, exp = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exp)}}}"
    elif text == "∞":
        text = r"\infty"
    elif text == "-∞":
        text = r"-\infty"
    elif text == "NaN":
        text = r"\mathrm{NaN}"
    if paren_negative and text.startswith("-"):
        text = f"({text})"
    return text


def latex_product(factors: Iterable[float], digits: int = 4) -> str:
    r"""``a \times b \times c`` with negative factors in parentheses."""
    return r" \times ".join(latex_num(f, digits, paren_negative=True) for f in factors)


def latex_matrix(array, digits: int = 2) -> str:
    """A ``bmatrix`` for a 1-D (row vector) or 2-D array."""
    a = np.asarray(array, dtype=float)
    if a.ndim == 1:
        a = a[np.newaxis, :]
    if a.ndim != 2:
        raise ValueError(f"latex_matrix needs a 1-D or 2-D array, got shape {a.shape}")
    rows = [" & ".join(latex_num(v, digits) for v in row) for row in a]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def percent(share: float, digits: int = 1) -> str:
    """0.125 → '12.5 %'."""
    return f"{100 * float(share):.{digits}f} %"


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$")


def md_escape(text: str) -> str:
    """Text shown literally by ``st.markdown`` (Markdown, HTML and LaTeX characters backslash-escaped)."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))
