"""UrlSync's rule on plain dicts standing in for session state and query params:
when a link is read, when the widgets win, and what is remembered."""

from __future__ import annotations

from resnet_viz.ui.url_sync import Part, UrlSync

OWNED = ("a", "b")


class Widgets:
    """A load function that records its calls and writes the 'widget' state."""

    def __init__(self, state: dict, corrected: Part | None = None) -> None:
        self.state = state
        self.corrected = corrected
        self.loaded: list[Part] = []

    def __call__(self, part: Part) -> Part | None:
        self.loaded.append(dict(part))
        self.state["w"] = dict(part)
        return self.corrected


def make(params: dict[str, str]) -> tuple[UrlSync, dict, dict[str, str]]:
    state: dict = {}
    sync = UrlSync("_last", OWNED.__contains__, state=state, params=params)
    return sync, state, params


def test_first_visit_reads_only_this_part_of_the_url() -> None:
    sync, state, _ = make({"a": "1", "other": "x"})
    load = Widgets(state)
    assert sync.read(load)
    assert load.loaded == [{"a": "1"}]
    assert state["_last"] == {"a": "1"}


def test_unchanged_url_is_not_reparsed_and_widgets_keep_their_value() -> None:
    sync, state, params = make({})
    sync.write({"a": "1"})
    assert params == {"a": "1"}
    state["w"] = "edited by the user"
    load = Widgets(state)
    assert not sync.read(load)
    assert load.loaded == []
    assert state["w"] == "edited by the user"


def test_page_switch_clears_the_url_and_widgets_keep_their_value() -> None:
    sync, state, params = make({})
    sync.write({"a": "1"})
    params.clear()  # Streamlit drops the query string on a page switch
    state["w"] = "kept"
    assert not sync.read(Widgets(state))
    assert state["w"] == "kept"
    assert sync.last() == {"a": "1"}


def test_edited_link_is_read_again() -> None:
    sync, state, params = make({})
    sync.write({"a": "1"})
    params["a"] = "2"  # the visitor edited the address bar
    load = Widgets(state)
    assert sync.read(load)
    assert load.loaded == [{"a": "2"}]
    assert state["_last"] == {"a": "2"}
    assert not sync.read(load)  # and only once


def test_warned_link_is_remembered_corrected() -> None:
    sync, state, params = make({"a": "bad", "b": "2"})
    load = Widgets(state, corrected={"a": "1", "b": "2"})
    assert sync.read(load)
    assert sync.last() == {"a": "1", "b": "2"}
    # The widgets now say the corrected view: writing it keeps other parameters.
    params["other"] = "x"
    sync.write({"a": "1", "b": "2"})
    assert params == {"a": "1", "b": "2", "other": "x"}


def test_write_drops_this_parts_stale_keys_only() -> None:
    sync, _, params = make({"a": "1", "b": "2", "other": "x"})
    sync.write({"a": "3"})
    assert params == {"a": "3", "other": "x"}
    assert sync.last() == {"a": "3"}
