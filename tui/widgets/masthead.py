"""The bar above the article: title, source and reading progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label

from annotations.visible_text import visible_line


def byline(author: str | None, date: str | None, site: str | None, source: str) -> str:
    """"By Ana Ruiz · 2025-03-01 · Riverside Gazette · https://…": what is known, in order."""
    parts = [f"By {author}" if author else "", date or "", site or "", source]
    return " · ".join(part for part in parts if part)


class Masthead(Horizontal):
    """Title, then byline, date, site and source; progress on the right (all literal text)."""

    def __init__(self, title: str, source: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Outside text: control characters are shown as pictures, never sent to the terminal.
        self._title = visible_line(title)
        self._source = visible_line(source)

    def compose(self) -> ComposeResult:
        yield Label(Content(self._title), id="masthead-title")
        yield Label(Content(self._source), id="masthead-source")
        yield Label(Content(""), id="masthead-progress")

    def set_progress(self, percent: int) -> None:
        self.query_one("#masthead-progress", Label).update(Content(f"{percent}%"))

    def set_status(self, status: str) -> None:
        """A short state shown beside the source (search matches, focus mode)."""
        source = self._source if not status else f"{self._source}  ·  {visible_line(status)}"
        self.query_one("#masthead-source", Label).update(Content(source))
