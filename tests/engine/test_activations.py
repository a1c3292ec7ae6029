"""Activations: the values and derivatives the lessons state, stability, registry behaviour."""
import numpy as np
import pytest

import nncore
from nncore import ACTIVATIONS, get_activation

Z = np.linspace(-6, 6, 241)


def central(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


def test_registry_has_every_lesson_activation():
    expected = {"sigmoid", "tanh", "relu", "leaky_relu", "linear", "step", "sign", "elu", "softplus", "gelu",
                "swish"}
    assert expected <= set(ACTIVATIONS)


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="valid names: sigmoid, tanh"):
        ACTIVATIONS["sigmoidd"]
    with pytest.raises(KeyError):
        get_activation("nope")


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    s = ACTIVATIONS["sigmoid"]
    sig = 1 / (1 + np.exp(-Z))
    np.testing.assert_allclose(s.f(Z), sig, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(s.df(Z), sig * (1 - sig), rtol=1e-14, atol=1e-16)
    assert s.df(0.0) == 0.25 and s.peak_slope == 0.25


def test_tanh_derivative_is_one_minus_tanh_squared():
    t = ACTIVATIONS["tanh"]
    np.testing.assert_allclose(t.df(Z), 1 - np.tanh(Z) ** 2, rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(t.df_from_output(t.f(Z)), t.df(Z), atol=1e-15)


@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if n not in ("step", "sign")])
def test_derivative_matches_central_difference(name):
    act = ACTIVATIONS[name]
    z = Z[np.abs(Z) > 1e-3]  # away from kinks
    np.testing.assert_allclose(act.df(z), central(act.f, z), rtol=1e-6, atol=1e-8)


def test_conventions_at_kinks():
    assert ACTIVATIONS["relu"].df(0.0) == 0.0
    assert get_activation("leaky_relu", slope=0.2).df(0.0) == 0.2
    assert ACTIVATIONS["step"].f(0.0) == 1.0 and ACTIVATIONS["sign"].f(0.0) == 1.0
    assert ACTIVATIONS["sign"].f(-0.5) == -1.0


def test_leaky_slope_is_settable_and_default_001():
    assert ACTIVATIONS["leaky_relu"].df(-3.0) == 0.01
    assert get_activation("leaky_relu", slope=0.3).f(-2.0) == pytest.approx(-0.6)
    with pytest.raises(ValueError):
        get_activation("leaky_relu", slope=-1)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_stable_for_huge_inputs(name):
    act = ACTIVATIONS[name]
    z = np.array([-1e4, -1e3, -50.0, 0.0, 50.0, 1e3, 1e4, -1e300, 1e300])
    f, df = act.f(z), act.df(z)  # RuntimeWarnings are errors in this suite
    assert np.all(np.isfinite(df))
    assert np.all(np.isfinite(f[:7]))


def test_saturation_mask_marks_flat_tails_of_sigmoid_not_relu_positive_side():
    z = np.array([-10.0, -1.0, 0.0, 1.0, 10.0])
    assert ACTIVATIONS["sigmoid"].saturation_mask(z).tolist() == [True, False, False, False, True]
    assert ACTIVATIONS["relu"].saturation_mask(z).tolist() == [True, True, True, False, False]
    # 5 % of the peak: sigmoid′ < 0.0125 ⇔ |z| > about 4.37
    edge = np.array([4.3, 4.45])
    assert ACTIVATIONS["sigmoid"].saturation_mask(edge).tolist() == [False, True]


def test_softplus_derivative_is_sigmoid_and_gelu_swish_peaks():
    np.testing.assert_allclose(ACTIVATIONS["softplus"].df(Z), nncore.sigmoid(Z))
    assert ACTIVATIONS["gelu"].peak_slope == pytest.approx(1.129, abs=1e-3)
    assert ACTIVATIONS["swish"].peak_slope == pytest.approx(1.0998, abs=1e-3)
