"""Styles a widget drawing its own lines keeps across repaints, until its CSS changes.

Textual forgets a widget's component styles (and computes its base style anew, from every
ancestor) on each `refresh`, even one of a single row. Looking one up again costs ~20–50 µs,
and the article draws a changed row with up to a dozen of them, so one highlighted row cost
~0.4 ms. Here they are kept until Textual reports a change of the widget's styles
(`notify_style_update`: CSS, theme, classes and pseudo-classes, its ancestors' included) or
the widget is refreshed whole (which Textual also does when its component styles change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from rich.style import Style
from textual.geometry import Region
from textual.widget import Widget

if TYPE_CHECKING:
    _Widget = Widget
else:
    # A mixin, not a Widget: Textual takes a widget's CSS from its first DOMNode base only.
    _Widget = object


class KeptStyles(_Widget):
    """Mixed into a Widget (listed before it): its `base_style` and `component_style`s
    outlive a partial refresh."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._kept_styles: dict[str, Style] = {}
        super().__init__(*args, **kwargs)

    @property
    def base_style(self) -> Style:
        """The widget's own Rich style (`rich_style`), kept."""
        style = self._kept_styles.get("")
        if style is None:
            style = self._kept_styles[""] = self.rich_style
        return style

    def component_style(self, name: str) -> Style:
        """The Rich style of one component class (`get_component_rich_style`), kept."""
        style = self._kept_styles.get(name)
        if style is None:
            style = self._kept_styles[name] = self.get_component_rich_style(name)
        return style

    def notify_style_update(self) -> None:
        self._kept_styles.clear()
        super().notify_style_update()

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if not regions and repaint:
            self._kept_styles.clear()
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
