"""UI layer of the explainer (Streamlit + Plotly). It never does maths: every number comes from nncore."""
