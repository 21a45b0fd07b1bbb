"""What every `newsdesk` subcommand shares: one-line failures, the library, loading sources."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from annotations.article import Article
from annotations.entities import Extractor, get_extractor
from annotations.sources import load_seed, load_source
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


def load_article(source: str | None) -> Article:
    """SOURCE as the user gave it: a path, `-` for stdin, or nothing for the bundled seed."""
    if source is None:
        return load_seed()
    if source == "-":
        return load_source("-", stdin=sys.stdin.buffer)
    return load_source(source)
