"""Formatting only: numbers written as a lesson writes them."""
import pytest

from explainer import fmt


@pytest.mark.parametrize("x, text", [(1e12, "10¹²"), (9e18, "9 × 10¹⁸"), (3.2e6, "3.2 × 10⁶"), (-2.5e-7, "-2.5 × 10⁻⁷"),
                                     (9.999e5, "10⁶"), (-1e3, "-10³")])
def test_sci_writes_powers_of_ten(x, text):
    assert fmt.sci(x) == text
