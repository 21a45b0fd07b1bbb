"""Ask for one line of text, completed from names the article already has."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from tui.dialogs.base import Dialog


class PromptDialog(Dialog[str | None]):
    """One line of text. Dismisses with what was typed (stripped), or None when cancelled."""

    HELP_SECTION = "Prompt"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self, title: str, question: str, value: str = "", suggestions: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._value = value
        self._suggestions = list(suggestions)

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog", classes="dialog") as dialog:
            dialog.border_title = f"{self._title} · enter save · esc cancel"
            yield Static(Content(self._question), classes="dialog-quote")
            yield Input(
                self._value,
                suggester=SuggestFromList(self._suggestions, case_sensitive=False),
                id="prompt-input",
            )
            if self._suggestions:
                known = ", ".join(self._suggestions[:8])
                yield Static(Content(f"In this article: {known}"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
