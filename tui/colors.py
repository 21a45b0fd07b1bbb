"""The five highlight colours in the app: swatches, CSS variables and number keys.

Every hex comes from `annotations.library.highlight_colors`; `newsdesk.tcss` uses the variables.
"""

from __future__ import annotations

from annotations.library.highlight_colors import HIGHLIGHT_COLORS, css_variable
from annotations.library.model import Color

#: The swatch of each colour, for the panes.
SWATCHES: dict[Color, str] = {color: look.swatch for color, look in HIGHLIGHT_COLORS.items()}

#: ``$highlight-yellow`` and the rest, for the stylesheet (`NewsdeskApp.get_css_variables`).
CSS_VARIABLES: dict[str, str] = {
    css_variable(color): look.swatch for color, look in HIGHLIGHT_COLORS.items()
}

#: The colour each number key gives.
COLOR_KEYS: dict[str, Color] = {str(n): color for n, color in enumerate(Color, start=1)}
