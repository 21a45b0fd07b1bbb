"""A ScrollView that a screen layout leaves alone unless its own size changed.

Textual's ScrollView compares the virtual size a layout passes it (its content region) with
its own (what it scrolls over), so they differ on every layout: every layout anywhere on the
screen (a status of another width in the masthead) refitted each scroll view's scrollbars
and redrew them, in a frame of their own after the layout's. Here a layout that changes
neither the widget's size nor its scrollable size since the last fitting changes nothing.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView

from tui.keymap import RemappableBindings


class SteadyScrollView(RemappableBindings, ScrollView):
    """A ScrollView that takes a layout that leaves its size as it was as no change."""

    #: The scrollable size the scrollbars were last fitted to.
    _fitted_virtual_size: Size | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # ScrollView sizes its scrollbars from its own virtual size, not the one passed.
        if (
            size == self._size
            and self.virtual_size == self._fitted_virtual_size
            and self._container_size == size - self.styles.gutter.totals
        ):
            return False
        self._fitted_virtual_size = self.virtual_size
        return super()._size_updated(size, virtual_size, container_size, layout)
