"""The newsdesk Textual app: a thin shell around the reader screen."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from annotations.article import Article
from annotations.entities import Extractor, get_extractor  # light: spaCy loads on first use
from annotations.session import AnnotationSession
from annotations.store import LibraryStore
from annotations.visible_text import visible
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.settings import default_export_dir, default_library, extractor_choice
from tui.widgets.article_view import ArticleView


def default_extractor() -> Extractor:
    """The extractor $NEWSDESK_EXTRACTOR chooses; spaCy loads only on first use."""
    return get_extractor(extractor_choice())


class NewsdeskApp(App[None]):
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
    ) -> None:
        super().__init__()
        self.article = article
        self.store = store if store is not None else LibraryStore(default_library())
        # Choosing the extractor is cheap: spaCy itself loads on first use, in a worker.
        self.extractor = extractor if extractor is not None else default_extractor()
        self.export_dir = export_dir if export_dir is not None else default_export_dir()
        self.session = AnnotationSession(self.store, article)

    def on_mount(self) -> None:
        # A library file set aside from now on is shown at once (the reader shows earlier ones).
        self.store.on_warning = self._library_warning
        # The reader is pushed over the default screen (not made the default screen itself),
        # so `open_article` can replace it with `switch_screen`.
        self.push_screen(self._new_reader())

    def _new_reader(self) -> ReaderScreen:
        return ReaderScreen(self.article, self.session, self.extractor, self.export_dir)

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
        show article text, titles, file names, queries and server messages."""
        super().notify(
            visible(message, keep_newlines=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _library_warning(self, message: str) -> None:
        """Show a library warning; the store may call this from a worker thread."""
        if threading.get_ident() == self._thread_id:
            self.notify(message, title="Library", severity="warning", timeout=15)
            return
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.call_from_thread(
                self.notify, message, title="Library", severity="warning", timeout=15
            )

    def help_nodes(self) -> list[DOMNode]:
        """The nodes whose bindings the help screen lists, reader first."""
        screen = self.screen
        nodes: list[DOMNode] = list(screen.query(ArticleView))
        nodes.append(screen)
        nodes.append(self)
        return nodes

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_nodes()))

    def action_open_library(self) -> None:
        """Show the library over the reader (from the reader only)."""
        if isinstance(self.screen, ReaderScreen):
            from tui.screens.library import LibraryScreen  # not needed for the first frame

            self.push_screen(LibraryScreen(self.store, self.article.id, self.open_article))

    def open_article(self, article: Article) -> None:
        """Read `article` instead: a new annotation session and a new reader replace the old.

        The session opens the article's library record (reading position included) and keeps
        a copy of it; screens over the reader (the library) close.
        """
        self.article = article
        self.session = AnnotationSession(self.store, article)
        while len(self.screen_stack) > 2:  # the default screen, then the reader
            self.pop_screen()
        self.switch_screen(self._new_reader())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReaderScreen):
            yield SystemCommand("Search the article", "Find text (/)", screen.action_search)
            yield SystemCommand(
                "Toggle focus mode", "Hide or show the panes (z)", screen.action_toggle_focus_mode
            )
            yield SystemCommand(
                "Export Markdown",
                f"Write this article's highlights to {self.export_dir} (E)",
                screen.action_export_markdown,
            )
            yield SystemCommand(
                "Copy highlight as Markdown",
                "The highlight under the cursor, to the clipboard (y)",
                screen.action_copy_highlight,
            )
        yield SystemCommand("Show keys", "Every key newsdesk answers to (?)", self.action_help)
