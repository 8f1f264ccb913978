"""ResNet Explorer: `streamlit run app.py`.

The router: the shared sidebar (whose widgets persist across pages) and st.navigation.
"""

import streamlit as st

from resnet_viz.ui.controls import sidebar

st.set_page_config(page_title="ResNet Explorer", page_icon="🧱", layout="wide")

PAGES = [
    st.Page("pages/1_overview.py", title="Overview", icon="🏠", default=True),
    st.Page("pages/2_volumes.py", title="3D volumes", icon="🧊", url_path="volumes"),
    st.Page("pages/3_graph.py", title="Block graph", icon="🕸️", url_path="graph"),
    st.Page("pages/4_tables.py", title="Tables", icon="📋", url_path="tables"),
    st.Page("pages/5_costs.py", title="Costs", icon="📊", url_path="costs"),
]

page = st.navigation(PAGES)
st.sidebar.title("ResNet Explorer")
sidebar()
page.run()
