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
