"""What every dialog shares: it opens clear of notices, leaves no trace outside its box,
and says when it has closed.

A toast over a dialog can hide the very line that says how to save, so notices that
arrive while a dialog is open wait until it closes (the app holds them), and any notice
already on screen is cleared when a dialog opens.

A dialog does not dim the screen under it (Textual's modal screens do): what shows around
its box is that screen as it is, so when the dialog closes only the box's area has to be
drawn again (`tui.screens.partial_repaint`), not the whole screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.geometry import Region
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget

from tui.keymap import RemappableBindings

ResultType = TypeVar("ResultType")

#: Double quotation marks: a text that has any is shown as it is, never quoted again.
QUOTATION_MARKS = frozenset('“”„«»"')


def quoted(text: str) -> str:
    """The text in quotation marks, unless it has its own (then it is shown as it is)."""
    return text if QUOTATION_MARKS.intersection(text) else f"“{text}”"


class Dialog(RemappableBindings, ModalScreen[ResultType]):
    """A modal dialog that keeps notices off itself and the screen under it as it is.

    Attributes:
        box: Where the dialog drew, on screen, as it closed (None while it is open).
        when_closed: Called once Textual is done closing the dialog (`dismiss`).
    """

    DEFAULT_CSS = """
    Dialog {
        background: transparent;
    }
    """

    class Closed(Message):
        """A dialog closed: notices held while it was open can be shown."""

    box: Region | None = None
    when_closed: Callable[[], object] | None = None

    def on_screen_resume(self) -> None:
        self.box = None
        self.app.clear_notifications()

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        # Everything the dialog shows, its overlays included, is one of its widgets.
        shown = [widget.region for widget in self.walk_children(Widget) if widget.display]
        # An empty box (nothing drawn): the screen under it is drawn again whole.
        self.box = Region.from_union(regions) if (regions := [r for r in shown if r]) else None
        return super().dismiss(result)

    def on_screen_suspend(self) -> None:
        if self.box is not None and self.when_closed is not None:
            self.when_closed()  # closed (suspended under another dialog, it keeps no box)
        # Suspended, not unmounted: a dialog kept for reuse is never unmounted while the app
        # runs (and a dialog opened over this one suspends it: the app checks for that).
        self.app.post_message(self.Closed())
