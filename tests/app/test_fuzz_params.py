"""Every built page with fuzzed query parameters: zero exceptions, and malformed values fall back to the defaults.

A student can paste anything into the address bar. For each page the test discovers the page's own parameter
names (run it with defaults, read ``at.query_params``), then sets them — and unknown names — to hostile values:
random text, huge and negative numbers, NaN/inf, markup, very long values. Values from the ``INVALID`` list are
invalid for every control, so the page must show (and write back) exactly its defaults.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.i18n import translate
from explainer.pages import built_pages
from tests.helpers import run_page

PAGES = built_pages()

# Invalid for any control: not a number in any range, not an option, not a list of options.
INVALID = (
    "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "-1e309", "9" * 400, "-9" * 200, "0x1F", "1_0_0_0_0x",
    "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "../../etc/passwd", "%00%0a", "\x00\x01", "'; DROP TABLE x;--",
    "🙂" * 50, "a" * 20_000, "None", "[1, 2]", "{'a': 1}", "true,false,maybe", ",,,,", "1e-999999x", "-",
    "relu;rm -rf /", "\u202eevil",
)  # (not "９９": Python's int() reads full-width digits, so a full-width 99 is a valid 99 — fine for a Chinese IME)
UNKNOWN = {"foo": "bar", "__proto__": "x", "LANG": "zh", "lang2": "zh", "x" * 500: "1", "": "empty-name",
           "page": "../../app.py", "embed": "true"}


def _flat(value):
    return value[-1] if isinstance(value, list) else value


def url_of(at) -> dict[str, str]:
    return {k: _flat(at.query_params[k]) for k in at.query_params}


@pytest.fixture(scope="module")
def defaults() -> dict[str, dict[str, str]]:
    """Each page's own URL parameters with their default values (``lang`` included)."""
    out = {}
    for info in PAGES:
        at = run_page(info.id)
        assert not at.exception, f"{info.id}: {at.exception}"
        out[info.id] = url_of(at)
    return out


def check_fallback(info, params: dict[str, str], expected: dict[str, str]) -> None:
    at = run_page(info.id, lang=None, params=params)
    assert not at.exception, f"{info.id} with {sorted(params)}: {at.exception}"
    got = url_of(at)
    wrong = {k: (str(params.get(k))[:40], got.get(k), v) for k, v in expected.items() if got.get(k) != v}
    assert not wrong, f"{info.id}: param → (fuzzed, shown, default) did not fall back: {wrong}"


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.id)
def test_invalid_values_fall_back_to_defaults(info, defaults):
    names = sorted(defaults[info.id])
    expected = dict(defaults[info.id])
    expected.pop("lecture", None)  # lecture=<invalid> means "off": the param disappears
    step = 7  # rotate, so each name meets several kinds of garbage in a few runs
    for k in range(0, len(INVALID), step):
        params = {name: INVALID[(k + i) % len(INVALID)] for i, name in enumerate(names)}
        params["lecture"] = INVALID[k]
        params.update(UNKNOWN)
        check_fallback(info, params, expected)


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.id)
def test_each_param_alone_falls_back(info, defaults):
    """One bad parameter among valid ones changes only itself (back to its default)."""
    names = sorted(defaults[info.id])
    for i, name in enumerate(names[:: max(1, len(names) // 8)]):  # at most ~8 runs per page
        check_fallback(info, {**defaults[info.id], name: INVALID[i % len(INVALID)]}, defaults[info.id])


NASTY_TEXT = st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x2FFFF, blacklist_categories=("Cs",)), max_size=60)
NUMBERISH = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.lists(st.integers(-1000, 1000), max_size=12).map(lambda v: ",".join(map(str, v))),
    st.text(alphabet=string.digits + ".,-+eE", max_size=30),
)


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.id)
def test_random_values_never_raise(info, defaults):
    names = sorted(defaults[info.id]) + ["unknown_param"]

    @settings(max_examples=5, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.dictionaries(st.sampled_from(names), st.one_of(NASTY_TEXT, NUMBERISH), min_size=1))
    def run(params):
        at = run_page(info.id, lang=None, params=params)
        assert not at.exception, f"{info.id} with {params!r}: {at.exception}"
        got = url_of(at)
        for name, default in defaults[info.id].items():
            assert name in got or name == "lecture", f"{info.id}: {name} vanished from the URL"

    run()


@pytest.mark.parametrize("page_id, params, shown", [
    # a number between a slider's steps is no position of the slider: the default
    ("neuron", {"view": "mp", "theta": "0.3"}, {"theta": "2"}),
    ("playground", {"noise": "3", "ratio": "37"}, {"noise": "0", "ratio": "50"}),
    ("playground", {"noise": "3", "ratio": "37", "hide": "noise,ratio"}, {"noise": "0", "ratio": "50"}),  # hidden
    # a step's value written with rounding noise, or 1e-320 for 0, is that step
    ("neuron", {"view": "mp", "theta": "1e-320", "x1": "0", "x2": "0"}, {"theta": "0"}),
    ("neuron", {"view": "mp", "theta": "-1.49999999"}, {"theta": "-1.5"}),
])
def test_slider_values_between_steps(page_id, params, shown):
    at = run_page(page_id, params=params)
    assert not at.exception
    got = url_of(at)
    assert {k: got.get(k) for k in shown} == shown


@pytest.mark.parametrize("page_id, params, shown", [
    ("playground", {"lr": "1.0", "noise": "10.0", "batch": "1e1"}, {"lr": "1", "noise": "10", "batch": "10"}),
    ("playground", {"lr": "0.10"}, {"lr": "0.1"}),
    ("playground", {"lr": "1e-5"}, {"lr": "1e-05"}),
    ("playground", {"lr": "0.00001"}, {"lr": "1e-05"}),
    ("playground", {"lr": "0.2", "noise": "10.5"}, {"lr": "0.03", "noise": "0"}),  # no such option: the default
])
def test_a_number_written_another_way_is_the_same_setting(page_id, params, shown):
    """A lecturer editing a link writes 1.0 or 0.10 or 1e-5: the same option as 1, 0.1, 1e-05 (they fell back to
    the default learning rate 0.03)."""
    at = run_page(page_id, params=params)
    assert not at.exception
    got = url_of(at)
    assert {k: got.get(k) for k in shown} == shown


@pytest.mark.parametrize("lang_param, lang", [("ZH", "zh"), ("zh-CN", "zh"), ("zh_Hans", "zh"), (" Zh ", "zh"),
                                              ("EN-us", "en"), ("fr", "en")])
def test_a_language_written_another_way(lang_param, lang):
    """A lecturer or a browser writes ZH, zh-CN or zh_Hans: the Chinese page (they all opened in English)."""
    at = run_page("activations", lang=None, params={"lang": lang_param})
    assert not at.exception
    assert at.title[0].value == translate(lang, "activations.title")
    assert url_of(at)["lang"] == lang


@pytest.mark.parametrize("page_id, params, shown", [
    ("activations", {"view": "Depth"}, {"view": "depth"}),
    ("activations", {"view": "DEPTH", "act": "TANH"}, {"view": "depth", "act": "tanh"}),
    ("playground", {"data": "Spiral", "a1": " ReLU"}, {"data": "spiral", "a1": "relu"}),
])
def test_an_option_in_another_case_is_that_option(page_id, params, shown):
    """A section or option typed by hand in another case: that section (view=Depth opened the first one)."""
    at = run_page(page_id, params=params)
    assert not at.exception
    got = url_of(at)
    assert {k: got.get(k) for k in shown} == shown
