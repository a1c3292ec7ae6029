"""explainer.controls against the installed Streamlit: the browser's widget values are visible to a run by key
(what a reconnect after a failover relies on)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from explainer.controls import browser_widget_keys

    sent = browser_widget_keys()  # before any widget of this run registers, as Controls does
    st.slider("x", 0, 10, 3, key="demo.x")
    st.text(",".join(sorted(sent)))


def test_browser_widget_keys_names_the_widgets_the_browser_sent():
    at = AppTest.from_function(_script).run()
    assert not at.exception
    assert at.text[-1].value == ""  # a new session's first run: the browser sent nothing
    at.slider(key="demo.x").set_value(7).run()
    assert not at.exception
    assert at.text[-1].value == "demo.x"


def _two_sliders():
    import streamlit as st

    from explainer.controls import Controls, flush_url

    c = Controls("demo")
    st.text(f"{c.slider('lr', 'lr', 0, 10, 1)},{c.slider('noise', 'noise', 0, 10, 5)}")
    flush_url()


def test_a_moved_slider_wins_over_a_url_the_browser_had_not_yet_updated():
    """Quick arrow-key presses: the next press's rerun can carry the address bar from before the last run's write
    reached the browser. The slider the student moved keeps their value; a link pasted from outside still applies."""
    at = AppTest.from_function(_two_sliders).run()
    at.slider(key="demo.lr").set_value(2).run()
    assert at.query_params["lr"] in ("2", ["2"])
    at.slider(key="demo.lr").set_value(3)
    at.query_params["lr"] = "1"  # the address bar before run 2's write
    at.run()
    assert not at.exception
    assert at.text[-1].value == "3,5" and at.query_params["lr"] in ("3", ["3"])
    at.query_params["noise"] = "8"  # a link changed from outside, no slider moved: the URL wins
    at.run()
    assert at.text[-1].value == "3,8" and at.slider(key="demo.noise").value == 8
