"""A yes/no question in a dialog: y or enter confirms, n or esc cancels."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from annotations.visible_text import visible
from tui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask before doing something that cannot be undone. Dismisses with True to go ahead."""

    HELP_SECTION = "Confirmation"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "", *, confirm_label: str = "yes") -> None:
        """Set up the question.

        Args:
            question: One line asking what to do, e.g. ``Remove “Title”?``.
            detail: What going ahead means, shown under the question.
            confirm_label: The word the key hint uses for confirming (``remove``, ``yes``).
        """
        super().__init__()
        self._question = question
        self._detail = detail
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog") as dialog:
            # The keys sit in the title: notices appear at the bottom of the screen.
            dialog.border_title = f"Confirm · y {self._confirm_label} · n or esc cancel"
            # Content, not markup: titles and paths are shown as they are.
            yield Static(Content(visible(self._question)), id="confirm-question")
            if self._detail:
                yield Static(Content(visible(self._detail)), classes="dialog-hint")

    def action_answer(self, confirmed: bool) -> None:
        self.dismiss(confirmed)


def close_unless_changed(
    dialog: Dialog[Any], changed: bool, question: str, detail: str = ""
) -> None:
    """Close `dialog` with None (cancelled); when the user changed something, ask first.

    Args:
        dialog: The dialog `esc` was pressed in.
        changed: Whether its text differs from what it opened with.
        question: e.g. "Discard the changes to this note?".
        detail: What discarding means, under the question.
    """
    if not changed:
        dialog.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            dialog.dismiss(None)

    dialog.app.push_screen(ConfirmDialog(question, detail, confirm_label="discard"), answered)
