"""The entry point: every quotation of an article, with its speaker."""

from __future__ import annotations

from collections.abc import Sequence

from annotations.analysis.entities.model import Entity
from annotations.analysis.quotes.attribution import Attributor
from annotations.analysis.quotes.classification import is_quotation, quote_kind
from annotations.analysis.quotes.context import QuoteContext
from annotations.analysis.quotes.detection import find_quoted_spans
from annotations.analysis.quotes.model import Quote
from annotations.analysis.quotes.speakers import SpeakerResolver
from annotations.analysis.quotes.text_names import entities_from_text
from annotations.article.model import Article


def find_quotes(article: Article, entities: Sequence[Entity] = ()) -> list[Quote]:
    """Every quotation of `article` in reading order, attributed where the text says who spoke.

    `entities` (from any extraction backend, or none) give speakers their canonical names
    and are the antecedents of pronouns and descriptions ("she", "the company"). Without
    them, capitalised names of the narration stand in (see `text_names`).
    """
    spans = find_quoted_spans(article)
    context = QuoteContext(article, spans)
    if not entities:
        entities = entities_from_text(context)
    attributor = Attributor(context, SpeakerResolver(article, entities, context))
    text = article.text
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_block = -1
    for span in spans:
        attribution = attributor.attribute(span)
        if not is_quotation(text, context.masked, span, attribution):
            continue
        speaker = attribution.speaker
        follows_on = previous is not None and (
            span.continues
            or previous_block == span.block
            # A paragraph that opens with a quotation continues the previous paragraph's.
            or (previous_block == span.block - 1 and _opens_block(article, span.open_mark))
        )
        if not attribution.cue and follows_on and previous is not None:
            speaker = previous.speaker
        quote = Quote(
            text=text[span.start : span.end],
            start=span.start,
            end=span.end,
            speaker=speaker,
            kind=quote_kind(text, context.masked, span),
            open_mark=span.open_mark,
            close_mark=span.close_mark,
        )
        quotes.append(quote)
        previous, previous_block = quote, span.block
    return quotes


def _opens_block(article: Article, offset: int) -> bool:
    block = article.block_at(offset)
    return block is not None and not article.text[block.start : offset].strip()
