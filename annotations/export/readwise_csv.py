"""Readwise's CSV import format, so highlights can be taken to Readwise.

Readwise documents these columns for its CSV import: ``Highlight`` (required), ``Title``,
``Author``, ``URL``, ``Note``, ``Location`` and ``Date``. Tags go in the note the way
Readwise reads them there: ``.tag`` words on the note's last line. `Location` is the number
of the paragraph the highlight starts in, so Readwise keeps reading order; `Date` is when the
highlight was made, UTC, ``YYYY-MM-DD HH:MM:SS``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from annotations.article.model import Article
from annotations.export.document import ExportInput, ExportOptions, where
from annotations.export.markdown import source_link
from annotations.export.obsidian import obsidian_tags
from annotations.export.registry import Exporter, register
from annotations.library.model import Annotation

#: The header row, in Readwise's order.
HEADERS: tuple[str, ...] = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


def _date(stamp: str) -> str:
    """``2025-03-04T05:06:07.123Z`` → ``2025-03-04 05:06:07`` (empty if not a time)."""
    if len(stamp) >= 19 and stamp[10] == "T":
        return stamp[:10] + " " + stamp[11:19]
    return ""


def _note(annotation: Annotation) -> str:
    note = annotation.note.strip()
    tags = " ".join("." + tag for tag in obsidian_tags(annotation.tags))
    return f"{note}\n{tags}" if note and tags else note or tags


def _row(article: Article, annotation: Annotation, *, placed: bool) -> list[str]:
    if placed:
        text = article.text[annotation.start : annotation.end]
        span = where(article, annotation)
        location = str(span[0]) if span else ""
    else:
        text, location = annotation.quote.exact, ""
    return [
        text,
        article.title,
        article.byline or "",
        source_link(article),
        _note(annotation),
        location,
        _date(annotation.created),
    ]


def _csv(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: quotes doubled, fields with breaks quoted
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue()


def render_readwise(data: ExportInput, options: ExportOptions) -> str:
    """One row per highlight, those that could not be placed last (with their stored text)."""
    rows = [_row(data.article, a, placed=True) for a in data.highlights]
    rows += [_row(data.article, a, placed=False) for a in data.orphans]
    return _csv(rows)


def render_highlight_readwise(
    article: Article, annotation: Annotation, options: ExportOptions
) -> str:
    """The header and one row."""
    return _csv([_row(article, annotation, placed=True)])


READWISE = register(
    Exporter(
        name="readwise",
        suffix=".csv",
        description="Readwise's CSV import (Highlight, Title, Author, URL, Note, Location, Date)",
        render=render_readwise,
        render_highlight=render_highlight_readwise,
    )
)
