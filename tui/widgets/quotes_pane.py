"""The Quotes pane: quotations in reading order with who said them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets.option_list import Option

from annotations.visible_text import visible_line
from tui.dialogs.note_dialog import excerpt
from tui.widgets.list_pane import ListPane

if TYPE_CHECKING:  # the quotes package pulls in the whole extractor: not before first frame
    from annotations.quotes.model import Quote

UNKNOWN_SPEAKER = "unknown speaker"


def quote_row(quote: Quote) -> Content:
    """Full quotations: the speaker, then the words; short phrases on one quieter line."""
    speaker = visible_line(quote.speaker or UNKNOWN_SPEAKER)
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
        option_list = self.option_list
        if self.has_class("-message") or option_list.highlighted is None:
            return None
        return self.quotes[option_list.highlighted]
