"""ResNet Explorer: `streamlit run app.py`.

The router: the shared sidebar (whose widgets persist across pages) and st.navigation.
The page scripts live in views/, not pages/: a folder named pages/ beside the entry
point switches Streamlit to its legacy auto-discovery on some runs (AppTest hits it).
"""

import streamlit as st

from resnet_viz.i18n import t
from resnet_viz.ui.controls import nav_lang, sidebar
from resnet_viz.ui.plot import preload_plotly

st.set_page_config(
    page_title="ResNet Explorer", page_icon=":material/layers:", layout="wide"
)
with st.sidebar:  # first, so the browser loads plotly.js while the page is traced
    preload_plotly()


lang = nav_lang()
# (script, title key, icon, url path); the first is the default page at "/".
_PAGES = (
    ("1_overview", "nav.overview", "home", None),
    ("2_volumes", "page.volumes", "view_in_ar", "volumes"),
    ("3_graph", "page.graph", "account_tree", "graph"),
    ("4_tables", "page.tables", "table", "tables"),
    ("5_costs", "page.costs", "bar_chart", "costs"),
    ("6_compare", "page.compare", "compare", "compare"),
    ("7_zoo", "page.zoo", "widgets", "zoo"),
    ("8_gradients", "nav.gradients", "trending_down", "gradients"),
    ("9_latency", "nav.latency", "timer", "latency"),
    ("10_walkthrough", "page.walkthrough", "school", "walkthrough"),
)
PAGES = [
    st.Page(
        f"views/{script}.py",
        title=t(title, lang),
        icon=f":material/{icon}:",
        url_path=url_path,
        default=url_path is None,
    )
    for script, title, icon, url_path in _PAGES
]

# A constant, never user text. Chinese may break a line between any two characters,
# so a narrow table column split its header mid-word ("输出尺 / 寸"); headers break
# only at spaces instead. A metric's label wraps rather than ending in "…" (the
# walkthrough's "Parameters of…" at 1440 px). Style-only HTML takes no room.
_CSS = """<style>
[data-testid="stTable"] th,
[data-testid="stTable"] th [data-testid="stMarkdownContainer"] p {
  word-break: keep-all; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {
  white-space: normal; overflow: visible; text-overflow: clip; }
</style>"""

page = st.navigation(PAGES)
st.sidebar.title("ResNet Explorer")
sidebar()
st.html(_CSS)
page.run()
