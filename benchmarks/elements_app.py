"""For benchmarks.elements: a fragment with one slider and ``n`` elements of one kind (``?kind=…&n=…``), whose
text follows the slider the way a section's live numbers do — or, with ``&where=outside``, the ``n`` elements drawn
outside the fragment (as a page's lesson, questions and links are: never sent again when the fragment reruns). Not
part of the product."""

import pandas as pd
import streamlit as st


def element(kind: str, i: int, x: float) -> None:
    """One element of ``kind`` (benchmarks.elements.KINDS; any other kind draws nothing)."""
    if kind == "markdown":
        st.markdown(f"The value is **{x:.3f}** and the next one is {x + 1:.2f}.")
    elif kind == "caption":
        st.caption(f"The value is {x:.3f} and the next one is {x + 1:.2f}.")
    elif kind == "latex":
        st.latex(rf"y = \sigma({x:.3f}) = \frac{{1}}{{1 + e^{{-{x:.3f}}}}}")
    elif kind == "metric":
        st.metric(f"metric {i}", f"{x:.3f}")
    elif kind == "table":
        st.table(pd.DataFrame({"a": [x, x + 1, x + 2], "b": [1, 2, 3], "c": ["p", "q", "r"]}))
    elif kind == "columns":
        st.columns(3)[0].markdown(f"{x:.2f}")
    elif kind == "metric_columns":
        for col, j in zip(st.columns(3), range(3)):
            col.metric(f"metric {i}.{j}", f"{x + j:.3f}")
    elif kind == "metric_row":
        with st.container(horizontal=True):
            for j in range(3):
                st.metric(f"metric {i}.{j}", f"{x + j:.3f}", width="stretch")
    elif kind == "expander":
        with st.expander(f"more {i}"):
            st.markdown(f"{x:.2f}")
    elif kind == "code":
        st.code(f"x = {x:.3f}\ny = x * 2\n", language="python")
    elif kind == "static_markdown":
        st.markdown("Lesson text that does not change with the slider: a sentence or two of it.")
    elif kind == "slider":
        st.slider(f"other {i}", 0, 10, 5)
    elif kind == "selectbox":
        st.selectbox(f"choose {i}", ["a", "b", "c"])
    elif kind == "button":
        st.button(f"button {i}")


@st.fragment
def body(kind: str, n: int) -> None:
    value = st.slider("value", 0, 100, 50)
    for i in range(n):
        element(kind, i, value * 1.37 + i)


kind = st.query_params.get("kind", "none")
try:
    count = max(0, min(int(st.query_params.get("n", "0")), 300))
except ValueError:
    count = 0
if st.query_params.get("where") == "outside":
    for i in range(count // 2):  # half above the fragment, half below
        element(kind, i, 50 * 1.37 + i)
    body(kind, 0)
    for i in range(count // 2, count):
        element(kind, i, 50 * 1.37 + i)
else:
    body(kind, count)
