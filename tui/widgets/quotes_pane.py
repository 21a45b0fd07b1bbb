"""The Quotes pane: quotations in reading order with who said them.

Moving along the rows shows each quotation in the article; `enter` reads on from it; `h`
asks for it to be highlighted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from tui.dialogs.note_dialog import excerpt
from tui.widgets.list_pane import ListPane

if TYPE_CHECKING:  # the quotes package pulls in the whole extractor: not before first frame
    from annotations.quotes.model import Quote

UNKNOWN_SPEAKER = "unknown speaker"


def quote_row(quote: Quote) -> Content:
    """Full quotations: the speaker, then the words; short phrases on one quieter line."""
    speaker = quote.speaker or UNKNOWN_SPEAKER
    speaker_style = "bold" if quote.speaker else "italic $text-muted"
    if quote.kind == "phrase":
        return Content.assemble(
            (speaker, speaker_style), " — ", (f"“{excerpt(quote.text, 50)}”", "italic")
        )
    return Content.assemble(
        (speaker, speaker_style), "\n", (f"“{excerpt(quote.text, 110)}”", "")
    )


class QuotesPane(ListPane):
    """Option ids are the quotes' positions in reading order."""

    HELP_SECTION = "Quotes pane"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "highlight", "Highlight this quotation", show=False),
        Binding("enter", "choose", "Go to this quotation", show=False),
    ]

    class Browsed(Message):
        """The user moved to a quotation's row: the reader shows it."""

        def __init__(self, quote: Quote) -> None:
            super().__init__()
            self.quote = quote

    class GotoRequested(Message):
        """`enter` on a quotation: read on from it."""

        def __init__(self, quote: Quote) -> None:
            super().__init__()
            self.quote = quote

    class HighlightRequested(Message):
        """`h` on a quotation: highlight it, tagged `quote`, its speaker in the note."""

        def __init__(self, quote: Quote) -> None:
            super().__init__()
            self.quote = quote

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Quotes", "Finding quotations…", id=id)
        self.quotes: list[Quote] = []

    def show_quotes(self, quotes: Sequence[Quote]) -> None:
        self.quotes = list(quotes)
        full = sum(1 for quote in quotes if quote.kind == "full")
        self.border_subtitle = f"{full} full · {len(quotes) - full} short" if quotes else ""
        self.show_options(
            (Option(quote_row(quote), id=str(index)) for index, quote in enumerate(quotes)),
            empty_message="No quotations in this article.",
        )

    def selected(self) -> Quote | None:
        option_id = self.selected_option_id
        return None if option_id is None else self.quotes[int(option_id)]

    def row_moved(self, option_id: str) -> None:
        self.post_message(self.Browsed(self.quotes[int(option_id)]))

    def row_chosen(self, option_id: str) -> None:
        self.post_message(self.GotoRequested(self.quotes[int(option_id)]))

    def action_choose(self) -> None:
        quote = self.selected()
        if quote is not None:
            self.post_message(self.GotoRequested(quote))

    def action_highlight(self) -> None:
        quote = self.selected()
        if quote is not None:
            self.post_message(self.HighlightRequested(quote))
