"""The Annotations pane: every highlight in reading order, then the ones that lost their place.

The pane owns its keys: `a`, `t`, `x` and `1`-`5` ask to edit the selected row's highlight,
`enter` asks to go to it; moving along the rows asks the reader to show each one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widgets.option_list import Option, OptionDoesNotExist

from annotations.library.model import Annotation
from annotations.visible_text import visible_line
from tui.colors import COLOR_KEYS, SWATCHES
from tui.excerpt import excerpt
from tui.widgets.list_pane import ListPane, SteadyOptionList

ORPHAN_HEADER = "orphans-header"
EMPTY = "No highlights yet. Press h to highlight the sentence at the cursor."


def annotation_row(annotation: Annotation, *, orphan: bool = False) -> Content:
    """Swatch and start of the text; the note and tags on the lines below."""
    text = annotation.quote.exact
    lines = [
        Content.assemble(("▌", SWATCHES[annotation.color]), " ", excerpt(text, 60)),
    ]
    if annotation.has_note:
        first_line = annotation.note.strip().splitlines()[0]
        lines.append(Content.assemble("  ", ("✎ ", "bold"), excerpt(first_line, 60)))
    if annotation.tags:
        tags = visible_line(" ".join(f"#{tag}" for tag in annotation.tags))
        lines.append(Content.assemble("  ", (tags, "italic $text-muted")))
    if orphan:
        lines.append(Content.styled("  text changed: not found in the article", "$warning"))
    return Content("\n").join(lines)


def _row_signature(annotation: Annotation, orphan: bool) -> tuple[object, ...]:
    """Everything `annotation_row` shows: equal signatures draw equal rows."""
    return (annotation.quote.exact, annotation.color, annotation.note, annotation.tags, orphan)


class AnnotationsPane(ListPane):
    """Lists highlights; option ids are annotation ids."""

    HELP_SECTION = "Annotations pane"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "edit('note')", "Note on this highlight", show=False),
        Binding("t", "edit('tags')", "Tags of this highlight", show=False),
        Binding("x", "edit('delete')", "Delete this highlight", show=False),
        *(
            Binding(key, f"edit('color', '{color.value}')", f"Colour it {color.value}", show=False)
            for key, color in COLOR_KEYS.items()
        ),
        Binding("enter", "choose", "Go to this highlight", show=False),
    ]

    class Browsed(Message):
        """The user moved to a highlight's row: the reader shows it."""

        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class GotoRequested(Message):
        """`enter` on a row: read on from that highlight, acting on it."""

        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class EditRequested(Message):
        """A key asked to change the selected highlight: `what` is note, tags, delete or
        color (then `color` says which)."""

        def __init__(self, annotation_id: str, what: str, color: str | None = None) -> None:
            super().__init__()
            self.annotation_id = annotation_id
            self.what = what
            self.color = color

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Annotations", EMPTY, id=id)
        #: The row shown for each annotation id: what it shows, and its option.
        self._rows: dict[str, tuple[tuple[object, ...], Option]] = {}
        self._orphan_ids: set[str] = set()
        #: Rows shown by the last full fill or change (the list was not changed elsewhere).
        self._shown_count = 0

    def show_annotations(
        self, highlights: Sequence[Annotation], orphans: Sequence[Annotation]
    ) -> None:
        """Show these rows; a row whose highlight did not change keeps its `Option` (and so
        its measured height and drawing): an edit costs the rows it changed."""
        rows = self._rows
        kept: dict[str, tuple[tuple[object, ...], Option]] = {}

        def option_for(annotation: Annotation, orphan: bool) -> Option:
            shown = _row_signature(annotation, orphan)
            row = rows.get(annotation.id)
            if row is None or row[0] != shown:
                row = (shown, Option(annotation_row(annotation, orphan=orphan), id=annotation.id))
            kept[annotation.id] = row
            return row[1]

        options = [option_for(a, False) for a in highlights]
        if orphans:
            header = Content.styled(f"Could not be placed ({len(orphans)})", "bold $warning")
            options.append(Option(header, id=ORPHAN_HEADER, disabled=True))
            options.extend(option_for(a, True) for a in orphans)
        self._rows = kept
        self._orphan_ids = {a.id for a in orphans}
        self.border_subtitle = f"{len(highlights) + len(orphans)}" if options else ""
        self.show_options(options)
        self._shown_count = len(options)

    def show_change(
        self,
        before: Annotation | None,
        after: Annotation | None,
        highlights: Sequence[Annotation],
        orphans: Sequence[Annotation],
        index: int,
        before_index: int | None = None,
    ) -> None:
        """Show one highlight's change (`index`: where `after` stands in reading order, when
        there is one; `before_index`: where `before`'s row likely is): only its row is drawn
        anew, the others stay as they are. A change to an orphan, or to or from no
        highlights at all, shows every row again."""
        option_list = self.option_list
        placed = before is None or before.id not in self._orphan_ids
        if not (placed and highlights and isinstance(option_list, SteadyOptionList)) or (
            self.has_class("-message") or option_list.option_count != self._shown_count
        ):
            self.show_annotations(highlights, orphans)
            return
        old_index = None
        if before is not None:
            self._rows.pop(before.id, None)
            try:
                old_index = option_list.index_of(before.id, before_index)
            except OptionDoesNotExist:
                self.show_annotations(highlights, orphans)
                return
        if after is None:
            if old_index is not None:
                option_list.take_option(old_index)
        else:
            option = Option(annotation_row(after), id=after.id)
            self._rows[after.id] = (_row_signature(after, False), option)
            if old_index == index:
                option_list.put_option(index, option, replace=True)
            else:
                if old_index is not None:
                    option_list.take_option(old_index)
                option_list.put_option(index, option, replace=False)
        self._shown_count = option_list.option_count
        self._show_count(f"{len(highlights) + len(orphans)}")

    def _show_count(self, count: str) -> None:
        """The row count in the bottom border: only that border row is drawn again (setting
        `border_subtitle` redraws the whole pane, every row of both side borders)."""
        if self.border_subtitle == count:
            return
        self._border_subtitle = Content(count)
        width, height = self.outer_size
        x, y = self.content_offset  # refresh takes regions of the content; the border is out
        self.refresh(Region(-x, height - 1 - y, width, 1))

    @property
    def selected_id(self) -> str | None:
        option_id = self.selected_option_id
        return option_id if option_id != ORPHAN_HEADER else None

    def select_id(self, annotation_id: str, hint: int | None = None) -> None:
        """Move the pane's selection to the annotation, without posting a jump back; `hint`:
        its place in reading order, where its row is unless it lost its place."""
        self.select_option(annotation_id, hint)

    def row_moved(self, option_id: str) -> None:
        self.post_message(self.Browsed(option_id))

    def row_chosen(self, option_id: str) -> None:
        if option_id != ORPHAN_HEADER:
            self.post_message(self.GotoRequested(option_id))

    def action_choose(self) -> None:
        selected = self.selected_id
        if selected is not None:
            self.post_message(self.GotoRequested(selected))

    def action_edit(self, what: str, color: str | None = None) -> None:
        selected = self.selected_id
        if selected is not None:
            self.post_message(self.EditRequested(selected, what, color))
