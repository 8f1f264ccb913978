"""One page's part of the URL kept in step with its widgets: read a new link, write
what the widgets show, and remember what this session wrote. No views/ imports.

The rule, the same for the sidebar, the comparison, the walkthrough's step and the
language: a part differing from what this session last wrote is a pasted or edited
link, or Back/Forward, and is loaded into the widgets. A part equal to it (a rerun) is
not, and an empty part after the first run is a page switch (Streamlit clears the
query string then): in both cases the widgets keep their values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

Part = dict[str, str]
# Puts a part into the widgets; returns the corrected part when the link had to be
# corrected (it warned), else None: the part as it came is remembered.
Load = Callable[[Part], Part | None]


@dataclass(frozen=True, slots=True)
class UrlSync:
    """One part of the query string and the session-state key remembering it.

    Attributes:
        last_key: the session-state key holding the part this session last wrote
            (or read and corrected); absent before the first sync.
        owns: whether a query parameter's name belongs to this part.
        state: the session state; st.session_state unless a test passes a dict.
        params: the query parameters; st.query_params unless a test passes a dict.
    """

    last_key: str
    owns: Callable[[str], bool]
    state: MutableMapping[str, Any] | None = None
    params: MutableMapping[str, str] | None = None

    def _state(self) -> MutableMapping[str, Any]:
        return st.session_state if self.state is None else self.state

    def _params(self) -> MutableMapping[str, str]:
        return st.query_params if self.params is None else self.params

    def part(self) -> Part:
        """This part of the URL as it is now (a repeated parameter: its last value)."""
        params = self._params()
        return {k: params[k] for k in params if self.owns(k)}

    def last(self) -> Part | None:
        """The part this session last wrote or corrected; None before the first sync."""
        return self._state().get(self.last_key)

    def is_new(self, part: Mapping[str, str]) -> bool:
        """Whether ``part`` must be loaded: the first sync, or a non-empty part that
        differs from what this session last wrote."""
        last = self.last()
        return last is None or (bool(part) and part != last)

    def read(self, load: Load) -> bool:
        """Load this part of the URL into the widgets when it is new (see is_new).

        Args:
            load: puts the part into the widget state; returns the corrected part
                when the link warned, else None.

        Returns:
            Whether ``load`` ran.
        """
        part = self.part()
        if not self.is_new(part):
            return False
        corrected = load(part)
        self._state()[self.last_key] = part if corrected is None else corrected
        return True

    def write(self, part: Mapping[str, str]) -> None:
        """Make this part of the URL equal ``part`` (touching the query string only
        when it differs, other parts untouched) and remember it as written."""
        params = self._params()
        current = self.part()
        if current != part:
            for k in current:
                if k not in part:
                    del params[k]
            params.update(part)
        self._state()[self.last_key] = dict(part)
