"""The `/` search prompt: finds as you type, `enter` keeps the matches, `esc` drops them;
`up` and `down` walk through earlier searches."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from tui.keymap import RemappableBindings
from tui.visible_input import VisibleHighlighter


def find_matches(text: str, query: str) -> list[tuple[int, int]]:
    """Literal matches of `query`; case-insensitive unless it has a capital (smart case)."""
    if not query:
        return []
    flags = 0 if any(char.isupper() for char in query) else re.IGNORECASE
    return [(m.start(), m.end()) for m in re.finditer(re.escape(query), text, flags)]


class SearchBar(RemappableBindings, Input):
    """A one-line prompt docked under the article."""

    HELP_SECTION = "Search prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close search", show=False),
        Binding("up", "history(-1)", "Earlier search", show=False),
        Binding("down", "history(1)", "Later search", show=False),
    ]

    class Closed(Message):
        """The prompt closed; `keep` is False when the search was cancelled."""

        def __init__(self, keep: bool) -> None:
            super().__init__()
            self.keep = keep

    def __init__(self, *, history: list[str] | None = None, id: str | None = None) -> None:
        super().__init__(
            placeholder="Search the article (enter: keep, esc: cancel)",
            id=id,
            highlighter=VisibleHighlighter(),  # a pasted query may hold control characters
        )
        #: Earlier searches, oldest first; shared with later readers when the app passes one.
        self.history = history if history is not None else []
        self._history_index = len(self.history)

    def open(self) -> None:
        """Start a new search: an empty prompt, history from the newest."""
        self.value = ""
        self._history_index = len(self.history)
        self.display = True
        self.focus()

    def action_history(self, step: int) -> None:
        index = self._history_index + step
        if 0 <= index < len(self.history):
            self._history_index = index
            self.value = self.history[index]
            self.cursor_position = len(self.value)
        elif index == len(self.history):
            self._history_index = index
            self.value = ""

    def action_cancel(self) -> None:
        self.post_message(self.Closed(keep=False))

    async def action_submit(self) -> None:
        query = self.value
        if query:
            if query in self.history:
                self.history.remove(query)
            self.history.append(query)
        self.post_message(self.Closed(keep=True))
