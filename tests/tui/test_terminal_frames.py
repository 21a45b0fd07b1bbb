"""What the terminal shows after each key is what a repaint of the whole screen would show.

Frames send only what changed: a key's frame only the widgets and rows under what it
changed (`tui.row_compositor`), a dialog's closing only the dialog's box
(`tui.screens.partial_repaint`). Here every frame the app sends is played into a terminal
emulator (pyte), and after each key its screen is compared, cell by cell (character,
colours, attributes), with a repaint of the whole screen played into a fresh emulator: a
cell a frame should have sent and did not shows as a difference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyte
import pytest
from pilot_support import analysed
from textual._compositor import CompositorUpdate, LayoutUpdate
from textual.pilot import Pilot
from textual.screen import Screen

from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.dialogs.note_dialog import NoteDialog
from tui.screens.reader import ReaderScreen
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.masthead import Masthead


def _as_seen(cell: Any) -> Any:
    if cell.data == " " and not (cell.underscore or cell.strikethrough or cell.reverse):
        return cell._replace(fg="default", bold=False, italics=False, blink=False)
    return cell


class Terminal:
    """A terminal emulator fed every frame the app sends."""

    def __init__(self, app: NewsdeskApp, size: tuple[int, int]) -> None:
        self.app = app
        self.size = size
        self.screen = pyte.Screen(*size)
        self._stream = pyte.Stream(self.screen)
        #: Each frame sent: "whole" (every cell) or "partial".
        self.sent: list[str] = []
        display = app._display

        def sending(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)  # headless: sends nothing itself
            # What a terminal would receive: Textual drops frames made inside a batch.
            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self.sent.append("whole" if isinstance(renderable, LayoutUpdate) else "partial")
                self._stream.feed(renderable.render_segments(app.console))

        app._display = sending  # type: ignore[method-assign]

    def cells(self) -> list[list[Any]]:
        """Each cell as it looks: a blank's foreground colour cannot be seen, so it is left
        out (unless the blank is underlined or struck through)."""
        width, height = self.size
        return [[_as_seen(self.screen.buffer[y][x]) for x in range(width)] for y in range(height)]

    def repainted(self) -> list[list[Any]]:
        """What a repaint of the whole current screen shows, in a fresh emulator."""
        strips = self.app.screen._compositor.render_strips()
        update = LayoutUpdate([[strip] for strip in strips], self.app.screen.region)
        fresh = Terminal.__new__(Terminal)
        fresh.size = self.size
        fresh.screen = pyte.Screen(*self.size)
        pyte.Stream(fresh.screen).feed(update.render_segments(self.app.console))
        return fresh.cells()

    def differences(self) -> list[str]:
        """The rows whose cells differ from a whole repaint, as shown and as repainted."""
        shown, repainted = self.cells(), self.repainted()
        return [
            f"row {y}: {''.join(c.data for c in a)!r} != {''.join(c.data for c in b)!r}"
            f" (first at column {x}: {a[x]} != {b[x]})"
            for y, (a, b) in enumerate(zip(shown, repainted, strict=True))
            if a != b
            for x in [next(x for x, (p, q) in enumerate(zip(a, b, strict=True)) if p != q)]
        ]


async def press_and_compare(pilot: Pilot[Any], terminal: Terminal, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        assert terminal.differences() == [], f"after {key!r}: " + "\n".join(terminal.differences())


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_edits_leave_the_terminal_as_a_whole_repaint_would(
    seed_article: Article, library: Path, size: tuple[int, int]
) -> None:
    """Highlight, recolour, move, delete, undo and redo, scroll: after each key the terminal
    shows what a whole repaint shows."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=size) as pilot:
        terminal = Terminal(app, size)
        await analysed(app)
        await pilot.pause()
        # Start from a whole frame, as the terminal had after the first one.
        app.screen.refresh()
        await pilot.pause()
        assert terminal.sent and terminal.differences() == []
        await press_and_compare(pilot, terminal, "h", "2", ")", "h", "3", "j", "j", "h")
        await press_and_compare(pilot, terminal, "x", "u", "u", "ctrl+r", "}", "h", "G", "g")
        assert len(app.session.highlights) >= 3


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_closing_a_dialog_repaints_its_box_and_what_changed(
    seed_article: Article, library: Path, size: tuple[int, int]
) -> None:
    """A note's save, a note cancelled and tags saved: each dialog's closing sends only its
    box and what the edit changed, and the terminal shows what a whole repaint shows."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=size) as pilot:
        terminal = Terminal(app, size)
        await analysed(app)
        app.screen.refresh()
        await pilot.pause()
        await press_and_compare(pilot, terminal, "h", "a")
        assert isinstance(app.screen, NoteDialog)
        await press_and_compare(pilot, terminal, "w", "h", "y")
        sent = len(terminal.sent)
        await press_and_compare(pilot, terminal, "ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.highlights[0].note == "why"
        assert terminal.sent[sent:] and "whole" not in terminal.sent[sent:]
        await press_and_compare(pilot, terminal, "a")
        sent = len(terminal.sent)
        await press_and_compare(pilot, terminal, "escape")
        assert terminal.sent[sent:] and "whole" not in terminal.sent[sent:]
        await press_and_compare(pilot, terminal, "t", "n", "e", "w", "s", "enter")
        assert app.session.highlights[0].tags
        # Another highlight and its note, made in the dialog: the pane gains a row.
        await press_and_compare(pilot, terminal, ")", ")", "a", "o", "k", "ctrl+s")
        assert len(app.session.highlights) == 2


async def test_a_change_under_an_open_dialog_shows_when_it_closes(
    seed_article: Article, library: Path
) -> None:
    """The reader changes while a dialog covers it (as when an analysis ends): what changed
    shows, around the box and in it, once the dialog closes."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        terminal = Terminal(app, (120, 40))
        await analysed(app)
        app.screen.refresh()
        await pilot.pause()
        await press_and_compare(pilot, terminal, "h", "h", "a")
        reader = app.screen_stack[-2]
        assert isinstance(reader, ReaderScreen)
        # Changes to the covered reader: a status (top row), the pane (right), the article.
        reader.query_one(Masthead).set_status("changed below")
        reader.query_one(AnnotationsPane).refresh()
        reader.view.refresh()
        await pilot.pause()
        await press_and_compare(pilot, terminal, "escape")
        assert "changed below" in "".join(terminal.screen.display)


async def test_a_resize_under_an_open_dialog_repaints_the_whole_screen(
    seed_article: Article, library: Path
) -> None:
    """After the terminal was resized under a dialog, its closing repaints everything."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        terminal = Terminal(app, (120, 40))
        await analysed(app)
        await press_and_compare(pilot, terminal, "h", "a")
        await pilot.resize_terminal(100, 30)
        terminal.size = (100, 30)
        terminal.screen.resize(30, 100)
        await pilot.pause()
        sent = len(terminal.sent)
        await press_and_compare(pilot, terminal, "escape")
        assert isinstance(app.screen, ReaderScreen)
        assert "whole" in terminal.sent[sent:]


async def test_a_change_as_a_dialog_closes_is_drawn_beside_earlier_ones(
    seed_article: Article, library: Path
) -> None:
    """The analysis changed a pane under the note dialog (drawn through it), then the note's
    save changes the status line as the dialog closes: both show once it has closed. (Textual
    marked the covered reader for a repaint of its own regions, and that frame left out the
    widgets changed meanwhile: the status line kept "Highlighted".)"""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(80, 24)) as pilot:
        terminal = Terminal(app, (80, 24))
        await analysed(app)
        await press_and_compare(pilot, terminal, "h", "a")
        reader = app.screen_stack[-2]
        assert isinstance(reader, ReaderScreen)
        reader.query_one(AnnotationsPane).refresh()  # as a preview of the analysis does
        await pilot.pause()
        await press_and_compare(pilot, terminal, "o", "k", "ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        assert "Note saved" in terminal.screen.display[0]
