"""Formatting only: numbers written as a lesson writes them."""
import pytest

from explainer import fmt


@pytest.mark.parametrize("x, text", [(1e12, "10¹²"), (9e18, "9 × 10¹⁸"), (3.2e6, "3.2 × 10⁶"), (-2.5e-7, "-2.5 × 10⁻⁷"),
                                     (9.999e5, "10⁶"), (-1e3, "-10³")])
def test_sci_writes_powers_of_ten(x, text):
    assert fmt.sci(x) == text


@pytest.mark.parametrize("x, text", [(1.1796119636642288e-16, "1.1796119636642288 × 10⁻¹⁶"), (0.0, "0"), (-0.0, "0"),
                                     (0.1 + 0.2, "0.30000000000000004"), (2.5e20, "2.5 × 10²⁰"), (-3.0, "-3")])
def test_exact_keeps_every_digit(x, text):
    assert fmt.exact(x) == text
    assert float(text.replace(" × 10", "e").translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))) == x  # every digit
