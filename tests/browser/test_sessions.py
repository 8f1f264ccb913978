"""Two sessions at once on one real server never see each other's configuration."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import resnet_viz as rv
from resnet_viz.formats import human


async def _run(ws, query: str) -> dict[str, str]:
    """Ask for one rerun with ``query`` as the URL; return the metrics it drew."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    await ws.send(msg.SerializeToString())
    metrics: dict[str, str] = {}
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            assert element.WhichOneof("type") != "exception", element.exception.message
            if element.WhichOneof("type") == "metric":
                metrics[element.metric.label] = element.metric.body
        if kind == "script_finished":
            return metrics


async def _session(url: str, queries: list[str]) -> list[dict[str, str]]:
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(
        ws_url, subprotocols=["streamlit"], max_size=None
    ) as ws:
        return [await _run(ws, q) for q in queries]


def test_concurrent_sessions_keep_their_own_config(app_url):
    a = ["arch=resnet50&input=224", "arch=resnet50&input=32", "arch=resnet50&input=224"]
    b = ["arch=resnet20&input=32", "arch=resnet20&input=64", "arch=resnet20&input=32"]

    async def both():
        return await asyncio.gather(_session(app_url, a), _session(app_url, b))

    # Its own thread: Playwright's sync API may hold an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen_a, seen_b = pool.submit(asyncio.run, both()).result()
    want_a = human(rv.trace("resnet50", 224).total_params)
    want_b = human(rv.trace("resnet20", 32).total_params)
    assert [m["Parameters"] for m in seen_a] == [want_a] * 3
    assert [m["Parameters"] for m in seen_b] == [want_b] * 3
    assert [m["Last feature map"] for m in seen_a] == [
        "7×7×2048",
        "1×1×2048",
        "7×7×2048",
    ]
    assert [m["Last feature map"] for m in seen_b] == ["8×8×64", "16×16×64", "8×8×64"]
