"""Reopening what the library holds: an article's kept copy, else its source read again;
a web page the network cannot reach, from the copy kept of it.

The one way the command line (`export`, `import`, a bare `newsdesk`, `newsdesk URL`) and the
app (the library and research screens) reopen articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from annotations.article.model import Article, article_id
from annotations.dates import local_minute
from annotations.library.model import ArticleRecord
from annotations.library.store import LibraryStore
from annotations.sources.fetch import url_source_key
from annotations.sources.load import (
    FETCHED_META,
    NOTICE_META,
    SourceError,
    SourceFormat,
    is_url,
    load_source,
    reload_source,
)


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


#: The library whose kept copies stand in for unreachable pages, or how to open it (asked
#: only when a page is unreachable), or None (no copy stands in).
KeptCopies = LibraryStore | Callable[[], LibraryStore] | None


def open_page(url: str, kept_copies: KeptCopies = None, fmt: SourceFormat = "auto") -> Article:
    """The web page at `url`, fetched; when the network fails (offline, DNS, refused, timed
    out; not an answer such as a 404) and the library keeps a copy of it, that copy, its
    ``meta[NOTICE_META]`` saying so (the reader shows it; the command line prints it).

    Raises:
        SourceError: The page cannot be fetched and no kept copy stands in.
    """
    try:
        return load_source(url, fmt=fmt)
    except SourceError as error:
        if not error.unreachable or kept_copies is None:
            raise
        store = kept_copies if isinstance(kept_copies, LibraryStore) else kept_copies()
        kept = store.kept_article(article_id(url_source_key(url)))
        if kept is None:
            raise
        record = store.get_article(kept.id)
        when = local_minute(kept.meta.get(FETCHED_META) or (record.last_opened if record else ""))
        kept_on = "earlier" if when is None else f"on {when}"
        notice = f"offline: opening the copy kept {kept_on} ({error})"
        return replace(kept, meta={**kept.meta, NOTICE_META: notice})
