"""Streamlit-only helpers: cached traces and the shared sidebar controls.

The only package module that imports streamlit; resnet_viz/__init__.py never imports it.
"""

# Streamlit imports pandas, pyarrow and plotly lazily inside st.dataframe / st.table /
# st.plotly_chart. When a whole classroom opens the app at once, many script threads
# would do that first import together, and a thread can see a half-initialised module
# ("partially initialized module 'pandas' has no attribute 'Series'", seen in the load
# test). Importing them here happens once, under this package's import lock.
import pandas  # noqa: F401
import plotly.graph_objects
import plotly.io
import plotly.tools  # noqa: F401
import pyarrow  # noqa: F401
