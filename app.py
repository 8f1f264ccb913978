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
PAGES = [
    st.Page(
        "views/1_overview.py",
        title=t("nav.overview", lang),
        icon=":material/home:",
        default=True,
    ),
    st.Page(
        "views/2_volumes.py",
        title=t("page.volumes", lang),
        icon=":material/view_in_ar:",
        url_path="volumes",
    ),
    st.Page(
        "views/3_graph.py",
        title=t("page.graph", lang),
        icon=":material/account_tree:",
        url_path="graph",
    ),
    st.Page(
        "views/4_tables.py",
        title=t("page.tables", lang),
        icon=":material/table:",
        url_path="tables",
    ),
    st.Page(
        "views/5_costs.py",
        title=t("page.costs", lang),
        icon=":material/bar_chart:",
        url_path="costs",
    ),
    st.Page(
        "views/6_compare.py",
        title=t("page.compare", lang),
        icon=":material/compare:",
        url_path="compare",
    ),
    st.Page(
        "views/7_zoo.py",
        title=t("page.zoo", lang),
        icon=":material/widgets:",
        url_path="zoo",
    ),
    st.Page(
        "views/8_gradients.py",
        title=t("nav.gradients", lang),
        icon=":material/trending_down:",
        url_path="gradients",
    ),
    st.Page(
        "views/9_latency.py",
        title=t("nav.latency", lang),
        icon=":material/timer:",
        url_path="latency",
    ),
    st.Page(
        "views/10_walkthrough.py",
        title=t("page.walkthrough", lang),
        icon=":material/school:",
        url_path="walkthrough",
    ),
]

# A constant, never user text. Chinese may break a line between any two characters,
# so a narrow table column split its header mid-word ("输出尺 / 寸"); headers break
# only at spaces instead. Style-only HTML takes no room on the page.
_CSS = """<style>
[data-testid="stTable"] th,
[data-testid="stTable"] th [data-testid="stMarkdownContainer"] p {
  word-break: keep-all; }
</style>"""

page = st.navigation(PAGES)
st.sidebar.title("ResNet Explorer")
sidebar()
st.html(_CSS)
page.run()
