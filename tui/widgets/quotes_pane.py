"""The Quotes pane: quotations in reading order with who said them.

Moving along the rows shows each quotation in the article; `enter` reads on from it; `h`
asks for it to be highlighted. The reader corrects the machine here: `s` sets who said it, `x`
says it is not a quotation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from annotations.visible_text import visible_line
from tui.excerpt import excerpt
from tui.widgets.list_pane import ListPane

if TYPE_CHECKING:  # the quotes package pulls in the whole extractor: not before first frame
    from annotations.analysis.quotes.model import Quote

UNKNOWN_SPEAKER = "unknown speaker"
#: Beside a speaker the reader set, so machine and reader are told apart.
BY_READER = " · yours"


def quote_row(quote: Quote) -> Content:
    """Full quotations: the speaker, then the words; short phrases on one quieter line."""
    speaker = visible_line(quote.speaker or UNKNOWN_SPEAKER)
    speaker_style = "bold" if quote.speaker else "italic $text-muted"
    mark = (BY_READER if quote.by_reader else "", "italic $accent")
    if quote.kind == "phrase":
        return Content.assemble(
            (speaker, speaker_style), mark, " — ", (f"“{excerpt(quote.text, 50)}”", "italic")
        )
    return Content.assemble(
        (speaker, speaker_style), mark, "\n", (f"“{excerpt(quote.text, 110)}”", "")
    )


def quote_id(quote: Quote) -> str:
    """A row id from where the quotation is and what kind it is (unique within an analysis)."""
    return f"{quote.start}:{quote.end}:{quote.kind}"


class QuotesPane(ListPane):
    """Option ids say where each quote is (`quote_id`): they stay put when a correction
    removes another."""

    HELP_SECTION = "Quotes pane"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "highlight", "Highlight this quotation", show=False),
        Binding("enter", "choose", "Go to this quotation", show=False),
        Binding("s", "correct('speaker')", "Set who said it", show=False),
        Binding("x", "correct('remove')", "Not a quotation: remove", show=False),
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

    class CorrectionRequested(Message):
        """A key asked to correct the quotation: `what` is speaker or remove."""

        def __init__(self, quote: Quote, what: str) -> None:
            super().__init__()
            self.quote = quote
            self.what = what

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Quotes", "Finding quotations…", id=id)
        self.quotes: list[Quote] = []
        self._by_id: dict[str, Quote] = {}

    def show_quotes(self, quotes: Sequence[Quote]) -> None:
        self.quotes = list(quotes)
        self._by_id = {quote_id(quote): quote for quote in quotes}
        full = sum(1 for quote in quotes if quote.kind == "full")
        self.border_subtitle = f"{full} full · {len(quotes) - full} short" if quotes else ""
        self.show_options(
            (Option(quote_row(quote), id=quote_id(quote)) for quote in quotes),
            empty_message="No quotations in this article.",
        )

    def selected(self) -> Quote | None:
        return self._by_id.get(self.selected_option_id or "")

    def row_moved(self, option_id: str) -> None:
        quote = self._by_id.get(option_id)
        if quote is not None:
            self.post_message(self.Browsed(quote))

    def row_chosen(self, option_id: str) -> None:
        quote = self._by_id.get(option_id)
        if quote is not None:
            self.post_message(self.GotoRequested(quote))

    def action_choose(self) -> None:
        quote = self.selected()
        if quote is not None:
            self.post_message(self.GotoRequested(quote))

    def action_highlight(self) -> None:
        quote = self.selected()
        if quote is not None:
            self.post_message(self.HighlightRequested(quote))

    def action_correct(self, what: str) -> None:
        quote = self.selected()
        if quote is not None:
            self.post_message(self.CorrectionRequested(quote, what))
