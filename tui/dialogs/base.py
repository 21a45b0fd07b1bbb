"""What every dialog shares: it opens clear of notices and says when it has closed.

A toast over a dialog can hide the very line that says how to save, so notices that
arrive while a dialog is open wait until it closes (the app holds them), and any notice
already on screen is cleared when a dialog opens.
"""

from __future__ import annotations

from typing import TypeVar

from textual.message import Message
from textual.screen import ModalScreen

from tui.keymap import RemappableBindings

ResultType = TypeVar("ResultType")

#: Double quotation marks: a text that has any is shown as it is, never quoted again.
QUOTATION_MARKS = frozenset('“”„«»"')


def quoted(text: str) -> str:
    """The text in quotation marks, unless it has its own (then it is shown as it is)."""
    return text if QUOTATION_MARKS.intersection(text) else f"“{text}”"


class Dialog(RemappableBindings, ModalScreen[ResultType]):
    """A modal dialog that keeps notices off itself."""

    class Closed(Message):
        """A dialog closed: notices held while it was open can be shown."""

    def on_screen_resume(self) -> None:
        self.app.clear_notifications()

    def on_screen_suspend(self) -> None:
        # Suspended, not unmounted: a dialog kept for reuse is never unmounted while the app
        # runs (and a dialog opened over this one suspends it: the app checks for that).
        self.app.post_message(self.Closed())
