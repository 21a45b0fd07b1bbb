"""The Annotations pane: every highlight in reading order, then the ones that lost their place."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option, OptionDoesNotExist

from annotations.model import Annotation
from annotations.visible_text import visible_line
from tui.colors import SWATCHES
from tui.dialogs.note_dialog import excerpt
from tui.widgets.list_pane import ListPane

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


class AnnotationsPane(ListPane):
    """Lists highlights; option ids are annotation ids."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Annotations", EMPTY, id=id)

    def show_annotations(
        self, highlights: Sequence[Annotation], orphans: Sequence[Annotation]
    ) -> None:
        options = [Option(annotation_row(a), id=a.id) for a in highlights]
        if orphans:
            header = Content.styled(f"Could not be placed ({len(orphans)})", "bold $warning")
            options.append(Option(header, id=ORPHAN_HEADER, disabled=True))
            options.extend(Option(annotation_row(a, orphan=True), id=a.id) for a in orphans)
        self.border_subtitle = f"{len(highlights) + len(orphans)}" if options else ""
        self.show_options(options)

    @property
    def selected_id(self) -> str | None:
        option_list = self.option_list
        if self.has_class("-message") or option_list.highlighted is None:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return option.id if option.id != ORPHAN_HEADER else None

    def select_id(self, annotation_id: str) -> None:
        """Move the pane's selection to the annotation, without posting a jump back."""
        option_list = self.option_list
        try:
            index = option_list.get_option_index(annotation_id)
        except OptionDoesNotExist:  # it was just deleted
            return
        with option_list.prevent(option_list.OptionHighlighted):
            option_list.highlighted = index
