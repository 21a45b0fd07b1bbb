"""The bar above the article: title, source, the reader's state and reading progress.

What the reader needs to see — selection mode, `match k/n`, `mention k/n`, progress — keeps
its room at any width; the title gives way first, then the source.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from annotations.visible_text import visible_line
from tui.widgets.kept_styles import KeptStyles
from tui.widgets.masthead_fit import PARTS, Piece, fit


def byline(author: str | None, date: str | None, site: str | None, source: str) -> str:
    """ "By Ana Ruiz · 2025-03-01 · Riverside Gazette · https://…": what is known, in order."""
    parts = [f"By {author}" if author else "", date or "", site or "", source]
    return " · ".join(part for part in parts if part)


class Masthead(KeptStyles, Widget):
    """Title, byline and source, mode, status and progress (all literal text), on one line.

    One widget drawing its own line (`masthead_fit`): a status or mode of another width
    redraws this line only. As a row of labels, every such change laid the whole screen out
    again and repainted it — a frame of the screen's size after most edits.
    """

    DEFAULT_CSS = """
    Masthead {
        height: 1;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"masthead--{part}" for part in PARTS}

    def __init__(self, title: str, source: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Outside text: control characters are shown as pictures, never sent to the terminal.
        self.title_text = visible_line(title)
        self.source_text = visible_line(source)
        self.status = ""
        self.mode = ""
        #: The percentage shown; None until the first is known.
        self.progress: int | None = None

    def pieces(self) -> list[Piece]:
        """What the line shows now, part by part."""
        return fit(
            self.size.width,
            self.title_text,
            self.source_text,
            self.mode,
            visible_line(self.status),
            self.progress,
        )

    def render_line(self, y: int) -> Strip:
        if y != 0:
            return Strip.blank(self.size.width, self.base_style)
        base = self.base_style
        styles = {part: self.component_style(f"masthead--{part}") for part in PARTS}
        segments = [
            Segment(piece.text, base + styles[piece.part] if piece.part in styles else base)
            for piece in self.pieces()
            if piece.text
        ]
        return Strip(segments, self.size.width)

    def set_progress(self, percent: int) -> None:
        if percent != self.progress:
            self.progress = percent
            self._redraw()

    def set_status(self, status: str) -> None:
        """A short state beside the progress (search matches, mentions, a change undone)."""
        if status != self.status:
            self.status = status
            self._redraw()

    def set_mode(self, mode: str) -> None:
        """A mode the keys are in, e.g. SELECT while a selection is being made."""
        if mode != self.mode:
            self.mode = mode
            self._redraw()

    def _redraw(self) -> None:
        # Its one row, as a region: a whole refresh would forget its styles (`KeptStyles`).
        self.refresh(self.size.region)
