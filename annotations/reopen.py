"""Reopening a library article: its kept copy, else its source read again.

The one way the command line (`export`, `import`, a bare `newsdesk`) and the app (the
library and research screens) reopen what the library holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from annotations.article import Article
from annotations.model import ArticleRecord
from annotations.sources import SourceError, is_url, reload_source
from annotations.store import LibraryStore


class ArticleUnavailable(SourceError):
    """No copy is kept and the source cannot be read any more.

    Attributes:
        reason: Why the source could not be read (the `SourceError`'s own line).
    """

    def __init__(self, record: ArticleRecord, reason: str) -> None:
        super().__init__(
            f"the text of '{record.title}' is not kept in the library and cannot be read "
            f"again ({reason})"
        )
        self.reason = reason


def reopen_article(
    store: LibraryStore,
    record: ArticleRecord,
    *,
    before_fetch: Callable[[str], None] | None = None,
) -> Article:
    """The library's copy of the article `record` names, else its source read again.

    Either way the article has the record's id, so its highlights are found whatever path
    form the source was given in.

    Args:
        before_fetch: Called with the URL before a web page is fetched (it may take a while).

    Raises:
        ArticleUnavailable: No copy is kept and the source cannot be read (a `SourceError`).
        OSError: The kept copy could not be read.
    """
    kept = store.kept_article(record.id)
    if kept is not None:
        return kept
    if before_fetch is not None and is_url(record.source):
        before_fetch(record.source)
    try:
        article = reload_source(record.source)
    except SourceError as error:
        raise ArticleUnavailable(record, str(error)) from None
    return replace(article, id=record.id)
