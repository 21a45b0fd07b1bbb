"""What a bare `newsdesk` opens: the article read last, or the sample on a first run."""

from __future__ import annotations

import click

from annotations.article import Article
from annotations.research.snippets import printable
from annotations.sources import SourceError, load_seed, reload_source
from annotations.store import LibraryStore
from tui.cli_support import PROG


def article_to_resume(store: LibraryStore) -> Article:
    """The most recently opened article of the library (its kept copy, else its source).

    The bundled sample when the library is empty; when the last article can no longer be
    read, the sample too, with one line on stderr saying why.
    """
    records = store.articles()
    if not records:
        return load_seed()
    record = records[0]
    kept = store.kept_article(record.id)
    if kept is not None:
        return kept
    try:
        return reload_source(record.source)
    except SourceError as error:
        said = printable(f"cannot reopen '{record.title}' ({error}); opening the sample")
        click.echo(f"{PROG}: {said}", err=True)
        return load_seed()
