"""A titled side pane: a list of rows, or one plain sentence when there is nothing to list."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotations.visible_text import visible


class ListPane(Vertical):
    """A pane with a border title, an option list and a message for when it is empty."""

    DEFAULT_CLASSES = "pane"

    def __init__(self, title: str, empty_message: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title
        self._empty_message = empty_message

    def compose(self) -> ComposeResult:
        yield Static(Content(self._empty_message), classes="pane-message")
        yield OptionList(classes="pane-list")

    def on_mount(self) -> None:
        self.show_message(self._empty_message)

    @property
    def option_list(self) -> OptionList:
        return self.query_one(OptionList)

    def on_descendant_focus(self) -> None:
        """Entering the list lands on a real row, never on a group header or nowhere."""
        option_list = self.option_list
        index = option_list.highlighted
        if option_list.option_count and (
            index is None or option_list.get_option_at_index(index).disabled
        ):
            option_list.action_first()

    def show_message(self, message: str) -> None:
        """Say something plainly instead of listing rows (empty, working, failed)."""
        self.query_one(".pane-message", Static).update(Content(visible(message)))
        self.set_class(True, "-message")
        self.option_list.clear_options()
        # An empty pane still takes focus, so tab visits every pane and it can say why.
        self.can_focus = True

    def show_options(self, options: Iterable[Option], empty_message: str | None = None) -> None:
        rows = list(options)
        if not rows:
            self.show_message(empty_message or self._empty_message)
            return
        option_list = self.option_list
        highlighted = option_list.highlighted
        option_list.set_options(rows)
        if highlighted is not None and rows:
            option_list.highlighted = min(highlighted, len(rows) - 1)
        self.set_class(False, "-message")
        had_focus = self.has_focus
        self.can_focus = False
        if had_focus:
            option_list.focus()
