"""The bar above the article: title, source, the reader's state and reading progress.

What the reader needs to see — selection mode, `match k/n`, `mention k/n`, progress — keeps
its room at any width; the title gives way first, then the source.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Label

from annotations.visible_text import visible_line


def byline(author: str | None, date: str | None, site: str | None, source: str) -> str:
    """ "By Ana Ruiz · 2025-03-01 · Riverside Gazette · https://…": what is known, in order."""
    parts = [f"By {author}" if author else "", date or "", site or "", source]
    return " · ".join(part for part in parts if part)


class MastheadLabel(Label):
    """A label of the masthead: a new width from a layout is drawn in that layout's frame.

    Textual's widgets take a new size from a layout as a change that needs another layout
    (their virtual size is a layout reactive), so a status of another width cost three
    frames: the layout, a second layout for the labels it resized, then the scrollbars. A
    label has nothing to scroll and nothing inside to lay out: its new size is only drawn.
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class Masthead(Horizontal):
    """Title, byline and source, mode, status and progress (all literal text)."""

    def __init__(self, title: str, source: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Outside text: control characters are shown as pictures, never sent to the terminal.
        self._title = visible_line(title)
        self._source = visible_line(source)
        self.status = ""
        self.mode = ""
        #: The percentage shown; None until the first is known.
        self.progress: int | None = None

    def compose(self) -> ComposeResult:
        yield MastheadLabel(Content(self._title), id="masthead-title")
        yield MastheadLabel(Content(self._source), id="masthead-source")
        yield MastheadLabel(Content(""), id="masthead-mode")
        yield MastheadLabel(Content(""), id="masthead-status")
        yield MastheadLabel(Content(""), id="masthead-progress")

    def set_progress(self, percent: int) -> None:
        if percent != self.progress:
            self.progress = percent
            # The label has a fixed width: no layout pass (a layout pass repaints every
            # scrollbar on the screen, in a frame of its own, after every cursor key).
            label = self.query_one("#masthead-progress", Label)
            label.update(Content(f"{percent}%"), layout=False)

    def set_status(self, status: str) -> None:
        """A short state beside the progress (search matches, mentions, a change undone)."""
        if status != self.status:
            # Only a change of width moves the title and source: lay out only then.
            layout = cell_len(status) != cell_len(self.status)
            self.status = status
            label = self.query_one("#masthead-status", Label)
            label.update(Content(visible_line(status)), layout=layout)

    def set_mode(self, mode: str) -> None:
        """A mode the keys are in, e.g. SELECT while a selection is being made."""
        if mode != self.mode:
            self.mode = mode
            label = self.query_one("#masthead-mode", Label)
            label.update(Content(mode))
            label.display = bool(mode)
