"""Screens that ask the whole library: search, who said what, where else, what you marked.

Each shows results grouped under headers (an article, a speaker) in one option list; `enter`
on a result opens its article in the reader at that place. The library index is brought up
to date in a thread worker first (analysing, once, any article the cache has not seen), with
its progress on the status line, so the screen never waits on the disk or the extractor.
Every piece of text from the library is shown literally (`Content`, never markup) and with
control characters replaced.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from annotations.analysis.entities import Extractor
from annotations.article.model import Article
from annotations.library.reopen import reopen_article
from annotations.library.store import LibraryStore
from annotations.research.entities import where_else
from annotations.research.library_index import LibraryIndex, open_index
from annotations.research.marks import marked
from annotations.research.search import SearchError, parse_query, search
from annotations.research.snippets import Snippet, printable
from annotations.research.speakers import who_said_what
from annotations.sources.load import SourceError
from tui.errors import show_error
from tui.keymap import RemappableBindings

#: The index each library folder's screens share this run, and the lock its refresh holds.
_SHARED: dict[Path, LibraryIndex] = {}
_SHARED_LOCK = threading.Lock()

#: Opens an article of the library in the reader, at a character offset.
OpenAt = Callable[[Article, int], None]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a result opens: an article and an offset in its text."""

    article_id: str
    offset: int


def snippet_content(found: Snippet) -> Content:
    """A context line with its match emphasised, every character literal."""
    line = found.line
    return Content.assemble(
        line[: found.match_start],
        (line[found.match_start : found.match_end], "bold reverse"),
        line[found.match_end :],
    )


def header(text: str, detail: str = "") -> Content:
    return Content.assemble((printable(text), "bold $secondary"), (detail, "$text-muted"))


class ResearchScreen(RemappableBindings, Screen[None]):
    """The shared frame: a title, an optional query box, the results, a status line."""

    HELP_SECTION = "Across the library"
    TITLE_TEXT = ""
    PLACEHOLDER: str | None = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("enter", "open", "Open at this place"),
        Binding("down", "move(1)", "Next result", show=False),
        Binding("up", "move(-1)", "Previous result", show=False),
    ]
    DEFAULT_CSS = """
    ResearchScreen #research-title { padding: 0 1; text-style: bold; }
    ResearchScreen #research-query { margin: 0 1; }
    ResearchScreen #research-results { height: 1fr; border: none; }
    ResearchScreen #research-status { padding: 0 1; color: $text-muted; }
    """

    def __init__(
        self, store: LibraryStore, extractor: Extractor, open_at: OpenAt, *, query: str = ""
    ) -> None:
        super().__init__()
        self.store = store
        self.extractor = extractor
        self._open_at = open_at
        self._initial_query = query
        self.index: LibraryIndex | None = None
        #: Where each result row opens, by option id.
        self.places: dict[str, Place] = {}
        #: Set when the results for the current query are shown (or why there are none).
        self.ready = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Static(Content(self.TITLE_TEXT), id="research-title")
        if self.PLACEHOLDER is not None:
            yield Input(self._initial_query, placeholder=self.PLACEHOLDER, id="research-query")
        yield OptionList(id="research-results")
        yield Static(Content("Indexing the library…"), id="research-status")
        yield Footer(compact=True)

    @property
    def results(self) -> OptionList:
        return self.query_one("#research-results", OptionList)

    @property
    def query_box(self) -> Input | None:
        found = self.query("#research-query")
        return found.first(Input) if found else None

    def on_mount(self) -> None:
        box = self.query_box
        (box if box is not None else self.results).focus()
        self._load_index()

    # -- the index -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="research-index", exit_on_error=False)
    def _load_index(self) -> None:
        def progress(done: int, total: int) -> None:
            if done < total:
                self.app.call_from_thread(self.say, f"Indexing the library: {done} of {total}…")

        with _SHARED_LOCK:
            # The index read by an earlier screen only needs bringing up to date: reading
            # the file again costs ~0.3 s for 1,000 articles, the check ~20 ms.
            index = _SHARED.get(self.store.folder)
            if (
                index is None
                or index.analysis_key
                != LibraryIndex(self.store.folder, self.extractor.version).analysis_key
            ):
                index = open_index(self.store, self.extractor, progress=progress)
            else:
                index.refresh(self.store, self.extractor, progress=progress)
            _SHARED[self.store.folder] = index
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._index_ready, index)

    def _index_ready(self, index: LibraryIndex) -> None:
        self.index = index
        for warning in index.warnings:
            self.notify(warning, title="Library index", severity="warning", timeout=10)
        index.warnings.clear()  # said once, not again by the next screen sharing it
        self.refresh_results()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "research-index" and event.state is WorkerState.ERROR:
            self.say(f"Could not index the library ({event.worker.error}).")
            self.ready.set()

    # -- results ------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        self.query_one("#research-status", Static).update(Content(message))

    def refresh_results(self) -> None:
        """Fill the list from the index for the current query (subclasses say how)."""
        if self.index is None:
            return
        self.ready.clear()
        options: list[Option] = []
        self.places = {}
        status = self.fill(self.index, options)
        results = self.results
        results.clear_options()
        results.add_options(options)
        first = next((n for n, option in enumerate(options) if not option.disabled), None)
        results.highlighted = first
        self.say(status)
        self.ready.set()

    def fill(self, index: LibraryIndex, options: list[Option]) -> str:
        """Add the rows for the current query; return the status line."""
        raise NotImplementedError

    def add_place(self, options: list[Option], content: Content, place: Place) -> None:
        option_id = f"r{len(options)}"
        self.places[option_id] = place
        options.append(Option(content, id=option_id))

    @property
    def selected_place(self) -> Place | None:
        results = self.results
        if results.highlighted is None:
            return None
        option = results.get_option_at_index(results.highlighted)
        return self.places.get(option.id or "")

    @on(Input.Changed, "#research-query")
    def _query_changed(self) -> None:
        self.refresh_results()

    @on(Input.Submitted, "#research-query")
    def _query_submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionSelected, "#research-results")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_move(self, rows: int) -> None:
        results = self.results
        if results.has_focus:
            (results.action_cursor_down if rows > 0 else results.action_cursor_up)()
            return
        before = results.highlighted
        (results.action_cursor_down if rows > 0 else results.action_cursor_up)()
        if results.highlighted is None and before is not None:
            results.highlighted = before

    def action_close(self) -> None:
        self.dismiss()

    def action_open(self) -> None:
        """Open the selected result's article at its place."""
        place = self.selected_place
        if place is not None:
            self._load_article(place)

    @work(thread=True, exclusive=True, group="research-open", exit_on_error=False)
    def _load_article(self, place: Place) -> None:
        try:
            record = self.store.get_article(place.article_id)
            if record is None:
                raise SourceError("the article is no longer in the library")
            article = reopen_article(self.store, record)
        except SourceError as error:
            self.app.call_from_thread(show_error, self, error, title="Cannot open")
            return
        except OSError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Cannot open", severity="error"
            )
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._article_loaded, article, place.offset)

    def _article_loaded(self, article: Article, offset: int) -> None:
        if self.is_current:
            self._open_at(article, offset)


class LibrarySearchScreen(ResearchScreen):
    """One query over every article: text, highlights, notes, tags, quotations, names."""

    TITLE_TEXT = "Search the library"
    PLACEHOLDER = "Words · filters: tag:NAME color:pink speaker:NAME entity:NAME article:TITLE"

    def fill(self, index: LibraryIndex, options: list[Option]) -> str:
        box = self.query_box
        words, filters = parse_query(box.value if box is not None else "")
        if not words:
            return "Type words to find them in every article of the library."
        try:
            result = search(index, words, filters)
        except SearchError as error:
            return error.message
        for group in result.groups:
            detail = f"  {len(group.hits)} match{'es' if len(group.hits) != 1 else ''}"
            options.append(Option(header(group.title or "(untitled)", detail), disabled=True))
            for hit in group.hits:
                row = Content.assemble(
                    (f"{hit.kind:<9} ", "$text-muted"), snippet_content(hit.context)
                )
                self.add_place(options, row, Place(group.article_id, hit.start))
        if not result.groups:
            return f"Nothing in the library matches “{printable(result.query)}”."
        more = " (more were left out: narrow the search)" if result.truncated else ""
        return f"{result.total} matches in {len(result.groups)} articles{more} · enter opens"


class WhoSaidWhatScreen(ResearchScreen):
    """The library's quotations by speaker, newest first; the box narrows to a speaker."""

    TITLE_TEXT = "Who said what"
    PLACEHOLDER = "Speaker (any of their names, or part of one)"

    def fill(self, index: LibraryIndex, options: list[Option]) -> str:
        box = self.query_box
        wanted = (box.value if box is not None else "").strip() or None
        groups = who_said_what(index, wanted)
        for group in groups:
            count = len(group.quotes)
            options.append(Option(header(group.label, f"  {count}"), disabled=True))
            for quote in group.quotes:
                row = Content.assemble(
                    f"“{printable(quote.text)}”",
                    ("  — ", "$text-muted"),
                    (printable(quote.title), "italic $text-muted"),
                )
                self.add_place(options, row, Place(quote.article_id, quote.start))
        if not groups:
            return "No quotations in the library" + (
                f" by “{printable(wanted)}”." if wanted else "."
            )
        total = sum(len(group.quotes) for group in groups)
        return f"{total} quotations by {len(groups)} speakers · enter opens"


class WhereElseScreen(ResearchScreen):
    """The other articles mentioning an entity, with counts and the first mention."""

    PLACEHOLDER = None

    def __init__(
        self,
        store: LibraryStore,
        extractor: Extractor,
        open_at: OpenAt,
        *,
        name: str,
        aliases: tuple[str, ...],
        current_id: str,
    ) -> None:
        super().__init__(store, extractor, open_at)
        self.entity_name = name
        self.aliases = aliases
        self.current_id = current_id
        self.TITLE_TEXT = f"Where else: {printable(name)}"

    def fill(self, index: LibraryIndex, options: list[Option]) -> str:
        entity, articles = where_else(
            index, self.entity_name, self.aliases, exclude=self.current_id
        )
        for item in articles:
            mentions = f"  {item.count} mention{'s' if item.count != 1 else ''}"
            options.append(Option(header(item.title or "(untitled)", mentions), disabled=True))
            self.add_place(
                options, snippet_content(item.context), Place(item.article_id, item.start)
            )
        if entity is None or not articles:
            return f"No other article of the library mentions {printable(self.entity_name)}."
        also = (
            f" (also {', '.join(printable(a) for a in entity.aliases)})" if entity.aliases else ""
        )
        return f"{printable(entity.name)}{also}: {len(articles)} other articles · enter opens"


class MarkedScreen(ResearchScreen):
    """Every highlight of the library, newest first, by article; `ctrl+s` saves one file per tag."""

    TITLE_TEXT = "Everything you marked"
    PLACEHOLDER = "Filter: tag:NAME color:pink, and words in the highlight or its note"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export_tags", "Save one Markdown file per tag"),
    ]

    def __init__(
        self, store: LibraryStore, extractor: Extractor, open_at: OpenAt, export_dir: Path
    ) -> None:
        super().__init__(store, extractor, open_at)
        self.export_dir = export_dir

    def fill(self, index: LibraryIndex, options: list[Option]) -> str:
        box = self.query_box
        words, filters = parse_query(box.value if box is not None else "")
        found = marked(index, tag=filters.tag, color=filters.color)
        if words:
            wanted = words.casefold()
            found = [
                item
                for item in found
                if wanted in item.annotation.quote.exact.casefold()
                or wanted in item.annotation.note.casefold()
            ]
        last: str | None = None
        for item in found:
            if item.article_id != last:
                last = item.article_id
                options.append(Option(header(item.title or "(untitled)"), disabled=True))
            annotation = item.annotation
            tags = " ".join(f"#{printable(tag)}" for tag in annotation.tags)
            note = f"  · {printable(annotation.note)}" if annotation.has_note else ""
            row = Content.assemble(
                (f"{annotation.color.value:<7}", "$text-muted"),
                f"“{printable(annotation.quote.exact)}”",
                (f"  {tags}" if tags else "", "$accent"),
                (note, "italic"),
            )
            self.add_place(options, row, Place(item.article_id, annotation.start))
        if not found:
            return (
                "No highlights match."
                if box is not None and box.value.strip()
                else ("No highlights in the library yet.")
            )
        return f"{len(found)} highlights · enter opens · ctrl+s saves one file per tag"

    def action_export_tags(self) -> None:
        if self.index is not None:
            self._export(self.index)

    @work(thread=True, exclusive=True, group="research-export", exit_on_error=False)
    def _export(self, index: LibraryIndex) -> None:
        from annotations.export.document import ExportError
        from annotations.export.in_place import ExportWriteError
        from annotations.research.marks import export_tags

        box = self.query_box
        _, filters = parse_query(box.value if box is not None else "")
        try:
            results = export_tags(index, self.store, self.export_dir, tag=filters.tag)
        except (ExportError, ExportWriteError) as error:
            self.app.call_from_thread(show_error, self, error, title="Export")
            return
        said = "\n".join(result.message for result in results) or "No tagged highlights to export."
        self.app.call_from_thread(self.notify, said, title="Export", timeout=8)
