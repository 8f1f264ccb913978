"""Figure builders: TraceResult -> plotly Figure (``*_figure``) or DOT text (``*_dot``).

No torch and no streamlit here: a notebook calls the same functions as the app.
"""

from .charts import cost_figure, cost_overview_figure, cost_panel_figure
from .graph import block_graph_dot
from .volumes import block_figure, volume_figure, volume_scale

__all__ = [
    "block_figure",
    "block_graph_dot",
    "cost_figure",
    "cost_overview_figure",
    "cost_panel_figure",
    "volume_figure",
    "volume_scale",
]
