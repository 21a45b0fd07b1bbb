"""The main screen: masthead, the article, and the Entities, Quotes and Annotations panes.

The screen is the go-between: the article view and the panes post what the user did; the
screen asks the annotation session (and through it the store) to change, then hands the new
state down to the view and the panes.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer, OptionList

from annotations.article import Article
from annotations.model import Annotation, Color
from annotations.session import AnnotationSession
from tui.colors import COLOR_KEYS
from tui.dialogs.note_dialog import NoteDialog
from tui.dialogs.tags_dialog import TagsDialog
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.article_view import ArticleView, HighlightMark
from tui.widgets.list_pane import ListPane
from tui.widgets.masthead import Masthead
from tui.widgets.search_bar import SearchBar, find_matches
from tui.widgets.span_layer import SpanLayer

#: Seconds between checks for changes another newsdesk window made to this article.
POLL_SECONDS = 1.5
#: Actions that need a highlight to act on: dimmed in the footer when there is none.
NEEDS_TARGET = frozenset({"tags", "delete", "color"})


def _color_bindings() -> list[BindingType]:
    bindings: list[BindingType] = []
    for key, color in COLOR_KEYS.items():
        first = key == "1"
        # The footer shows one "1-5 Colour" entry; the help lists each key by its tooltip.
        bindings.append(
            Binding(
                key,
                f"color('{color.value}')",
                "Colour" if first else f"Colour {color.value}",
                key_display="1-5" if first else None,
                show=first,
                tooltip=f"Colour {color.value}",
            )
        )
    return bindings


class ReaderScreen(Screen[None]):
    """Reading one article, with its side panes."""

    HELP_SECTION = "Highlights, search and panes"
    #: Below 100 columns the panes move under the article.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/"),
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
        Binding("z", "toggle_focus_mode", "Focus mode", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, article: Article, session: AnnotationSession) -> None:
        super().__init__()
        self.article = article
        self.session = session
        self._search_origin: int | None = None
        self._binding_state: tuple[bool, ...] = ()

    def compose(self) -> ComposeResult:
        yield Masthead(self.article.title, self.article.source, id="masthead")
        with Container(id="body"):
            yield ArticleView(self.article, id="article")
            with Container(id="sidebar"):
                yield ListPane("Entities", "No entities found yet.", id="entities")
                yield ListPane("Quotes", "No quotations found yet.", id="quotes")
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
        self.view.focus()
        self._show_annotations()
        for warning in self.session.store.warnings:
            self.notify(warning, title="Library", severity="warning", timeout=15)
        self.set_interval(POLL_SECONDS, self._poll_store)
        # Words and sentences of a long article are computed off the UI thread after the
        # first frame, so the first cursor key does not pay for them.
        self.run_worker(self._warm_segmentation, thread=True, group="warm", exit_on_error=False)

    def _warm_segmentation(self) -> None:
        _ = self.article.words
        _ = self.article.sentences

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
        masthead = self.query_one(Masthead)
        masthead.set_progress(event.progress)
        view = self.view
        if view.current_match is not None:
            starts = view.matches_starts
            index = starts.index(view.current_match[0]) + 1
            masthead.set_status(f"match {index}/{len(starts)}")
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

    def _create(self, start: int, end: int, *, note: str = "") -> Annotation | None:
        for existing in self.session.highlights:
            if (existing.start, existing.end) == (start, end):
                self.notify("Already highlighted", timeout=2)
                return None
        annotation = self.session.create(start, end, note=note)
        self.view.clear_selection()
        self._show_annotations()
        return annotation

    # -- actions -------------------------------------------------------------------------------

    def action_highlight(self) -> None:
        """Highlight the selection, or the sentence at the cursor."""
        selection = self.view.selection
        start, end = selection if selection is not None else self._sentence_range()
        if self._create(start, end) is not None:
            self.notify("Highlighted — a adds a note, 1-5 colour, u undoes", timeout=2)

    def action_highlight_paragraph(self) -> None:
        start, end = self._paragraph_range()
        if self._create(start, end) is not None:
            self.notify("Paragraph highlighted", timeout=2)

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

        def save(result: list[str] | None) -> None:
            current = self.session.get(target.id)
            if result is not None and current is not None:
                self.session.set_tags(current, result)
                self._show_annotations()

        dialog = TagsDialog(target.quote.exact, target.tags, self.session.tags_in_use)
        self.app.push_screen(dialog, save)

    def action_delete(self) -> None:
        target = self.target
        if target is None:
            return
        self.session.delete(target)
        self._show_annotations()
        self.notify("Highlight deleted — u undoes", timeout=2)

    def action_undo(self) -> None:
        change = self.session.undo()
        if change is None:
            return
        self._show_annotations()
        self._reveal(change.before)
        self.notify(f"Undid {change.what}", timeout=2)

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
