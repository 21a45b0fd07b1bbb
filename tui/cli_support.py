"""What every `newsdesk` subcommand shares: one-line failures, the library, loading sources."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import click

from annotations.article import Article, article_id
from annotations.entities import Extractor, get_extractor
from annotations.fetch import url_source_key
from annotations.sources import (
    FETCHED_META,
    NOTICE_META,
    SourceError,
    SourceFormat,
    is_url,
    load_seed,
    load_source,
)
from annotations.store import LibraryStore, LibraryVersionError

PROG = "newsdesk"


def fail(message: str, status: int = 1) -> NoReturn:
    """Print one line on stderr and exit (1 for bad input, 2 for a usage error)."""
    click.echo(f"{PROG}: {message}", err=True)
    sys.exit(status)


def extractor_for(ctx: click.Context) -> Extractor:
    """The entity extractor chosen with --extractor / $NEWSDESK_EXTRACTOR."""
    choice = ctx.find_root().obj.get("extractor", "auto")
    try:
        return get_extractor(choice)
    except RuntimeError as error:  # asked for spaCy where it is not installed
        fail(str(error))


def library_folder(ctx: click.Context) -> Path:
    folder: Path = ctx.find_root().obj["library"]
    return folder


def open_store(library: Path) -> LibraryStore:
    """The library, or one clear line saying why it cannot be used."""
    try:
        store = LibraryStore(library)
    except LibraryVersionError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot use the library folder '{library}': {error.strerror or error}")
    for warning in store.warnings:
        click.echo(f"{PROG}: warning: {warning}", err=True)
    return store


def load_article(
    source: str | None, store: LibraryStore | None = None, fmt: SourceFormat = "auto"
) -> Article:
    """SOURCE as the user gave it: a path, a URL, `-` for stdin, or nothing for the seed.

    A URL is fetched with a "Fetching" line on stderr. When the network fails (offline, DNS,
    refused, timed out; not an answer such as a 404) and the library keeps a copy of that
    page, the copy opens instead, with one line on stderr saying so.

    Args:
        source: What the user typed, or None.
        fmt: A format forced with ``--format`` ("auto": by name, or content where the name
            says nothing).
        store: The library whose kept copies stand in for unreachable pages; by default the
            library of the running command (none outside a command).

    Raises:
        SourceError: The source cannot be read and no kept copy stands in.
    """
    if source is None:
        return load_seed()
    if source == "-":
        if sys.stdin.isatty():
            raise click.UsageError(
                "'-' reads the article from standard input, but nothing is piped in: "
                "e.g. curl -s URL | newsdesk -"
            )
        return load_source("-", stdin=sys.stdin.buffer, fmt=fmt)
    if not is_url(source):
        return load_source(source, fmt=fmt)
    click.echo(f"Fetching {source}…", err=True)
    try:
        return load_source(source)
    except SourceError as error:
        if not error.unreachable:
            raise
        if store is None:
            ctx = click.get_current_context(silent=True)
            if ctx is None or not (ctx.find_root().obj or {}).get("library"):
                raise
            store = open_store(library_folder(ctx))
        kept = store.kept_article(article_id(url_source_key(source)))
        if kept is None:
            raise
        record = store.get_article(kept.id)
        stamp = kept.meta.get(FETCHED_META) or (record.last_opened if record else "")
        try:
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
            kept_on = f"on {when:%Y-%m-%d %H:%M}"
        except ValueError:
            kept_on = "earlier"
        notice = f"offline: opening the copy kept {kept_on} ({error})"
        click.echo(f"{PROG}: {notice}", err=True)
        # The reader shows it too: the full-screen app hides what was printed before it.
        return replace(kept, meta={**kept.meta, NOTICE_META: notice})
