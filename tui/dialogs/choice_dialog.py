"""Pick one of a few answers: j/k or arrows move, enter picks, esc cancels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.dialogs.base import Dialog


class ChoiceDialog(Dialog[str | None]):
    """Ask a question with a few answers. Dismisses with the chosen value, or None."""

    HELP_SECTION = "Choice"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", "Next", show=False),
        Binding("k", "move(-1)", "Previous", show=False),
        Binding("g", "edge(-1)", "First", show=False),
        Binding("G", "edge(1)", "Last", show=False),
    ]

    def __init__(
        self, question: str, choices: Sequence[tuple[str, str]], *, current: str | None = None
    ) -> None:
        """Set up the question.

        Args:
            question: One line saying what is asked (shown literally).
            choices: (value, label) pairs, in the order shown.
            current: The value selected at first.
        """
        super().__init__()
        self._question = question
        self._choices = list(choices)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog", classes="dialog") as dialog:
            dialog.border_title = "Choose · enter pick · esc cancel"
            yield Static(Content(self._question), classes="dialog-quote")
            yield OptionList(
                *(Option(Content(label), id=value) for value, label in self._choices),
                id="choice-list",
            )

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        values = [value for value, _label in self._choices]
        if self._current in values:
            choices.highlighted = values.index(self._current)
        choices.focus()

    def action_move(self, delta: int) -> None:
        choices = self.query_one(OptionList)
        if delta > 0:
            choices.action_cursor_down()
        else:
            choices.action_cursor_up()

    def action_edge(self, direction: int) -> None:
        choices = self.query_one(OptionList)
        if direction > 0:
            choices.action_last()
        else:
            choices.action_first()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
