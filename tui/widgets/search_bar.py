"""The `/` search prompt: finds as you type, `enter` keeps the matches, `esc` drops them."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from tui.visible_input import VisibleHighlighter


def find_matches(text: str, query: str) -> list[tuple[int, int]]:
    """Literal matches of `query`; case-insensitive unless it has a capital (smart case)."""
    if not query:
        return []
    flags = 0 if any(char.isupper() for char in query) else re.IGNORECASE
    return [(m.start(), m.end()) for m in re.finditer(re.escape(query), text, flags)]


class SearchBar(Input):
    """A one-line prompt docked under the article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close search", show=False),
    ]

    class Closed(Message):
        """The prompt closed; `keep` is False when the search was cancelled."""

        def __init__(self, keep: bool) -> None:
            super().__init__()
            self.keep = keep

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="Search the article (enter: keep, esc: cancel)",
            id=id,
            highlighter=VisibleHighlighter(),  # a pasted query may hold control characters
        )

    def action_cancel(self) -> None:
        self.post_message(self.Closed(keep=False))

    async def action_submit(self) -> None:
        self.post_message(self.Closed(keep=True))
