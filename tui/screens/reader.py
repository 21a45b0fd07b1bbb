"""The main screen: masthead, the article, and the Entities, Quotes and Annotations panes."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer

from annotations.article import Article
from tui.widgets.article_view import ArticleView
from tui.widgets.list_pane import ListPane
from tui.widgets.masthead import Masthead
from tui.widgets.search_bar import SearchBar, find_matches


class ReaderScreen(Screen[None]):
    """Reading one article, with its side panes."""

    HELP_SECTION = "Screen"
    #: Below 100 columns the panes move under the article.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/"),
        Binding("z", "toggle_focus_mode", "Focus mode"),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        self._search_origin: int | None = None

    def compose(self) -> ComposeResult:
        yield Masthead(self.article.title, self.article.source, id="masthead")
        with Container(id="body"):
            yield ArticleView(self.article, id="article")
            with Container(id="sidebar"):
                yield ListPane("Entities", "No entities found yet.", id="entities")
                yield ListPane("Quotes", "No quotations found yet.", id="quotes")
                yield ListPane(
                    "Annotations",
                    "No highlights yet. Press h to highlight the sentence at the cursor.",
                    id="annotations",
                )
        yield SearchBar(id="search")
        yield Footer()

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    def on_mount(self) -> None:
        self.view.focus()
        # Words and sentences of a long article are computed off the UI thread after the
        # first frame, so the first cursor key does not pay for them.
        self.run_worker(self._warm_segmentation, thread=True, group="warm", exit_on_error=False)

    def _warm_segmentation(self) -> None:
        _ = self.article.words
        _ = self.article.sentences

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.query_one(Masthead).set_progress(event.progress)
        view = self.view
        if view.current_match is not None:
            starts = view.matches_starts
            index = starts.index(view.current_match[0]) + 1
            self.query_one(Masthead).set_status(f"match {index}/{len(starts)}")

    # -- focus mode -------------------------------------------------------------------------------

    def action_toggle_focus_mode(self) -> None:
        focused = not self.has_class("-focus")
        self.set_class(focused, "-focus")
        view = self.view
        view.centered = focused
        view.focus()
        self.call_after_refresh(view.reflow)

    # -- search -----------------------------------------------------------------------------------

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        self._search_origin = self.view.cursor
        bar.value = ""
        bar.display = True
        bar.focus()

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        view = self.view
        matches = find_matches(self.article.text, event.value)
        view.set_matches(matches)
        origin = self._search_origin if self._search_origin is not None else view.cursor
        index = view.match_index_from(origin - 1, forward=True)
        if index is not None:
            view.go_to_match(index)
        masthead = self.query_one(Masthead)
        if not event.value:
            masthead.set_status("")
        elif not matches:
            masthead.set_status("no match")

    @on(SearchBar.Closed)
    def _search_closed(self, event: SearchBar.Closed) -> None:
        bar = self.query_one(SearchBar)
        bar.display = False
        view = self.view
        view.focus()
        if not event.keep or not len(view.matches):
            view.set_matches([])
            if not event.keep and self._search_origin is not None:
                view.move_cursor(self._search_origin)
            if event.keep and bar.value:
                self.notify(f"No match for “{bar.value}”", severity="warning", timeout=3)
            self.query_one(Masthead).set_status("")
        self._search_origin = None

    @on(ArticleView.SearchWrapped)
    def _search_wrapped(self, event: ArticleView.SearchWrapped) -> None:
        where = "top" if event.forward else "bottom"
        self.notify(f"Search continued from the {where}", timeout=2)
