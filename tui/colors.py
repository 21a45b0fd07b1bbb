"""The five highlight colours as swatches for the panes (the text tints live in the .tcss)."""

from __future__ import annotations

from annotations.library.model import Color

#: Strong versions of the tints in newsdesk.tcss, readable as a swatch on dark and light themes.
SWATCHES: dict[Color, str] = {
    Color.YELLOW: "#d4b106",
    Color.GREEN: "#389e0d",
    Color.BLUE: "#1d6fdc",
    Color.PINK: "#eb2f96",
    Color.PURPLE: "#7c3aed",
}

#: The colour each number key gives.
COLOR_KEYS: dict[str, Color] = {str(n): color for n, color in enumerate(Color, start=1)}
