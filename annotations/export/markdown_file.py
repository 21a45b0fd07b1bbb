"""Export an article's highlights as Markdown: the entry points kept for callers and tests.

The export itself lives in `annotations.export` (registry, templates, in-place writing);
these functions render the built-in templates with every section.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from annotations.analysis.entities.model import Entity
from annotations.article.model import Article
from annotations.export.document import ExportInput, ExportOptions, QuoteLike
from annotations.export.markdown import (
    ENTITY_SECTIONS,
    SEPARATOR,
    UNATTRIBUTED,
    render_highlight_markdown,
    render_markdown,
)
from annotations.library.model import Annotation

__all__ = [
    "ENTITY_SECTIONS",
    "SEPARATOR",
    "UNATTRIBUTED",
    "QuoteLike",
    "highlight_markdown",
    "to_markdown",
]


def to_markdown(
    article: Article,
    annotations: Iterable[Annotation],
    *,
    orphans: Iterable[Annotation] = (),
    quotes: Iterable[QuoteLike] = (),
    entities: Iterable[Entity] = (),
    exported_at: datetime | None = None,
    options: ExportOptions | None = None,
) -> str:
    """The article's annotations as a Markdown document (see `annotations.export.markdown`).

    Args:
        article: The article, with its current text.
        annotations: Its highlights as stored. Each is anchored in the current text first, so
            stale positions are fine; those that cannot be found are listed under
            "Could not be placed" with their stored quote.
        orphans: Highlights the caller already knows could not be placed.
        quotes: Quotations found in the article, in reading order.
        entities: Named entities found in the article.
        exported_at: When the export was made (default: now); naive times are taken as UTC.
        options: Template and sections (default: the built-in template, every section).

    Returns:
        The document, ending with one newline.
    """
    data = ExportInput.build(
        article,
        annotations,
        orphans=orphans,
        quotes=quotes,
        entities=entities,
        exported_at=exported_at,
    )
    return render_markdown(data, options or ExportOptions())


def highlight_markdown(article: Article, annotation: Annotation) -> str:
    """One highlight on its own, as copied to the clipboard: quote, note, tags, and the source."""
    return render_highlight_markdown(article, annotation, ExportOptions())
