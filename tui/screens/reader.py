"""The main screen: masthead, the article, and the Entities, Quotes and Annotations panes.

The screen is the go-between: the article view and the panes post what the user did; the
screen asks the annotation session (and through it the store) to change, then hands the new
state down to the view and the panes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.worker import Worker, WorkerState

from annotations.article import Article
from annotations.model import Annotation, Color
from annotations.session import AnnotationSession
from annotations.sources import NOTICE_META
from tui.colors import COLOR_KEYS
from tui.dialogs.note_dialog import NoteDialog
from tui.dialogs.tags_dialog import TagsDialog
from tui.save_errors import reports_save_errors, reports_save_errors_to
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.article_view import ArticleView, HighlightMark
from tui.widgets.entities_pane import EntitiesPane
from tui.widgets.masthead import Masthead, byline
from tui.widgets.quotes_pane import QuotesPane
from tui.widgets.search_bar import SearchBar, find_matches
from tui.widgets.span_layer import SpanLayer

if TYPE_CHECKING:
    # Imported where used: extraction and export modules are not needed for the first frame.
    from annotations.analysis import Analysis
    from annotations.entities import Extractor
    from annotations.entities.model import Entity
    from annotations.quotes import Quote

#: Seconds between checks for changes another newsdesk window made to this article.
POLL_SECONDS = 1.5
#: Seconds between saves of the reading position (a save rewrites the library index).
POSITION_SAVE_SECONDS = 5.0
#: Actions that need a highlight to act on: dimmed in the footer when there is none.
NEEDS_TARGET = frozenset({"tags", "delete", "color", "copy_highlight"})


def _color_bindings() -> list[BindingType]:
    return [
        Binding(key, f"color('{color.value}')", f"Colour {color.value}", show=False)
        for key, color in COLOR_KEYS.items()
    ]


class ReaderScreen(Screen[None]):
    """Reading one article, with its side panes."""

    HELP_SECTION = "Highlights, search and panes"
    #: Below 100 columns the panes move under the article.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer fits 80 columns: search and colours are in the help and the palette.
        Binding("slash", "search", "Search", key_display="/", show=False),
        Binding("h", "highlight", "Highlight"),
        Binding("H", "highlight_paragraph", "Highlight paragraph", show=False),
        Binding("a", "note", "Note"),
        Binding("t", "tags", "Tags"),
        Binding("x", "delete", "Delete"),
        *_color_bindings(),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("right_square_bracket", "jump_highlight(1)", "Next highlight", key_display="]",
                show=False),
        Binding("left_square_bracket", "jump_highlight(-1)", "Previous highlight",
                key_display="[", show=False),
        Binding("E", "export_markdown", "Export Markdown", show=False),
        Binding("y", "copy_highlight", "Copy highlight as Markdown", show=False),
        Binding("z", "toggle_focus_mode", "Focus mode", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    def __init__(
        self,
        article: Article,
        session: AnnotationSession,
        extractor: Extractor,
        export_dir: Path,
    ) -> None:
        super().__init__()
        self.article = article
        self.session = session
        self.extractor = extractor
        self.export_dir = export_dir
        self.analysis: Analysis | None = None
        self._search_origin: int | None = None
        self._binding_state: tuple[bool, ...] = ()
        self._saved_position = session.record.reading_position
        #: The cursor as last reported by the view (the view is gone by unmount time).
        self._cursor = session.record.reading_position
        #: Which mention of the selected entity `enter` jumped to last.
        self._mention_index = -1

    def compose(self) -> ComposeResult:
        article = self.article
        about = byline(article.byline, article.date, article.site, article.source)
        yield Masthead(article.title, about, id="masthead")
        with Container(id="body"):
            yield ArticleView(self.article, id="article")
            with Container(id="sidebar"):
                yield EntitiesPane(id="entities")
                yield QuotesPane(id="quotes")
                yield AnnotationsPane(id="annotations")
        yield SearchBar(id="search")
        yield Footer(compact=True)

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def annotations_pane(self) -> AnnotationsPane:
        return self.query_one("#annotations", AnnotationsPane)

    def on_mount(self) -> None:
        view = self.view
        view.focus()
        self._show_annotations()
        self.set_interval(POLL_SECONDS, self._poll_store)
        self.set_interval(POSITION_SAVE_SECONDS, self.save_position)
        self.query_one(EntitiesPane).show_message(f"Finding entities ({self.extractor.name})…")
        self.query_one(QuotesPane).show_message("Finding quotations…")
        # After the first frame: reopen where the reader left off, and start the slow work
        # (segmenting a long text, loading the model) in threads, so neither delays the frame.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self._tell_about_the_article()
        position = self.session.record.reading_position
        if 0 < position < len(self.article.text):
            view = self.view
            view.move_cursor(view.word_at(position)[0], scroll=False)
            view.scroll_to(y=max(view.cursor_line - 2, 0), animate=False, immediate=True)
        self.run_worker(self._warm_segmentation, thread=True, group="warm", exit_on_error=False)
        self.run_analysis()

    def _tell_about_the_article(self) -> None:
        """Library warnings and loading notices, once the screen can show them."""
        for warning in self.session.store.warnings:
            self.notify(warning, title="Library", severity="warning", timeout=15)
        notice = self.article.meta.get(NOTICE_META)
        if notice:
            self.notify(notice, title="Article", severity="warning", timeout=10)
        if self.session.text_changed:
            self.notify(
                "The text changed since you last read it; highlights were placed again.",
                title="Article changed",
                timeout=8,
            )

    def _warm_segmentation(self) -> None:
        _ = self.article.words
        _ = self.article.sentences

    @reports_save_errors
    def save_position(self) -> None:
        """Remember the reading position in the library, when it has changed."""
        cursor = self._cursor
        if cursor != self._saved_position:
            self.session.store.set_reading_position(self.article.id, cursor)
            self._saved_position = cursor

    def on_unmount(self) -> None:
        self.save_position()

    # -- entities and quotations ------------------------------------------------------------

    @work(exclusive=True, group="analysis", exit_on_error=False)
    async def run_analysis(self) -> Analysis:
        """Extract entities and quotations in a daemon thread (quitting never waits for it);
        cached per text and extractor."""
        from annotations.analysis import AnalysisCache, analyze_cached
        from tui.background import in_daemon_thread

        cache = AnalysisCache.in_library(self.session.store.folder)
        article, extractor = self.article, self.extractor
        analysis = await in_daemon_thread(lambda: analyze_cached(article, extractor, cache))
        self._show_analysis(analysis)
        return analysis

    def _show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.query_one(EntitiesPane).show_entities(analysis.entities, analysis.extractor)
        self.query_one(QuotesPane).show_quotes(analysis.quotes)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "analysis" and event.state is WorkerState.ERROR:
            reason = f"{type(event.worker.error).__name__}: {event.worker.error}"
            message = f"Could not analyse the article ({reason})."
            self.query_one(EntitiesPane).show_message(message)
            self.query_one(QuotesPane).show_message(message)

    @on(OptionList.OptionHighlighted, "#entities OptionList")
    def _entity_highlighted(self) -> None:
        entity = self.query_one(EntitiesPane).selected()
        self._mark_mentions(entity)

    def _mark_mentions(self, entity: Entity | None) -> None:
        view = self.view
        mentions = () if entity is None else entity.mentions
        view.mentions = SpanLayer((m.start, m.end, entity.name) for m in mentions if entity)
        view.refresh()
        self._mention_index = -1
        if entity is not None:
            self.query_one(Masthead).set_status(f"{entity.name}: {entity.count} mentions")

    @on(OptionList.OptionSelected, "#entities OptionList")
    def _entity_selected(self) -> None:
        """`enter` on an entity jumps to its next mention, again and again."""
        entity = self.query_one(EntitiesPane).selected()
        if entity is None or not entity.mentions:
            return
        self._mention_index = (self._mention_index + 1) % len(entity.mentions)
        mention = entity.mentions[self._mention_index]
        self.view.move_cursor(mention.start)
        self.query_one(Masthead).set_status(
            f"{entity.name}: mention {self._mention_index + 1}/{entity.count}"
        )

    @on(OptionList.OptionHighlighted, "#quotes OptionList")
    def _quote_highlighted(self) -> None:
        quote = self.query_one(QuotesPane).selected()
        if quote is not None:
            self.view.move_cursor(quote.start)

    @on(OptionList.OptionSelected, "#quotes OptionList")
    def _quote_selected(self) -> None:
        quote = self.query_one(QuotesPane).selected()
        if quote is not None:
            self.view.move_cursor(quote.start)
            self.view.focus()

    def _highlight_quote(self, quote: Quote) -> None:
        """A quotation becomes a highlight tagged `quote`, its speaker in the note."""
        note = f"Said by {quote.speaker}" if quote.speaker else ""
        if self._create(quote.start, quote.end, note=note, tags=["quote"]) is not None:
            self.notify("Quotation highlighted", timeout=2)

    # -- keeping the view, the pane and the footer in step ---------------------------------------

    def _show_annotations(self) -> None:
        session = self.session
        self.view.highlights = SpanLayer(
            (a.start, a.end, HighlightMark(a.id, a.color.value, a.has_note))
            for a in session.highlights
        )
        self.view.refresh()
        self.annotations_pane.show_annotations(session.highlights, session.orphans)
        self._refresh_footer()

    def _refresh_footer(self) -> None:
        """Re-check which keys are enabled, only when that can have changed (it is costly)."""
        view = self.view
        state = (
            self.target is not None,
            bool(self.session.highlights),
            self.session.can_undo,
            self.session.can_redo,
            view.selection_anchor is not None,
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_TARGET:
            return True if self.target is not None else None
        if action == "jump_highlight":
            return True if self.session.highlights else None
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "redo":
            return True if self.session.can_redo else None
        return True

    @reports_save_errors
    def _poll_store(self) -> None:
        if self.session.changed_elsewhere():
            self.session.reload()
            self._show_annotations()
            self.notify("Highlights updated from another newsdesk window", timeout=3)

    @on(ArticleView.SelectionChanged)
    def _selection_changed(self) -> None:
        self._refresh_footer()

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self._cursor = event.offset
        masthead = self.query_one(Masthead)
        masthead.set_progress(event.progress)
        view = self.view
        if view.current_match_index is not None:
            masthead.set_status(f"match {view.current_match_index + 1}/{len(view.match_spans)}")
        under = self.session.at(event.offset)
        if under is not None and not self.annotations_pane.has_focus_within:
            self.annotations_pane.select_id(under.id)
        self._refresh_footer()

    # -- what the highlight keys act on ---------------------------------------------------------

    @property
    def target(self) -> Annotation | None:
        """The highlight selected in the Annotations pane when it has focus, else the one
        under the reader's cursor."""
        pane = self.annotations_pane
        if pane.has_focus_within:
            selected = pane.selected_id
            return self.session.get(selected) if selected else None
        return self.session.at(self.view.cursor)

    def _sentence_range(self) -> tuple[int, int]:
        sentences = self.article.sentences
        view = self.view
        index = sentences.index_at(view.cursor)
        if index is None:
            index = sentences.index_at_or_before(view.cursor)
        return sentences[index] if len(sentences) else view.word_at(view.cursor)

    def _paragraph_range(self) -> tuple[int, int]:
        block = self.article.blocks[self.article.block_index_at(self.view.cursor)]
        return block.start, block.end

    def _create(
        self, start: int, end: int, *, note: str = "", tags: Sequence[str] = ()
    ) -> Annotation | None:
        """Highlight ``[start, end)`` unless exactly that is highlighted already."""
        for existing in self.session.highlights:
            if (existing.start, existing.end) == (start, end):
                self.notify("Already highlighted", timeout=2)
                return None
        annotation = self.session.create(start, end, note=note, tags=tags)
        self.view.clear_selection()
        self._show_annotations()
        return annotation

    # -- actions -------------------------------------------------------------------------------

    @reports_save_errors
    def action_highlight(self) -> None:
        """Highlight the selection, or the sentence at the cursor (in the Quotes pane: the
        quotation selected there)."""
        quotes = self.query_one(QuotesPane)
        if quotes.has_focus_within:
            quote = quotes.selected()
            if quote is not None:
                self._highlight_quote(quote)
            return
        selection = self.view.selection
        start, end = selection if selection is not None else self._sentence_range()
        if self._create(start, end) is not None:
            self.notify("Highlighted — a adds a note, 1-5 colour, u undoes", timeout=2)

    @reports_save_errors
    def action_highlight_paragraph(self) -> None:
        start, end = self._paragraph_range()
        if self._create(start, end) is not None:
            self.notify("Paragraph highlighted", timeout=2)

    @reports_save_errors
    def action_color(self, color: str) -> None:
        target = self.target
        if target is None:
            return
        self.session.recolor(target, Color(color))
        self._show_annotations()

    def action_note(self) -> None:
        target = self.target
        if target is not None:
            quote, note = self.article.text[target.start : target.end], target.note
            if target in self.session.orphans:
                quote = target.quote.exact
        else:
            start, end = self.view.selection or self._sentence_range()
            quote, note = self.article.text[start:end], ""

        @reports_save_errors_to(self)
        def save(result: str | None) -> None:
            if result is None:
                return
            if target is None:
                # The highlight and its note are one change: undo takes both back.
                if self._create(start, end, note=result) is not None:
                    self.notify("Highlighted with a note", timeout=2)
                return
            current = self.session.get(target.id)
            if current is not None:
                self.session.set_note(current, result)
                self._show_annotations()

        self.app.push_screen(NoteDialog(quote, note), save)

    def action_tags(self) -> None:
        target = self.target
        if target is None:
            return

        @reports_save_errors_to(self)
        def save(result: list[str] | None) -> None:
            current = self.session.get(target.id)
            if result is not None and current is not None:
                self.session.set_tags(current, result)
                self._show_annotations()

        dialog = TagsDialog(target.quote.exact, target.tags, self.session.tags_in_use)
        self.app.push_screen(dialog, save)

    @reports_save_errors
    def action_delete(self) -> None:
        target = self.target
        if target is None:
            return
        self.session.delete(target)
        self._show_annotations()
        self.notify("Highlight deleted — u undoes", timeout=2)

    @reports_save_errors
    def action_undo(self) -> None:
        change = self.session.undo()
        if change is None:
            return
        self._show_annotations()
        self._reveal(change.before)
        self.notify(f"Undid {change.what}", timeout=2)

    @reports_save_errors
    def action_redo(self) -> None:
        change = self.session.redo()
        if change is None:
            return
        self._show_annotations()
        self._reveal(change.after)
        self.notify(f"Redid {change.what}", timeout=2)

    def _reveal(self, annotation: Annotation | None) -> None:
        if annotation is not None and annotation in self.session.highlights:
            self.view.move_cursor(annotation.start)

    def action_jump_highlight(self, direction: int) -> None:
        cursor = self.view.cursor
        found = (
            self.session.next_after(cursor)
            if direction > 0
            else self.session.previous_before(cursor)
        )
        if found is None:
            self.notify("No more highlights that way", timeout=2)
            return
        self.view.move_cursor(found.start)

    # -- the annotations pane -----------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#annotations OptionList")
    def _annotation_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        annotation = self.session.get(event.option.id or "")
        if annotation is not None and annotation in self.session.highlights:
            self.view.move_cursor(annotation.start)
        self._refresh_footer()

    @on(OptionList.OptionSelected, "#annotations OptionList")
    def _annotation_selected(self, event: OptionList.OptionSelected) -> None:
        annotation = self.session.get(event.option.id or "")
        if annotation is not None and annotation in self.session.highlights:
            self.view.move_cursor(annotation.start)
            self.view.focus()

    def on_descendant_focus(self) -> None:
        self._refresh_footer()

    # -- export -------------------------------------------------------------------------------

    def action_export_markdown(self) -> None:
        """Write the article's highlights, quotations and entities as Markdown to a file."""
        from annotations.export_markdown import to_markdown
        from annotations.filenames import safe_filename

        analysis = self.analysis
        markdown = to_markdown(
            self.article,
            self.session.highlights,
            orphans=self.session.orphans,
            quotes=analysis.quotes if analysis else (),
            entities=analysis.entities if analysis else (),
        )
        try:
            path = write_new_file(self.export_dir, safe_filename(
                self.article.title, self.article.id, ".md"
            ), markdown)
        except OSError as error:
            self.notify(f"Could not export: {error}", severity="error", timeout=8)
            return
        self.notify(f"Exported to {path}", title="Markdown", timeout=8)

    def action_copy_highlight(self) -> None:
        target = self.target
        if target is None or target not in self.session.highlights:
            return
        from annotations.export_markdown import highlight_markdown

        self.app.copy_to_clipboard(highlight_markdown(self.article, target))
        self.notify("Highlight copied as Markdown", timeout=2)

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
        if not event.keep or not view.match_spans:
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


def write_new_file(folder: Path, name: str, content: str) -> Path:
    """Write `content` to folder/name, or, if that exists with other content, to "name (2)"
    and so on: an earlier export the user may have edited is never overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, suffix = name.rpartition(".")
    candidate = folder / name
    counter = 1
    while candidate.exists() or candidate.is_symlink():
        # Only a regular file is read back (a FIFO of that name would block for ever).
        same = candidate.is_file() and not candidate.is_symlink()
        if same and candidate.read_text(encoding="utf-8", errors="replace") == content:
            return candidate  # the same export again: nothing to do
        counter += 1
        candidate = folder / f"{stem} ({counter}){dot}{suffix}"
    try:
        candidate.write_text(content, encoding="utf-8")
    except OSError:
        candidate.unlink(missing_ok=True)  # never leave half an export behind (disk full)
        raise
    return candidate
