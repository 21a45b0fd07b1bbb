"""What a bare `newsdesk` opens: the article read last, or the sample on a first run."""

from __future__ import annotations

import click

from annotations.article.model import Article
from annotations.library.reopen import ArticleUnavailable, reopen_article
from annotations.library.store import LibraryStore
from annotations.research.snippets import printable
from annotations.sources.load import load_seed
from cli.support import PROG


def article_to_resume(store: LibraryStore) -> Article:
    """The most recently opened article of the library (its kept copy, else its source).

    The bundled sample when the library is empty; when the last article can no longer be
    read, the sample too, with one line on stderr saying why.
    """
    records = store.articles()
    if not records:
        return load_seed()
    record = records[0]
    try:
        return reopen_article(store, record)
    except ArticleUnavailable as error:
        said = printable(f"cannot reopen '{record.title}' ({error.reason}); opening the sample")
        click.echo(f"{PROG}: {said}", err=True)
        return load_seed()
