"""Cost charts: bar values add up to the trace's totals, captions show value and
share, and bad arguments are refused. Checked through fig.to_dict(), never pixels."""

from __future__ import annotations

import pytest

import resnet_viz as rv
from resnet_viz.figures.charts import (
    TOOLBAR_PX,
    cost_figure,
    cost_overview_figure,
    cost_panel_figure,
    cost_rows,
)
from resnet_viz.figures.volumes import stage_color
from resnet_viz.records import TraceResult
from tests.figures.test_volumes import tiny_trace

TOTALS = {
    "params": "total_params",
    "macs": "total_macs",
    "activation_bytes": "total_activation_bytes",
}


@pytest.fixture(scope="module", params=["resnet34-224", "resnet20-32", "tiny"])
def any_trace(request) -> TraceResult:
    if request.param == "tiny":
        return tiny_trace()
    arch, size = request.param.split("-")
    return rv.trace(arch, int(size))


@pytest.fixture(scope="module")
def r34() -> TraceResult:
    return rv.trace("resnet34", 224)


def bars(fig) -> dict:
    (bar,) = [d for d in fig.to_dict()["data"] if d["type"] == "bar"]
    return bar


@pytest.mark.parametrize("by", ["stage", "block"])
@pytest.mark.parametrize("metric", list(TOTALS))
def test_bars_sum_to_the_trace_total(any_trace, by, metric):
    bar = bars(cost_figure(any_trace, by, metric))
    assert sum(bar["y"]) == getattr(any_trace, TOTALS[metric])


def test_stage_bars_are_the_stage_records(r34):
    bar = bars(cost_figure(r34, "stage", "params"))
    assert list(bar["x"]) == [s.name for s in r34.stages]
    assert list(bar["y"]) == [s.params for s in r34.stages]
    assert list(bar["marker"]["color"]) == [stage_color(s.name) for s in r34.stages]


def test_block_bars_cover_stem_blocks_and_head(r34):
    bar = bars(cost_figure(r34, "block", "macs"))
    assert list(bar["x"]) == ["stem", *(b.path for b in r34.blocks), "head"]
    assert list(bar["y"])[1:-1] == [b.macs for b in r34.blocks]
    assert "layer2.0" in bar["x"]


def test_captions_show_value_and_share(r34):
    bar = bars(cost_figure(r34, "stage", "macs"))
    layer3 = list(bar["x"]).index("layer3")
    share = 100 * r34.stages[layer3].macs / r34.total_macs
    assert bar["text"][layer3] == f"1.34 G ({share:.1f}%)"
    assert "% of total" in bar["hovertext"][layer3]
    assert bar["text"][-1].endswith("(<0.1%)")  # the head's 512 k MACs


def test_many_bars_drop_captions_but_keep_hover():
    t = rv.trace("resnet152", 224)
    bar = bars(cost_figure(t, "block", "params"))
    assert len(bar["x"]) == len(t.blocks) + 2
    assert bar.get("text") is None
    assert len(bar["hovertext"]) == len(bar["x"])


@pytest.mark.parametrize(
    ("metric", "title"),
    [("params", "Parameters"), ("macs", "MACs"), ("activation_bytes", "Activation")],
)
def test_title_names_the_metric(r34, metric, title):
    layout = cost_figure(r34, metric=metric).to_dict()["layout"]
    assert layout["title"]["text"].startswith(title)
    assert layout["xaxis"]["type"] == "category"


@pytest.mark.parametrize(("by", "metric"), [("layer", "macs"), ("stage", "flops")])
def test_unknown_by_or_metric_raises(r34, by, metric):
    with pytest.raises(ValueError, match="must be one of"):
        cost_figure(r34, by, metric)
    with pytest.raises(ValueError, match="must be one of"):
        cost_rows(r34, by, metric)


def test_overview_has_three_side_by_side_subplots(any_trace):
    fig = cost_overview_figure(any_trace).to_dict()
    data = [d for d in fig["data"] if d["type"] == "bar"]
    assert [d["xaxis"] for d in data] == ["x", "x2", "x3"]
    assert [d["yaxis"] for d in data] == ["y", "y2", "y3"]
    for d, metric in zip(data, TOTALS, strict=True):
        assert sum(d["y"]) == getattr(any_trace, TOTALS[metric])
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert [t.split(" · ")[0] for t in titles] == [
        "Parameters",
        "MACs",
        "Activation memory",
    ]
    domains = [fig["layout"][f"xaxis{n}"]["domain"] for n in ("", "2", "3")]
    assert domains[0][1] < domains[1][0]
    assert domains[1][1] < domains[2][0]


@pytest.mark.parametrize("metric", list(TOTALS))
def test_cost_panel_is_one_metric_titled_with_its_total(any_trace, metric):
    """A panel (three per page, stacked on a phone) sums to the trace's total, is
    coloured by stage and has its title above the plot, below plotly's toolbar."""
    from resnet_viz.formats import human

    fig = cost_panel_figure(any_trace, metric).to_dict()
    (bar,) = fig["data"]
    total = getattr(any_trace, TOTALS[metric])
    assert sum(bar["y"]) == total
    assert bar["marker"]["color"] == [stage_color(s.name) for s in any_trace.stages]
    title = fig["layout"]["title"]
    unit = "B" if metric == "activation_bytes" else ""
    assert title["text"].endswith(human(total, unit))
    assert (title["yref"], title["y"], title["yanchor"]) == ("paper", 1, "bottom")
    assert fig["layout"]["margin"]["t"] >= 2 * TOOLBAR_PX


def test_cost_figure_title_clears_the_toolbar(r34):
    layout = cost_figure(r34).to_dict()["layout"]
    assert layout["title"]["yanchor"] == "bottom"
    assert layout["margin"]["t"] >= 2 * TOOLBAR_PX
