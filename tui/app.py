"""The newsdesk Textual app: a thin shell around the reader screen."""

from __future__ import annotations

import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from annotations.analysis.entities import (  # light: spaCy loads on first use
    Extractor,
    get_extractor,
)
from annotations.analysis.entities.deferred import DeferredExtractor
from annotations.article.model import Article
from annotations.config import Config, load_config
from annotations.library.session import AnnotationSession
from annotations.library.store import ANNOTATIONS_FOLDER, LibraryStore
from annotations.settings import default_library, export_folder, extractor_choice
from annotations.visible_text import visible
from tui import long_lived
from tui.colors import CSS_VARIABLES
from tui.dialogs.base import Dialog
from tui.export_actions import export_article
from tui.frame_paced_writes import FramePacedWriteQueue
from tui.keymap import RemappableBindings, binding_ids
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.entities_pane import EntitiesPane
from tui.widgets.list_pane import ListPane
from tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from tui.screens.help import HasBindings  # the help screen is imported on first use

#: Seconds quitting (or opening another article) waits for queued saves before giving up
#: on them; a bound for a hung disk, never a pause: a healthy write takes milliseconds.
DRAIN_SECONDS = 10.0

#: Longest the opening's write waits for the first frame (a bound for a frame that never
#: comes; the frame takes a fraction of this).
FIRST_FRAME_HOLD_SECONDS = 2.0

#: A notification's timeout for one that stays until the reader has seen it (a day).
STAYS = 86_400.0

#: Textual's own palette entries that newsdesk replaces with its own (its key panel is
#: closed by neither esc nor ?, and lists keys the help screen already shows).
REPLACED_SYSTEM_COMMANDS = frozenset({"Keys"})


def default_extractor() -> Extractor:
    """The extractor $NEWSDESK_EXTRACTOR chooses; spaCy loads only on first use, and a choice
    that cannot fail is made only then too (after the first frame)."""
    choice = extractor_choice()
    if choice in ("auto", "rules"):
        return DeferredExtractor(choice)
    return get_extractor(choice)


class NewsdeskApp(RemappableBindings, App[None]):
    """Read and annotate one article."""

    # Absolute, so subclasses defined elsewhere (benchmarks, tests) find the stylesheet.
    CSS_PATH = Path(__file__).parent / "newsdesk.tcss"
    TITLE = "newsdesk"
    HELP_SECTION = "App"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("q", "quit", "Quit"),
        Binding("o", "open_library", "Library: open another article", show=False),
    ]

    def __init__(
        self,
        article: Article,
        *,
        store: LibraryStore | None = None,
        extractor: Extractor | None = None,
        export_dir: Path | None = None,
        config: Config | None = None,
    ) -> None:
        #: The config file's settings (export, theme, keys); its problems are shown on mount.
        self.config = config if config is not None else load_config()
        super().__init__()
        self.article = article
        self.store = store if store is not None else LibraryStore(default_library())
        # Choosing the extractor is cheap: spaCy itself loads on first use, in a worker.
        self.extractor = extractor if extractor is not None else default_extractor()
        self.export_dir = export_dir if export_dir is not None else export_folder(self.config)
        #: The one thread that writes the library while the app runs (issue 14).
        self.writer = FramePacedWriteQueue(self)
        # The opening's write (the record, the article's copy, filelock's import) waits for the
        # first frame: run meanwhile, its Python work took turns with the app's for the GIL.
        self.writer.hold(FIRST_FRAME_HOLD_SECONDS)
        self.session = AnnotationSession(self.store, article, self.writer)
        #: Set when quitting could not save everything: why, and where it was kept.
        self.unsaved_at_quit: str | None = None
        #: Searches typed in any reader this run, oldest first (`up` in the prompt).
        self.search_history: list[str] = []
        #: Notices that arrived while a dialog was open: shown when it closes.
        self._held_notices: list[tuple[str, str, SeverityLevel, float | None]] = []

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and the highlight colours (``$highlight-yellow`` ...)."""
        return {**super().get_css_variables(), **CSS_VARIABLES}

    def on_mount(self) -> None:
        self._apply_config()
        long_lived.collect_between_keys(self)
        # A library file set aside from now on is shown at once (the reader shows earlier ones).
        self.store.on_warning = self._library_warning
        # The reader is pushed over the default screen (not made the default screen itself),
        # so `open_article` can replace it with `switch_screen`.
        self.push_screen(self._new_reader(defer_the_rest=True))

    async def on_ready(self) -> None:
        # Textual draws nothing while the app starts (it batches its mount): the first frame
        # comes now, and the first reader's panes right after it.
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                await screen.show_the_rest()
        self.writer.release()  # the first frame is out: the opening's write may run

    def on_unmount(self) -> None:
        """Stop the writer thread once what is queued is written (quitting drained it and said
        what could not be saved; this bounds the wait for any other way out)."""
        self.writer.close(DRAIN_SECONDS)
        # The analysis pool lives as long as the app: none of its workers outlives it.
        engine = sys.modules.get("annotations.analysis.engine")  # never imported just for this
        if engine is not None:
            engine.shutdown_shared_pool(
                wait=False
            )  # a pool still loading its model: not waited for

    def _apply_config(self) -> None:
        """The config's theme and keys; every problem with the config is one notification."""
        config = self.config
        problems = list(config.problems)
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                problems.append(f"config: app.theme '{config.theme}' is not a theme; default used")
        if config.keys:
            # Imports every screen and dialog: only for a config that remaps keys.
            known = binding_ids()
            unknown = sorted(set(config.keys) - known)
            if unknown:
                problems.append(f"config: keys.{unknown[0]} names no binding; left out")
            self.set_keymap({k: v for k, v in config.keys.items() if k in known})
        for problem in problems:
            self.notify(problem, title="Config", severity="warning", timeout=15)

    def _auto_export(self) -> str | None:
        """With ``export.auto`` on, export the article being left; one line saying how."""
        # An article without highlights is not worth a file in the user's notes.
        if not self.config.auto_export or not self.store.annotations(self.article.id):
            return None
        from annotations.export.document import ExportError
        from annotations.export.in_place import ExportWriteError

        try:
            result = export_article(
                self.store, self.article, self.extractor, self.config, self.export_dir
            )
        except (ExportError, ExportWriteError) as error:
            return f"Auto-export failed: {error}"
        return f"Auto-export: {result.message}"

    async def action_quit(self) -> None:
        """Quit once queued saves are written, exporting the article first when the config
        asks for it. Saves that fail (or hang) are kept in a file the exit message names,
        and the exit status is 1."""
        from rich.text import Text  # the message is shown literally, never as markup

        unsaved = self._drain_writes()
        if unsaved is not None:
            self.unsaved_at_quit = unsaved
            self.exit(return_code=1, message=Text(f"newsdesk: {unsaved}"))
            return
        said = self._auto_export()
        self.exit(message=None if said is None else Text(said))

    def _drain_writes(self) -> str | None:
        """Wait (bounded) for the queued saves; None when all are written, else one line
        saying what could not be saved and where it is kept instead."""
        session = self.session
        drained = self.writer.flush(DRAIN_SECONDS)
        if drained and not session.busy:
            return None
        if drained:
            reason = str(self.writer.failures[-1]) if self.writer.failures else "not written"
        else:
            reason = f"the library's disk did not answer within {DRAIN_SECONDS:g} s"
        folders = [
            self.store.folder / ANNOTATIONS_FOLDER,
            Path(tempfile.gettempdir()),
            Path.home(),
        ]
        kept = session.keep_unsaved(folders)
        where = f"This article's highlights are kept in {kept}" if kept else "No copy could be kept"
        return f"{reason} {where}."

    def run(self, **kwargs: Any) -> Any:
        """Run the app; exit with status 1 when quitting could not save everything."""
        long_lived.enable()
        result = super().run(**kwargs)
        if self.unsaved_at_quit is not None:
            raise SystemExit(self.return_code or 1)
        return result

    def _new_reader(self, *, defer_the_rest: bool = False) -> ReaderScreen:
        return ReaderScreen(
            self.article,
            self.session,
            self.extractor,
            self.export_dir,
            self.search_history,
            defer_the_rest=defer_the_rest,
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications never read markup and never carry control characters: they often
        show article text, titles, file names, queries and server messages.

        While a dialog is open they wait, so none covers the dialog.
        """
        if isinstance(self.screen, Dialog):
            self._held_notices.append((message, title, severity, timeout))
            return
        super().notify(
            visible(message, keep_newlines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    class LibraryWarning(Message):
        """A library warning raised in another thread (the writer's), shown by the app's."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def _library_warning(self, message: str) -> None:
        """Show a library warning; the store may call this from another thread, which must
        never wait for this one (it may be waiting for the writer while quitting)."""
        if threading.get_ident() == self._thread_id:
            self.notify(message, title="Library", severity="warning", timeout=15)
            return
        self.post_message(self.LibraryWarning(message))  # thread-safe, never blocks

    def on_newsdesk_app_library_warning(self, event: LibraryWarning) -> None:
        self.notify(event.text, title="Library", severity="warning", timeout=15)

    def on_dialog_closed(self) -> None:
        if isinstance(self.screen, Dialog):
            return  # another dialog is still open
        held, self._held_notices = self._held_notices, []
        for message, title, severity, timeout in held:
            self.notify(message, title=title, severity=severity, timeout=timeout)

    def help_nodes(self) -> list[HasBindings]:
        """The nodes whose bindings the help screen lists, reader first."""
        from tui.screens.help import BindingGroup  # the help screen comes on first use

        screen = self.screen
        nodes: list[HasBindings] = [*screen.query(ArticleView), screen]
        if isinstance(screen, ReaderScreen):
            # The keys every pane shares, then each pane's own; the search prompt's own keys
            # (not every editing key an input has).
            nodes.append(BindingGroup(ListPane.HELP_SECTION, ListPane.BINDINGS))
            nodes.extend(screen.query(ListPane))
            nodes.append(BindingGroup(SearchBar.HELP_SECTION, SearchBar.BINDINGS))
        nodes.append(self)
        return nodes

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_nodes()))

    def action_open_library(self) -> None:
        """Show the library over the reader (from the reader only)."""
        if isinstance(self.screen, ReaderScreen):
            from tui.screens.library import LibraryScreen  # not needed for the first frame

            self.push_screen(LibraryScreen(self.store, self.article.id, self.open_article))

    def open_article(self, article: Article, at: int | None = None) -> None:
        """Read `article` instead: a new annotation session and a new reader replace the old.

        The session opens the article's library record (reading position included) and keeps
        a copy of it; screens over the reader (the library) close. `at` opens it at that
        offset rather than where it was left (a search result, a quotation).
        """
        unsaved = self._drain_writes()
        if unsaved is not None:
            self.notify(unsaved, title="Not saved", severity="error", timeout=STAYS)
        said = self._auto_export()
        if said is not None:
            self.notify(said, title="Export", timeout=8)
        self.article = article
        self.session = AnnotationSession(self.store, article, self.writer)
        if at is not None:
            self.session.record = replace(self.session.record, reading_position=at)
        while len(self.screen_stack) > 2:  # the default screen, then the reader
            self.pop_screen()
        self.switch_screen(self._new_reader())

    # -- across the library (tui.screens.research) ----------------------------------------------

    def action_search_library(self) -> None:
        """Search every article of the library."""
        from tui.screens.research import LibrarySearchScreen

        self.push_screen(LibrarySearchScreen(self.store, self.extractor, self.open_article))

    def action_who_said_what(self) -> None:
        """The library's quotations by speaker."""
        from tui.screens.research import WhoSaidWhatScreen

        self.push_screen(WhoSaidWhatScreen(self.store, self.extractor, self.open_article))

    def action_marked(self) -> None:
        """Every highlight of the library, by tag and colour."""
        from tui.screens.research import MarkedScreen

        self.push_screen(
            MarkedScreen(self.store, self.extractor, self.open_article, self.export_dir)
        )

    def on_entities_pane_where_else_requested(self, event: EntitiesPane.WhereElseRequested) -> None:
        from tui.screens.research import WhereElseScreen

        entity = event.entity
        self.push_screen(
            WhereElseScreen(
                self.store,
                self.extractor,
                self.open_article,
                name=entity.name,
                aliases=entity.aliases,
                current_id=self.article.id,
            )
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in REPLACED_SYSTEM_COMMANDS:
                yield command
        if isinstance(screen, ReaderScreen):
            yield SystemCommand(
                "Library", "Open another article from the library (o)", self.action_open_library
            )
            yield SystemCommand("Undo", "Take back the last change (u)", screen.action_undo)
            yield SystemCommand("Redo", "Do again what undo took back (ctrl+r)", screen.action_redo)
            yield SystemCommand("Search the article", "Find text (/)", screen.action_search)
            yield SystemCommand(
                "Toggle focus mode", "Hide or show the panes (z)", screen.action_toggle_focus_mode
            )
            yield SystemCommand(
                "Export Markdown",
                f"Write this article's highlights to {self.export_dir} (E)",
                screen.action_export_markdown,
            )
            yield from self._export_commands(screen)
            yield SystemCommand(
                "Copy highlight",
                "The highlight under the cursor, to the clipboard (y)",
                screen.action_copy_highlight,
            )
        # By name: importing the library screen here would slow the first frame.
        if isinstance(screen, ReaderScreen) or type(screen).__name__ == "LibraryScreen":
            yield SystemCommand(
                "Search the library",
                "Every article's text, highlights, notes, tags, quotations and names",
                self.action_search_library,
            )
            yield SystemCommand(
                "Who said what",
                "Quotations across the library by speaker",
                self.action_who_said_what,
            )
            yield SystemCommand(
                "Everything you marked",
                "Highlights across the library by tag and colour; export one file per tag",
                self.action_marked,
            )
        yield SystemCommand("Show keys", "Every key newsdesk answers to (?)", self.action_help)

    def _export_commands(self, screen: ReaderScreen) -> Iterable[SystemCommand]:
        """One palette command per other export format of the registry."""
        from annotations.export.registry import exporters
        from tui.export_actions import start_export

        def export_as(name: str) -> Callable[[], None]:
            return lambda: start_export(screen, self.export_dir, name)

        for exporter in exporters().values():
            if exporter.name == "markdown":
                continue  # the command above, E
            yield SystemCommand(
                f"Export {exporter.name}",
                f"{exporter.description}, to {self.export_dir}",
                export_as(exporter.name),
            )
