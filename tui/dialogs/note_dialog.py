"""The note editor: a multi-line editor in a dialog; ctrl+s saves, esc cancels (asking first
when the note was changed).

The app keeps one note dialog and opens it again for each note (`note_dialog`): closing a
dialog that is thrown away removes its widgets, and Textual lays the screen below out
again after any removal — two more frames after every note's save (~30 ms at 5,000
highlights).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from annotations.visible_text import visible
from tui.dialogs.base import Dialog, quoted
from tui.dialogs.confirm_dialog import close_unless_changed
from tui.excerpt import excerpt

if TYPE_CHECKING:
    from textual.widgets import TextArea

#: The name the app's one note dialog is installed under.
NOTE_DIALOG = "note-dialog"


class NoteDialog(Dialog[str | None]):
    """Edit the note of a highlight. Dismisses with the new note, or None when cancelled."""

    HELP_SECTION = "Note editor"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(
        self, quote: str, note: str, on_save: Callable[[str], object] | None = None
    ) -> None:
        super().__init__()
        #: The highlighted text the note is about.
        self.quote = quote
        self._note = note
        #: Called with the note when it is saved (before the dialog closes, see `action_save`);
        #: without it the dialog is dismissed with the note.
        self.on_save = on_save

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
        self._start_editing()

    def reopen(self, quote: str, note: str, on_save: Callable[[str], object] | None = None) -> None:
        """Show another highlight's note (the dialog is kept between notes)."""
        self.quote, self._note, self.on_save = quote, note, on_save
        if self.is_mounted:
            self.query_one(".dialog-quote", Static).update(Content(self.heading))
            self._editor.load_text(visible(note, keep_newlines=True))  # its undo history too
            self._start_editing()

    def _start_editing(self) -> None:
        editor = self._editor
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        note = self._editor.text.strip()
        if self.on_save is None:
            self.dismiss(note)
            return
        # The note is saved while the dialog is still up, and the dialog closes once the
        # reader's panes have taken the change in: the reader's return then draws it in its
        # one frame (closed first, the change came in a frame of its own ~17 ms later).
        self.on_save(note)
        self.call_after_refresh(self.dismiss, None)

    def action_cancel(self) -> None:
        close_unless_changed(
            self,
            self._editor.text.strip() != self._note.strip(),
            "Discard the changes to this note?",
            "The note stays as it was before you opened it.",
        )


def note_dialog(
    app: App[Any], quote: str, note: str, on_save: Callable[[str], object]
) -> NoteDialog:
    """The app's note dialog, showing `quote` and `note` (made and installed on first use);
    `on_save` is called with the note saved."""
    if app.is_screen_installed(NOTE_DIALOG):
        dialog = app.get_screen(NOTE_DIALOG, NoteDialog)
        dialog.reopen(quote, note, on_save)
        return dialog
    dialog = NoteDialog(quote, note, on_save)
    app.install_screen(dialog, NOTE_DIALOG)
    return dialog
