"""The five highlight colours: the one table every look of a colour comes from.

The reader's tints (`tui/newsdesk.tcss` reads `$highlight-<name>`, which the app defines from
`swatch`), the panes' swatches (`tui.colors`), the W3C export's stylesheet (`web_tint`) and the
Obsidian callout type (`callout`) all read it; nothing else spells a colour's hex.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from annotations.library.model import Color


@dataclass(frozen=True, slots=True)
class HighlightColor:
    """How one colour looks wherever it is shown."""

    color: Color
    #: Strong, readable as a swatch on dark and light themes; the reader tints text with it.
    swatch: str
    #: Pale, behind black text in web viewers that apply a W3C annotation's stylesheet.
    web_tint: str
    #: The Obsidian callout type of about that colour (the `callouts` template).
    callout: str

    @property
    def name(self) -> str:
        return self.color.value


#: In the order of the number keys 1-5.
HIGHLIGHT_COLORS: Mapping[Color, HighlightColor] = {
    look.color: look
    for look in (
        HighlightColor(Color.YELLOW, swatch="#d4b106", web_tint="#fff59d", callout="warning"),
        HighlightColor(Color.GREEN, swatch="#389e0d", web_tint="#c5e1a5", callout="success"),
        HighlightColor(Color.BLUE, swatch="#1d6fdc", web_tint="#90caf9", callout="info"),
        HighlightColor(Color.PINK, swatch="#eb2f96", web_tint="#f8bbd0", callout="danger"),
        HighlightColor(Color.PURPLE, swatch="#7c3aed", web_tint="#ce93d8", callout="example"),
    )
}


def css_variable(color: Color) -> str:
    """The Textual CSS variable holding the colour's swatch (``highlight-yellow``)."""
    return f"highlight-{color.value}"
