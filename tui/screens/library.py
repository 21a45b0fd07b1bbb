"""The library screen: every article read, most recent first; type to filter, enter opens.

The filter box keeps the focus, so typing filters at once and up/down move in the list while
typing; enter opens the article under the cursor. Removing (`d`) acts on the list, so it needs
the list focused (tab), where letters are keys rather than text; a letter that is no key
there goes back to the filter.

Reading the library and opening an article (a kept copy, or its source, which may be a web
page to fetch) run in thread workers: the screen never waits on the disk or the network.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from annotations.article.model import Article
from annotations.dates import local_minute
from annotations.library.model import ArticleRecord
from annotations.library.reopen import open_page, reopen_article
from annotations.library.storage import os_error_reason
from annotations.library.store import LibraryStore
from annotations.sources.load import SourceError, is_url, load_source
from annotations.visible_text import visible_line
from tui.background import in_daemon_thread
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.errors import show_error
from tui.keymap import RemappableBindings
from tui.visible_input import VisibleHighlighter

#: Longest title and source shown in the list; longer ones end with "…".
TITLE_CHARS = 48
SOURCE_CHARS = 40
#: Rows that page up and page down move while typing in the filter.
PAGE_ROWS = 10

EMPTY_LIBRARY = "The library is empty: every article you open (newsdesk FILE or URL) is kept here."

ArticleOpener = Callable[[Article], None]


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One article of the library, with how many highlights and notes it has."""

    record: ArticleRecord
    highlights: int
    notes: int
    #: How far into the article the reader got, 0-100 (0 when no copy is kept).
    percent_read: int = 0

    def matches(self, terms: list[str]) -> bool:
        """Whether every term (case-folded) occurs in the title or the source."""
        haystack = f"{self.record.title}\n{self.record.source}".casefold()
        return all(term in haystack for term in terms)


def library_entries(store: LibraryStore) -> list[LibraryEntry]:
    """Every article in the library with its counts, most recently read first."""
    return [
        LibraryEntry(record, *store.counts(record.id), percent_read(store, record))
        for record in store.articles()
    ]


def percent_read(store: LibraryStore, record: ArticleRecord) -> int:
    """How far into its kept text the reading position is, 0-100."""
    kept = store.kept_article(record.id)
    if kept is None or not kept.text:
        return 0
    return min(100, round(100 * record.reading_position / len(kept.text)))


#: The orders `ctrl+s` cycles through: (name, key, reversed).
SORTS: tuple[tuple[str, Callable[[LibraryEntry], Any], bool], ...] = (
    ("last opened", lambda entry: (entry.record.last_opened, entry.record.id), True),
    ("title", lambda entry: (entry.record.title.casefold(), entry.record.id), False),
    ("highlights", lambda entry: (entry.highlights, entry.record.last_opened), True),
)


def looks_like_source(value: str) -> bool:
    """Whether what was typed in the filter is a URL or an existing file to open."""
    if is_url(value):
        return True
    if not value or not any(mark in value for mark in "/\\.~"):
        return False
    try:
        return Path(value).expanduser().is_file()
    except OSError:
        return False


def filter_terms(value: str) -> list[str]:
    """What the user typed as case-folded words; an article must contain them all."""
    return value.casefold().split()


def last_read(stamp: str) -> str:
    """An ISO time as the local date and minute."""
    shown = local_minute(stamp)
    return visible_line(stamp) if shown is None else shown


def clip(text: str, limit: int) -> str:
    """The text on one line, at most `limit` characters (the last being "…"), control
    characters shown as pictures (titles and sources come from outside)."""
    line = " ".join(visible_line(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class LibraryScreen(RemappableBindings, Screen[None]):
    """Choose an article of the library to read, or remove one."""

    HELP_SECTION = "Library"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open"),
        Binding("escape", "close", "Back to the reader"),
        Binding("down", "move(1)", "Next article", show=False),
        Binding("up", "move(-1)", "Previous article", show=False),
        Binding("pagedown", f"move({PAGE_ROWS})", "Page down", show=False),
        Binding("pageup", f"move(-{PAGE_ROWS})", "Page up", show=False),
        Binding("d", "remove", "Remove", tooltip="Remove the article (from the list: tab first)"),
        Binding("slash", "focus_filter", "Filter", key_display="/", show=False),
        Binding("ctrl+f", "app.search_library", "Search all articles"),
        Binding("ctrl+t", "app.who_said_what", "Who said what"),
        Binding("ctrl+g", "app.marked", "Everything you marked"),
        Binding("ctrl+s", "cycle_sort", "Sort: last opened, title, highlights"),
    ]

    def __init__(self, store: LibraryStore, current_id: str, open_article: ArticleOpener) -> None:
        """Set up the screen.

        Args:
            store: The library.
            current_id: The id of the article open in the reader (it is never removed here).
            open_article: Called on the UI thread with the article the user chose.
        """
        super().__init__()
        self._store = store
        self._current_id = current_id
        self._open_article = open_article
        self._entries: list[LibraryEntry] = []
        self._shown: list[LibraryEntry] = []
        self._loaded = False
        #: Which of `SORTS` orders the list.
        self.sort_index = 0

    def compose(self) -> ComposeResult:
        yield Static(heading(), id="library-title")
        yield Input(
            placeholder="Type to filter by title or source, or a file or URL to open · "
            "↑↓ choose · enter open · tab then d remove",
            id="library-filter",
            highlighter=VisibleHighlighter(),
        )
        table: DataTable[Text] = DataTable(
            id="library-table", cursor_type="row", zebra_stripes=True
        )
        # Counts and date before the source, which may run off a narrow terminal.
        table.add_column(" ", key="open")
        table.add_column("Title", key="title")
        table.add_column("Highlights", key="highlights")
        table.add_column("Notes", key="notes")
        table.add_column("Last read · % read", key="last-read")
        table.add_column("Source", key="source")
        yield table
        yield Static("Reading the library…", id="library-empty")
        yield Footer(compact=True)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#library-filter", Input)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#library-table", DataTable)

    @property
    def shown(self) -> list[LibraryEntry]:
        """The entries listed now (after filtering), top to bottom."""
        return list(self._shown)

    @property
    def selected(self) -> LibraryEntry | None:
        """The entry under the list's cursor, if any is listed."""
        row = self.table.cursor_row
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def on_mount(self) -> None:
        self.filter_input.focus()
        self._load_entries()

    # -- reading the library ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="library-read", exit_on_error=False)
    def _load_entries(self) -> None:
        entries = library_entries(self._store)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._entries_loaded, entries)

    def _entries_loaded(self, entries: list[LibraryEntry]) -> None:
        self._entries = entries
        self._loaded = True
        self._show_entries()

    def _show_entries(self) -> None:
        """List the entries the filter lets through, keeping the cursor on the same article."""
        table = self.table
        previous = self.selected
        terms = filter_terms(self.filter_input.value)
        self._shown = [entry for entry in self._entries if entry.matches(terms)]
        _, key, reverse = SORTS[self.sort_index]
        self._shown.sort(key=key, reverse=reverse)
        table.clear()
        for entry in self._shown:
            table.add_row(*self._cells(entry), key=entry.record.id)
        ids = [entry.record.id for entry in self._shown]
        if previous is not None and previous.record.id in ids:
            table.move_cursor(row=ids.index(previous.record.id))
        table.display = bool(self._shown)
        self._say_why_empty(terms)
        self.query_one("#library-title", Static).update(
            heading(len(self._entries), len(self._shown))
        )

    def _cells(self, entry: LibraryEntry) -> tuple[Text, ...]:
        record = entry.record
        current = record.id == self._current_id
        # Text, never markup: a title may hold brackets.
        return (
            Text("●" if current else " ", style="bold"),
            Text(clip(record.title, TITLE_CHARS), style="bold" if current else ""),
            Text(str(entry.highlights), justify="right"),
            Text(str(entry.notes), justify="right"),
            # How far in, beside when: one column keeps the source on narrow terminals.
            Text(f"{last_read(record.last_opened)} · {entry.percent_read:>3}%"),
            Text(clip(record.source, SOURCE_CHARS), style="dim"),
        )

    def _say_why_empty(self, terms: list[str]) -> None:
        message = self.query_one("#library-empty", Static)
        if self._shown:
            message.display = False
            return
        message.display = True
        if not self._entries:
            message.update(Text(EMPTY_LIBRARY))
        else:
            message.update(Text(f"No article matches “{visible_line(' '.join(terms))}”."))

    # -- the filter -------------------------------------------------------------------------------

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self) -> None:
        if self._loaded:
            self._show_entries()
            self.table.move_cursor(row=0)

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self) -> None:
        typed = self.filter_input.value.strip()
        if looks_like_source(typed):
            # A path or URL typed in the filter opens (and so keeps) that article.
            self.notify(f"Opening {clip(typed, 60)}…", timeout=3)
            self._load_source(typed)
            return
        self.action_open()

    @work(thread=True, exclusive=True, group="library-open", exit_on_error=False)
    def _load_source(self, source: str) -> None:
        try:
            if is_url(source):  # offline, the copy the library kept of it (the reader says so)
                article = open_page(source, self._store)
            else:
                article = load_source(str(Path(source).expanduser()))
        except SourceError as error:
            self.app.call_from_thread(show_error, self, error, title="Cannot open")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._article_loaded, article)

    def action_cycle_sort(self) -> None:
        """Order the list by the next of last opened, title, highlights."""
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        if self._loaded:
            self._show_entries()
        self.notify(f"Sorted by {SORTS[self.sort_index][0]}", timeout=2)

    @on(DataTable.RowSelected, "#library-table")
    def _row_selected(self) -> None:
        self.action_open()

    def on_key(self, event: events.Key) -> None:
        """A letter typed in the list that is no key there goes on in the filter."""
        box = self.filter_input
        if box.has_focus or not event.is_printable or event.key in self.active_bindings:
            return
        event.stop()
        event.prevent_default()
        box.focus()
        box.insert_text_at_cursor(event.character or "")

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # `d` acts on the list only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return True if not self.filter_input.has_focus and self.selected else None
        return True

    # -- actions -------------------------------------------------------------------------------

    def action_move(self, rows: int) -> None:
        table = self.table
        if self._shown:
            table.move_cursor(row=max(0, min(len(self._shown) - 1, table.cursor_row + rows)))

    def action_focus_filter(self) -> None:
        self.filter_input.focus()

    def action_close(self) -> None:
        self.dismiss()

    def action_open(self) -> None:
        """Open the article under the cursor: its kept copy, else its source."""
        entry = self.selected
        if entry is None:
            return
        if entry.record.id == self._current_id:
            self.dismiss()  # it is already in the reader
            return
        self.notify(f"Opening “{clip(entry.record.title, 60)}”…", timeout=3)
        self._load_article(entry.record)

    @work(exclusive=True, group="library-open", exit_on_error=False)
    async def _load_article(self, record: ArticleRecord) -> None:
        # A daemon thread, not a thread worker: quitting never waits for a slow fetch.
        worker = get_current_worker()

        def fetching(url: str) -> None:  # in the daemon thread, before a slow fetch
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.app.call_from_thread(self.notify, f"Fetching {url}…")

        try:
            article = await in_daemon_thread(
                lambda: reopen_article(self._store, record, before_fetch=fetching)
            )
        except SourceError as error:
            show_error(self, error, title="Cannot open")
            return
        except OSError as error:
            self.notify(error.strerror or str(error), title="Cannot open", severity="error")
            return
        if not worker.is_cancelled:
            self._article_loaded(article)

    def _article_loaded(self, article: Article) -> None:
        if self.is_current:  # the user may have gone back to the reader meanwhile
            self._open_article(article)

    def action_remove(self) -> None:
        """Remove the selected article and its annotations, after asking."""
        entry = self.selected
        if entry is None:
            return
        title = clip(entry.record.title, 60)
        if entry.record.id == self._current_id:
            self.notify(
                f"“{title}” is open in the reader: open another article before removing it.",
                severity="warning",
                timeout=5,
            )
            return
        detail = (
            f"Its {_count(entry.highlights, 'highlight')} and {_count(entry.notes, 'note')} "
            "are deleted with it, and its kept copy. This cannot be undone."
        )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._remove(entry)

        self.app.push_screen(
            ConfirmDialog(f"Remove “{title}” from the library?", detail, confirm_label="remove"),
            answered,
        )

    def _remove(self, entry: LibraryEntry) -> None:
        try:
            self._store.remove_article(entry.record.id)
        except OSError as error:  # disk full, read-only: the article stays, and we say why
            reason = os_error_reason(error)
            self.notify(f"Could not remove it: {reason}.", title="Not removed", severity="error")
            return
        self._entries = [item for item in self._entries if item is not entry]
        row = self.table.cursor_row
        self._show_entries()
        if self._shown:
            self.table.move_cursor(row=min(row, len(self._shown) - 1))
        self.notify(f"Removed “{clip(entry.record.title, 60)}”", timeout=3)


def heading(total: int | None = None, shown: int | None = None) -> Text:
    """The screen's title line: how many articles there are, and how many the filter shows."""
    if total is None:
        return Text("Library", style="bold")
    counted = _count(total, "article")
    if shown is not None and shown != total:
        counted = f"{shown} of {counted}"
    return Text.assemble(("Library", "bold"), f" · {counted}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
