"""Baselines run in the same session as newsdesk: minimal Textual apps showing a file.

  python benchmarks/_minimal_apps.py static FILE   # the owner's hello_textual.py: one Static
  python benchmarks/_minimal_apps.py cursor FILE   # a Line-API view whose cursor row j/k move

`static` is the first-frame baseline; `cursor` answers keys, as the simplest Textual widget
that redraws the two rows a cursor leaves and enters (newsdesk's goal for a cursor key).
"""

from __future__ import annotations

import sys

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

REVERSE = Style(reverse=True)


class CursorLines(ScrollView, can_focus=True):
    """The file's lines; j and k move a reverse-video row."""

    BINDINGS = [Binding("j", "move(1)"), Binding("k", "move(-1)")]  # noqa: RUF012

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines
        self.row = 0
        self.virtual_size = Size(max(map(len, lines), default=0), len(lines))

    def action_move(self, delta: int) -> None:
        old, self.row = self.row, min(max(self.row + delta, 0), len(self.lines) - 1)
        top = int(self.scroll_offset.y)
        for line in (old, self.row):
            self.refresh(Region(0, line - top, self.size.width, 1))
        self.scroll_to_region(Region(0, self.row, 1, 1), animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        line = int(self.scroll_offset.y) + y
        if line >= len(self.lines):
            return Strip.blank(self.size.width)
        style = REVERSE if line == self.row else Style()
        return Strip([Segment(self.lines[line], style)]).adjust_cell_length(self.size.width)


class Hello(App[None]):
    """The owner's baseline (/work/shared/tools/hello_textual.py): one Static."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text, markup=False)


class Cursor(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        # Wrapped crudely at 78 columns: the baseline needs lines, not typography.
        self.lines = [
            paragraph[i : i + 78]
            for paragraph in text.split("\n")
            for i in range(0, max(len(paragraph), 1), 78)
        ]

    def compose(self) -> ComposeResult:
        yield CursorLines(self.lines)


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as file:
        content = file.read()
    (Hello(content) if kind == "static" else Cursor(content)).run()
