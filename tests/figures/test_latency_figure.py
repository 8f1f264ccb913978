"""The latency figure from hand-built timings: two bar traces in stage colours, the
times in ms on the first, the MACs on the second (read from fig.to_dict())."""

from __future__ import annotations

from resnet_viz.figures.latency import latency_figure
from resnet_viz.figures.palette import stage_color
from resnet_viz.latency import StageTiming


def test_times_and_macs_side_by_side():
    timings = [
        StageTiming("stem", 0.002, 0.0001, 50, 118_013_952),
        StageTiming("layer1", 0.0035, 0.0002, 50, 462_422_016),
        StageTiming("head", 0.0001, 0.0, 50, 512_000),
    ]
    fig = latency_figure(timings, title="resnet18 on cpu").to_dict()
    times, macs = fig["data"]
    assert list(times["y"]) == [2.0, 3.5, 0.1]
    assert list(times["text"]) == ["2.00", "3.50", "0.10"]
    assert list(macs["y"]) == [118_013_952, 462_422_016, 512_000]
    assert list(times["marker"]["color"]) == [stage_color(s.name) for s in timings]
    assert (times["xaxis"], macs["xaxis"]) == ("x", "x2")
    assert fig["layout"]["title"]["text"] == "resnet18 on cpu"
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert titles == ["Median time (ms)", "MACs"]
