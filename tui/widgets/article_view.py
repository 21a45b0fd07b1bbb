"""The article reader: a Line-API widget that draws only the lines on screen.

The widget owns the reading cursor (a character offset on a word), the selection, and how the
text is drawn. Everything it shows besides the text — search matches, highlights, entity
mentions — is handed down by the screen as span layers; what the reader does is posted up as
messages.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.signal import Signal
from textual.strip import Strip

from annotations.article.model import Article, BlockKind
from annotations.article.spans import Spans
from annotations.library.model import Color
from annotations.library.span_layer import SpanLayer
from tui.layout import ArticleLayout, char_width
from tui.widgets.kept_styles import KeptStyles
from tui.widgets.steady_scroll import SteadyScrollView

#: The widest the text is set, in cells: a comfortable reading measure.
MEASURE = 78
#: Cells left of the text: room for the note mark of a highlight.
GUTTER = 2
NOTE_MARK = "✎"
#: Lines kept visible above and below the cursor when it moves (vim's scrolloff).
SCROLL_MARGIN = 3


@dataclass(frozen=True, slots=True)
class HighlightMark:
    """How one highlight is drawn."""

    id: str
    color: str
    has_note: bool


# The scroll bindings a ScrollView inherits (left/right, ctrl+pageup, ...) make no sense for
# wrapped text: inherit none, so every key this widget answers to is listed in BINDINGS.
class ArticleView(KeptStyles, SteadyScrollView, can_focus=True, inherit_bindings=False):
    """Shows an article, wrapped to a readable measure, with a word cursor."""

    HELP_SECTION = "Reading"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--heading",
        "article-view--quote",
        "article-view--prefix",
        "article-view--cursor",
        "article-view--selection",
        "article-view--match",
        "article-view--match-current",
        "article-view--mention",
        "article-view--mention-current",
        "article-view--target",
        "article-view--note-mark",
        *(f"article-view--hl-{color.value}" for color in Color),
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_line(1)", "Line down", show=False),
        Binding("k,up", "cursor_line(-1)", "Line up", show=False),
        Binding("w,right", "cursor_word(1)", "Next word", show=False),
        Binding("b,left", "cursor_word(-1)", "Previous word", show=False),
        Binding(
            "right_parenthesis", "cursor_sentence(1)", "Next sentence", key_display=")", show=False
        ),
        Binding(
            "left_parenthesis",
            "cursor_sentence(-1)",
            "Previous sentence",
            key_display="(",
            show=False,
        ),
        Binding(
            "right_curly_bracket",
            "cursor_paragraph(1)",
            "Next paragraph",
            key_display="}",
            show=False,
        ),
        Binding(
            "left_curly_bracket",
            "cursor_paragraph(-1)",
            "Previous paragraph",
            key_display="{",
            show=False,
        ),
        Binding("g,home", "cursor_edge(-1)", "Start of article", show=False),
        Binding("G,end", "cursor_edge(1)", "End of article", show=False),
        Binding("space,pagedown", "cursor_page(1)", "Page down", show=False),
        Binding("pageup", "cursor_page(-1)", "Page up", show=False),
        Binding("ctrl+d", "cursor_half_page(1)", "Half page down", show=False),
        Binding("ctrl+u", "cursor_half_page(-1)", "Half page up", show=False),
        Binding("n", "search_step(1)", "Next match", show=False),
        Binding("N", "search_step(-1)", "Previous match", show=False),
        Binding("v", "toggle_selection", "Select"),
        Binding("escape", "clear", "Cancel selection / hide search", show=False),
    ]

    class CursorMoved(Message):
        """The reading position changed (published through `cursor_signal`)."""

        def __init__(self, view: ArticleView, offset: int, progress: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset
            self.progress = progress

        @property
        def control(self) -> ArticleView:
            return self.view

    class SelectionChanged(Message):
        """A selection started or ended (the footer dims keys that need one)."""

    class SearchHidden(Message):
        """`esc` hid the search marks (the search itself is kept for `n`/`N`)."""

    class SearchWrapped(Message):
        """`n`/`N` went past the last/first match and continued from the other end."""

        def __init__(self, forward: bool, index: int, total: int) -> None:
            super().__init__()
            self.forward = forward
            self.index = index
            self.total = total

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.cursor = 0
        self.layout_: ArticleLayout | None = None
        self.centered = False
        #: Cell column the cursor tries to keep when moving by lines.
        self._goal_column: int | None = None
        #: Search matches in text order; `matches` draws them, the index says which is current.
        self.match_spans: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self.matches: SpanLayer[int] = SpanLayer()
        self.current_match_index: int | None = None
        self.highlights: SpanLayer[HighlightMark] = SpanLayer()
        self.mentions: SpanLayer[str] = SpanLayer()
        #: The mention `enter` in the Entities pane went to last, drawn apart from the others.
        self.current_mention: tuple[int, int] | None = None
        #: The highlight the edit keys act on, outlined where several overlap.
        self.target_span: tuple[int, int] | None = None
        #: True while `esc` hides the search marks; `n`/`N` show them again.
        self.matches_hidden = False
        #: Where a selection started (`v`); the selection runs from there to the cursor.
        self.selection_anchor: int | None = None
        self._margin = GUTTER
        #: Published on every cursor move. A subscriber with ``immediate=True`` runs inside the
        #: move, so what it changes (progress, status, pane row) is drawn in the same frame as
        #: the text; a bubbling message arrives after that frame and costs a second write.
        self.cursor_signal: Signal[ArticleView.CursorMoved] = Signal(self, "cursor")

    # -- geometry ---------------------------------------------------------------------------------

    @property
    def text_layout(self) -> ArticleLayout:
        if self.layout_ is None:
            self._relayout(max(self.scrollable_content_region.width, MEASURE + GUTTER))
        assert self.layout_ is not None
        return self.layout_

    def _relayout(self, available: int) -> None:
        measure = max(min(MEASURE, available - GUTTER - 1), 12)
        if self.layout_ is None or self.layout_.width != measure:
            self.layout_ = ArticleLayout(self.article, measure)
        spare = max(available - measure - GUTTER, 0)
        self._margin = GUTTER + (spare // 2 if self.centered else 0)
        self.virtual_size = Size(available, len(self.layout_))

    def on_resize(self, event: events.Resize) -> None:
        self.reflow()

    def reflow(self) -> None:
        """Re-wrap for the current width, keeping the cursor on the same row of the view."""
        row = self.cursor_line - int(self.scroll_offset.y) if self.layout_ is not None else 0
        self._relayout(self.scrollable_content_region.width)
        self.refresh()
        line = self.cursor_line
        height = max(self.scrollable_content_region.height, 1)
        row = min(max(row, 0), height - 1)
        self.scroll_to(y=max(line - row, 0), animate=False, immediate=True)
        self._post_cursor()

    @property
    def cursor_line(self) -> int:
        return self.text_layout.line_of(self.cursor)

    @property
    def progress(self) -> int:
        """How far through the article the cursor is, in percent."""
        lines = len(self.text_layout)
        if lines <= 1:
            return 100
        return round(100 * self.cursor_line / (lines - 1))

    # -- the cursor --------------------------------------------------------------------------------

    def word_at(self, offset: int) -> tuple[int, int]:
        """The word containing `offset`, else the next word, else a one-character span."""
        return self.article.word_at(offset)

    @property
    def cursor_span(self) -> tuple[int, int]:
        if self.current_match is not None and self.current_match[0] == self.cursor:
            return self.current_match
        return self.word_at(self.cursor)

    def move_cursor(self, offset: int, *, keep_goal: bool = False, scroll: bool = True) -> None:
        """Put the cursor at `offset`, redraw the lines that changed, keep it in view."""
        offset = min(max(offset, 0), max(len(self.article.text) - 1, 0))
        current = self.current_match
        if current is not None and offset != current[0]:
            self.current_match_index = None
            self.refresh()
        old_line = self.cursor_line
        self.cursor = offset
        if not keep_goal:
            self._goal_column = None
        new_line = self.cursor_line
        if self.selection_anchor is not None:
            self.refresh()  # the selection spans every line between anchor and cursor
        else:
            self._refresh_lines(old_line, new_line)
        if scroll:
            self.scroll_to_line(new_line)
        self._post_cursor()

    def _refresh_lines(self, *lines: int) -> None:
        top = int(self.scroll_offset.y)
        for line in lines:
            self.refresh(Region(0, line - top, self.size.width, 1))

    def refresh_span(self, start: int, end: int) -> None:
        """Redraw the lines on screen that show text of ``[start, end)`` (a highlight
        added, removed or recoloured): the other lines are kept as drawn."""
        layout = self.text_layout
        top = int(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        first = max(layout.line_of(start), top)
        last = min(layout.line_of(max(end - 1, start)), top + height - 1)
        if first <= last:
            self.refresh(Region(0, first - top, self.size.width, last - first + 1))

    def _post_cursor(self) -> None:
        self.cursor_signal.publish(self.CursorMoved(self, self.cursor, self.progress))

    def scroll_to_line(self, line: int) -> None:
        """Scroll the least needed to show `line` with a few lines of context around it."""
        top = int(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        margin = min(SCROLL_MARGIN, (height - 1) // 2)
        if line - margin < top:
            self.scroll_to(y=max(line - margin, 0), animate=False, immediate=True)
        elif line + margin >= top + height:
            self.scroll_to(y=line + margin - height + 1, animate=False, immediate=True)

    def _word_on_line(self, line: int, column: int) -> int:
        """A word start on `line` near `column`: the word under it, else the nearest one."""
        layout = self.text_layout
        offset = layout.offset_at(line, column)
        words = self.article.words
        index = words.index_at(offset)
        if index is not None:
            return words[index][0]
        following = words.next_start(offset)
        if following is not None and following < layout.ends[line]:
            return following
        before = words.prev_start(offset + 1)
        if before is not None and before >= layout.starts[line]:
            return before
        return following if following is not None else offset

    def action_cursor_line(self, delta: int) -> None:
        layout = self.text_layout
        line, column = layout.column_of(self.cursor)
        if self._goal_column is None:
            self._goal_column = column
        target = line + delta
        while 0 <= target < len(layout) and layout.blocks[target] == -1:
            target += delta
        if not 0 <= target < len(layout):
            return
        self.move_cursor(self._word_on_line(target, self._goal_column), keep_goal=True)

    def action_cursor_word(self, delta: int) -> None:
        words = self.article.words
        start = self.word_at(self.cursor)[0]
        target = words.next_start(start) if delta > 0 else words.prev_start(start)
        if target is not None:
            self.move_cursor(target)

    def action_cursor_sentence(self, delta: int) -> None:
        self._move_by_unit(self.article.sentences, delta)

    def action_cursor_paragraph(self, delta: int) -> None:
        self._move_by_unit(self.article.block_spans, delta)

    def _move_by_unit(self, spans: Spans, delta: int) -> None:
        """Forward to the next unit; backward to this unit's start, or the previous one's."""
        if not len(spans):
            return
        target: int | None
        if delta > 0:
            target = spans.next_start(self.cursor)
        else:
            # Compare word starts: a unit may open with a quotation mark before its first word.
            index = spans.index_at_or_before(self.cursor)
            start = spans[index][0]
            target = start if self.word_at(start)[0] < self.cursor else spans.prev_start(start)
        if target is not None:
            self.move_cursor(self.word_at(target)[0])

    def action_cursor_edge(self, direction: int) -> None:
        words = self.article.words
        if not len(words):
            return
        self.move_cursor(words[0][0] if direction < 0 else words[len(words) - 1][0])

    def _page(self, lines: int) -> None:
        layout = self.text_layout
        line, column = layout.column_of(self.cursor)
        goal = column if self._goal_column is None else self._goal_column
        top = int(self.scroll_offset.y)
        self.scroll_to(y=top + lines, animate=False, immediate=True)
        target = min(max(line + lines, 0), len(layout) - 1)
        while 0 < target < len(layout) - 1 and layout.blocks[target] == -1:
            target += 1 if lines > 0 else -1
        self._goal_column = goal
        self.move_cursor(self._word_on_line(target, goal), keep_goal=True)

    def action_cursor_page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height - 2, 1)
        self._page(direction * height)

    def action_cursor_half_page(self, direction: int) -> None:
        self._page(direction * max(self.scrollable_content_region.height // 2, 1))

    # -- search ------------------------------------------------------------------------------------

    def set_matches(self, spans: list[tuple[int, int]]) -> None:
        """Show search matches (sorted, as `re.finditer` gives them); none is current yet."""
        self.match_spans = list(spans)
        self._match_starts = [start for start, _end in spans]
        self.matches = SpanLayer((start, end, index) for index, (start, end) in enumerate(spans))
        self.matches_hidden = False
        self.current_match_index = None
        self.refresh()

    def hide_matches(self) -> None:
        """Stop drawing the matches but keep them, so `n` and `N` still find them."""
        self.matches = SpanLayer()
        self.matches_hidden = True
        self.current_match_index = None
        self.refresh()
        self.post_message(self.SearchHidden())

    @property
    def current_match(self) -> tuple[int, int] | None:
        index = self.current_match_index
        return None if index is None else self.match_spans[index]

    def go_to_match(self, index: int) -> None:
        if not self.match_spans:
            return
        if self.matches_hidden:
            self.set_matches(self.match_spans)
        self.current_match_index = index % len(self.match_spans)
        self.move_cursor(self.match_spans[self.current_match_index][0])
        self.refresh()

    def match_index_from(self, offset: int, forward: bool) -> int | None:
        """Index of the first match after (or last before) `offset`, wrapping around."""
        count = len(self._match_starts)
        if not count:
            return None
        if forward:
            index = bisect_right(self._match_starts, offset)
            return index if index < count else 0
        index = bisect_left(self._match_starts, offset) - 1
        return index if index >= 0 else count - 1

    def action_search_step(self, direction: int) -> None:
        forward = direction > 0
        index = self.match_index_from(self.cursor, forward)
        if index is None:
            self.notify("No search — press / to search", severity="warning", timeout=2)
            return
        start = self._match_starts[index]
        wrapped = start <= self.cursor if forward else start >= self.cursor
        self.go_to_match(index)
        if wrapped:
            self.post_message(self.SearchWrapped(forward, index, len(self.match_spans)))

    # -- mouse -------------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = int(self.scroll_offset.y) + offset.y
        if line >= len(self.text_layout):
            return
        self.move_cursor(self._word_on_line(line, offset.x - self._margin))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # The wheel scrolls the page; keep the reading position on screen, as a pager does.
        if self.layout_ is None:
            return
        top = int(new_value)
        height = max(self.scrollable_content_region.height, 1)
        line = self.cursor_line
        if line < top or line >= top + height:
            target = top if line < top else top + height - 1
            layout = self.text_layout
            target = min(max(target, 0), len(layout) - 1)
            step = 1 if line < top else -1
            while 0 < target < len(layout) - 1 and layout.blocks[target] == -1:
                target += step
            self.move_cursor(self._word_on_line(target, 0), keep_goal=True, scroll=False)

    # -- drawing -----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        layout = self.text_layout
        width = self.scrollable_content_region.width
        base = self.base_style
        line = int(self.scroll_offset.y) + y
        if line >= len(layout) or layout.blocks[line] < 0:
            return Strip.blank(width, base)
        block = self.article.blocks[layout.blocks[line]]
        block_style = base + self._block_style(block.kind)
        start, end = layout.starts[line], layout.ends[line]

        segments = [Segment(" " * self._margin, base)]
        marks = self.highlights.overlapping(start, end)
        if any(mark.has_note and s >= start for s, _e, mark in marks):
            note_style = base + self.component_style("article-view--note-mark")
            segments = [
                Segment(" " * (self._margin - GUTTER), base),
                Segment(NOTE_MARK, note_style),
                Segment(" " * (GUTTER - char_width(NOTE_MARK)), base),
            ]
        prefix = layout.prefix(line)
        if prefix:
            segments.append(Segment(prefix, base + self.component_style("article-view--prefix")))
        segments.extend(self._text_segments(layout, line, start, end, block_style, marks))
        return Strip(segments).adjust_cell_length(width, base)

    def _block_style(self, kind: BlockKind) -> Style:
        if kind is BlockKind.TITLE:
            return self.component_style("article-view--title")
        if kind is BlockKind.HEADING:
            return self.component_style("article-view--heading")
        if kind is BlockKind.QUOTE:
            return self.component_style("article-view--quote")
        return Style()

    def _text_segments(
        self,
        layout: ArticleLayout,
        line: int,
        start: int,
        end: int,
        block_style: Style,
        marks: list[tuple[int, int, HighlightMark]],
    ) -> list[Segment]:
        """The line's text, cut into runs wherever a decoration starts or stops."""
        layers: list[tuple[int, int, Style]] = []
        for s, e, mark in marks:
            # Shorter highlights are drawn over longer ones, so nested ones stay visible.
            layers.append((s, e, self.component_style(f"article-view--hl-{mark.color}")))
        layers.sort(key=lambda layer: -(layer[1] - layer[0]))
        for s, e, _ in self.mentions.overlapping(start, end):
            name = "mention-current" if (s, e) == self.current_mention else "mention"
            layers.append((s, e, self.component_style(f"article-view--{name}")))
        target = self.target_span
        if target is not None and target[0] < end and target[1] > start:
            layers.append((*target, self.component_style("article-view--target")))
        for s, e, _ in self.matches.overlapping(start, end):
            name = "match-current" if (s, e) == self.current_match else "match"
            layers.append((s, e, self.component_style(f"article-view--{name}")))
        selection = self.selection
        if selection is not None:
            layers.append((*selection, self.component_style("article-view--selection")))
        cursor_start, cursor_end = self.cursor_span
        if self.has_focus or self.app.focused is None:
            layers.append((cursor_start, cursor_end, self.component_style("article-view--cursor")))

        cuts = {start, end}
        for s, e, _ in layers:
            if s < end and e > start:
                cuts.add(min(max(s, start), end))
                cuts.add(min(max(e, start), end))
        edges = sorted(cuts)
        cells = layout.cells(line)
        segments: list[Segment] = []
        for run_start, run_end in pairwise(edges):
            style = block_style
            for s, e, layer_style in layers:
                if s <= run_start and e >= run_end:
                    style = style + layer_style
            shown = "".join(cell for _, cell in cells[run_start - start : run_end - start])
            segments.append(Segment(shown, style))
        return segments

    # -- selection ---------------------------------------------------------------------------------

    def action_toggle_selection(self) -> None:
        self.selection_anchor = None if self.selection_anchor is not None else self.cursor
        self.refresh()
        self.post_message(self.SelectionChanged())

    def clear_selection(self) -> None:
        if self.selection_anchor is not None:
            self.selection_anchor = None
            self.refresh()
            self.post_message(self.SelectionChanged())

    def action_clear(self) -> None:
        """`esc`: drop the selection, or else hide the search marks (`n` shows them again)."""
        if self.selection_anchor is not None:
            self.clear_selection()
        elif self.match_spans and not self.matches_hidden:
            self.hide_matches()

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range, from the anchor's word to the cursor's word, either way."""
        if self.selection_anchor is None:
            return None
        anchor_start, anchor_end = self.word_at(self.selection_anchor)
        cursor_start, cursor_end = self.cursor_span
        start, end = min(anchor_start, cursor_start), max(anchor_end, cursor_end)
        # Take in punctuation attached to the edge words: an opening “ or (, a closing ” or .
        text = self.article.text
        while start > 0 and not text[start - 1].isspace() and not text[start - 1].isalnum():
            start -= 1
        while end < len(text) and not text[end].isspace() and not text[end].isalnum():
            end += 1
        return start, end

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
