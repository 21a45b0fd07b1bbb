"""A screen whose frames send the terminal only what changed, a closing dialog included.

Each key's frame goes through `RowCompositor` (only the widgets and rows that changed).

A dialog closing is the other whole-screen frame. Textual repaints a screen whole when a
screen pushed over it closes (it asks for it twice: as the screen is covered, and as it
comes back), because the screen over it may have dimmed it. Our dialogs do not dim
(`tui.dialogs.base`): what shows around a dialog's box is this screen as it is, drawn
through the dialog's transparent background. So a dialog opened with `open_dialog` turns
those whole-screen repaints into one of the box's area, sent again from what this screen's
widgets have already drawn. With 5,000 highlights, a note's save was a 25 kB frame that
composed every widget (~8 ms); now it is the box and what the save changed.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from textual.geometry import Region, Size
from textual.screen import Screen, ScreenResultCallbackType

from tui.dialogs.base import Dialog
from tui.keymap import RemappableBindings
from tui.row_compositor import RowCompositor

ResultType = TypeVar("ResultType")
DialogResult = TypeVar("DialogResult")

#: Marks a widget for the next frame without a row of its own to draw.
_NOWHERE = Region(0, 0, 0, 0)


class PartialRepaintScreen(RemappableBindings, Screen[ResultType]):
    """A screen that draws only what changed, and only a dialog's box when it closes."""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._compositor: RowCompositor = RowCompositor()
        #: The dialog opened over this screen, until the frame after it closed is drawn.
        self._dialog: Dialog[Any] | None = None
        #: The terminal's size as the dialog opened: after a resize, Textual's whole repaint.
        self._size_under_dialog = Size(0, 0)
        self._opening = False
        #: Regions that changed under the dialog (drawn through it): drawn again when back.
        self._changed_under_dialog: list[Region] = []
        #: Of a dialog's closing, done so far: this screen back, and Textual done with it.
        self._closing_steps = 0

    def open_dialog(
        self,
        dialog: Dialog[DialogResult],
        callback: ScreenResultCallbackType[DialogResult] | None = None,
    ) -> None:
        """Push `dialog` over this screen; its closing repaints only its box."""
        self._dialog, self._size_under_dialog = dialog, self.app.size
        self._closing_steps = 0
        dialog.when_closed = lambda: self._closing_step(dialog)
        self._opening = True
        try:
            self.app.push_screen(dialog, callback)
        finally:
            self._opening = False

    def _compositor_refresh(self) -> None:
        compositor = self._compositor
        if self._dialog is None or self not in self.app._background_screens:
            super()._compositor_refresh()
            return
        # Under the dialog: what changed is drawn through the dialog's screen now, and again
        # by this screen when it is back. (Textual marks this whole screen for a repaint
        # instead, and that repaint's frame leaves out every widget changed meanwhile: with
        # a dialog's closing no longer a whole repaint, a status set as it closed stayed
        # unseen.)
        regions = list(compositor._dirty_regions)
        compositor._dirty_regions.clear()
        self._dirty_widgets.clear()
        if regions:
            self._changed_under_dialog.extend(regions)
            self.app.screen.refresh(*regions)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if not regions and repaint and not layout and not recompose:
            if self._opening:
                # Asked as the dialog covers this screen, which has not changed: the dialog's
                # screen draws what shows of it.
                return self
            box = self._closed_dialog_box()
            if box is not None:
                for region in (box, *self._changed_under_dialog):
                    self._compositor.repaint(region)
                self._changed_under_dialog.clear()
                # A frame is made when a widget has something for it: give one nothing.
                next(iter(self.children), self).refresh(_NOWHERE)
                return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _closed_dialog_box(self) -> Region | None:
        """The box of the dialog that has just closed over this screen, if only it needs
        drawing again (None while it is open, or after a resize)."""
        dialog = self._dialog
        if dialog is None or dialog.box is None or not self.is_active:
            return None
        if self.app.size != self._size_under_dialog:
            return None
        return dialog.box

    def on_screen_resume(self) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        if dialog.box is None:
            # Closed some other way than `dismiss`: Textual's whole repaint follows.
            self._dialog = None
            self._changed_under_dialog.clear()
        else:
            self._closing_step(dialog)

    def _closing_step(self, dialog: Dialog[Any]) -> None:
        """One of a dialog's closing steps is done: this screen is back, or Textual is done
        with the dialog (each comes with a whole repaint asked of this screen, in either
        order); once both are, and drawn, this screen's repaints are its own again."""
        if self._dialog is dialog:
            self._closing_steps += 1
            if self._closing_steps == 2:
                self.call_after_refresh(self._dialog_closed, dialog)

    def _dialog_closed(self, dialog: Dialog[Any]) -> None:
        if self._dialog is dialog:
            self._dialog = None
