"""The floor for benchmarks.settle: one slider and one 200-point Plotly curve given as a dict (a bare Streamlit
chart). Run by the benchmark with the same server flags as the app; not part of the product."""

import numpy as np
import streamlit as st

freq = st.slider("frequency", 1, 100, 50)
xs = np.linspace(0.0, 10.0, 200)
st.plotly_chart({"data": [{"type": "scatter", "x": xs.tolist(), "y": np.sin(xs * freq / 25.0).tolist()}],
                 "layout": {"height": 400, "title": {"text": "sin"}}})
