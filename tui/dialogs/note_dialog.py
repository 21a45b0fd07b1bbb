"""The note editor: a multi-line editor in a dialog; ctrl+s saves, esc cancels (asking first
when the note was changed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from annotations.visible_text import visible, visible_line
from tui.dialogs.base import Dialog, quoted
from tui.dialogs.confirm_dialog import close_unless_changed

if TYPE_CHECKING:
    from textual.widgets import TextArea

EXCERPT_CHARS = 160


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word near `limit` characters, control characters shown."""
    line = " ".join(visible_line(text).split())
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", 0, limit)
    return line[: cut if cut > 0 else limit] + "…"


class NoteDialog(Dialog[str | None]):
    """Edit the note of a highlight. Dismisses with the new note, or None when cancelled."""

    HELP_SECTION = "Note editor"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, quote: str, note: str) -> None:
        super().__init__()
        #: The highlighted text the note is about.
        self.quote = quote
        self._note = note

    @property
    def heading(self) -> str:
        """The highlighted text as the dialog shows it: on one line, quoted once."""
        return quoted(excerpt(self.quote))

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog") as dialog:
            # The keys sit in the title: notices appear at the bottom of the screen.
            dialog.border_title = "Note · ctrl+s save · esc cancel"
            yield Static(Content(self.heading), classes="dialog-quote")
            # A note may come from an import: its control characters are shown as pictures.
            note = visible(self._note, keep_newlines=True)
            # Imported here: TextArea (~25 ms) is not needed before a note is written.
            from textual.widgets import TextArea

            yield TextArea(note, id="note-editor", soft_wrap=True, tab_behavior="indent")

    @property
    def _editor(self) -> TextArea:
        from textual.widgets import TextArea

        return self.query_one("#note-editor", TextArea)

    def on_mount(self) -> None:
        super().on_mount()
        editor = self._editor
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        self.dismiss(self._editor.text.strip())

    def action_cancel(self) -> None:
        close_unless_changed(
            self,
            self._editor.text.strip() != self._note.strip(),
            "Discard the changes to this note?",
            "The note stays as it was before you opened it.",
        )
