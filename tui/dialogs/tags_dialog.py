"""The tags editor: one line of comma-separated tags; enter saves, esc cancels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input, Static

from annotations.visible_text import visible_line
from tui.dialogs.base import Dialog, quoted
from tui.dialogs.confirm_dialog import close_unless_changed
from tui.excerpt import excerpt
from tui.visible_input import VisibleHighlighter


def parse_tags(value: str) -> list[str]:
    """Tags typed as ``a, b`` or ``#a #b``: commas separate; without commas, spaces do."""
    parts = value.split(",") if "," in value else value.split()
    return [part.strip() for part in parts if part.strip()]


class TagSuggester(Suggester):
    """Completes the tag being typed from the tags already used on this article."""

    def __init__(self, known: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._known = list(known)

    async def get_suggestion(self, value: str) -> str | None:
        separator = "," if "," in value else " "
        head, _, last = value.rpartition(separator)
        fragment = last.strip().lstrip("#").casefold()
        if not fragment:
            return None
        for tag in self._known:
            if tag.casefold().startswith(fragment) and tag.casefold() != fragment:
                lead = last[: len(last) - len(last.lstrip())]
                prefix = f"{head}{separator}" if head or separator in value else ""
                return f"{prefix}{lead}{tag}"
        return None


class TagsDialog(Dialog[list[str] | None]):
    """Edit the tags of a highlight. Dismisses with the tags, or None when cancelled."""

    HELP_SECTION = "Tags editor"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, quote: str, tags: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self._quote = quote
        self._tags = list(tags)
        self._known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-dialog", classes="dialog") as dialog:
            # The keys sit in the title: notices appear at the bottom of the screen.
            dialog.border_title = "Tags · enter save · esc cancel"
            dialog.border_subtitle = "comma between tags"
            yield Static(Content(quoted(excerpt(self._quote, 120))), classes="dialog-quote")
            yield Input(
                visible_line(", ".join(self._tags)),
                placeholder="e.g. regulation, ai",
                suggester=TagSuggester(self._known),
                id="tags-input",
                highlighter=VisibleHighlighter(),
            )
            known = visible_line(", ".join(self._known)) if self._known else "none yet"
            yield Static(Content(f"Tags on this article: {known}"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(parse_tags(event.value))

    def action_cancel(self) -> None:
        close_unless_changed(
            self,
            parse_tags(self.query_one(Input).value) != self._tags,
            "Discard the changes to these tags?",
        )
