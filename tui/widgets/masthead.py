"""The bar above the article: title, source and reading progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label


class Masthead(Horizontal):
    """Title and source on the left, progress on the right (all text shown literally)."""

    def __init__(self, title: str, source: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title
        self._source = source

    def compose(self) -> ComposeResult:
        yield Label(Content(self._title), id="masthead-title")
        yield Label(Content(self._source), id="masthead-source")
        yield Label(Content(""), id="masthead-progress")

    def set_progress(self, percent: int) -> None:
        self.query_one("#masthead-progress", Label).update(Content(f"{percent}%"))

    def set_status(self, status: str) -> None:
        """A short state shown beside the source (search matches, focus mode)."""
        source = self._source if not status else f"{self._source}  ·  {status}"
        self.query_one("#masthead-source", Label).update(Content(source))
