"""Pure figure builders, one module per page: data in, ``plotly.graph_objects.Figure`` out.

Builders never import Streamlit and never compute the maths they draw (that is nncore's job); they
only arrange numbers into traces (binning for a histogram and finding the runs of a mask count as drawing).
Every trace carries ``meta`` (a stable id such as ``"f:sigmoid"``) so tests can find it.
"""
