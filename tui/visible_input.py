"""Inputs that show what was typed or pasted with control characters as pictures.

Textual's `Input` draws its value as a Rich `Text`, which drops BEL and backspace but passes
ESC and C1 controls to the terminal: text pasted from an article could set the clipboard or the
window title. The highlighter below swaps each control character for its picture (one for
one, so cursor offsets stay right) in what is drawn only; the value itself is unchanged, so a
search still finds the article's own characters.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text

from annotations.visible_text import has_controls, visible


class VisibleHighlighter(Highlighter):
    """Give to an `Input` as ``highlighter=``: control characters are drawn as pictures."""

    def highlight(self, text: Text) -> None:
        if has_controls(text.plain):
            text.plain = visible(text.plain)
