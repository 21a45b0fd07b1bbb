"""What every `newsdesk` subcommand shares: one-line failures, the library, loading sources.

Everything printed goes through `say`, `fail`, `plain` or `terminal_json`, so text from outside
(titles, notes, file names, URLs, server messages) never sends a control character to the
terminal (see `annotations.visible_text`).
"""

from __future__ import annotations

import re
import sys

import click
from rich.text import Text

from annotations.article.model import Article
from annotations.library.reopen import KeptCopies, open_page
from annotations.sources.load import (
    NOTICE_META,
    SourceFormat,
    is_url,
    load_seed,
    load_source,
)
from annotations.visible_text import visible, visible_line
from cli.messages import PROG as PROG
from cli.messages import fail as fail
from cli.messages import open_store as open_store
from cli.messages import warn as warn

#: DEL and the C1 controls, which JSON may leave raw (ensure_ascii=False) and a terminal obeys.
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def say(message: str, *, err: bool = False) -> None:
    """Print a message (lines kept), control characters shown as pictures."""
    click.echo(visible(message, keep_newlines=True), err=err)


def plain(text: str, style: str = "") -> Text:
    """Outside text for a Rich table: never markup, control characters shown as pictures."""
    return Text(visible(text, keep_newlines=True), style=style)


def terminal_json(document: str) -> str:
    """JSON text with DEL and C1 controls escaped (``\\u009b``): the same data, safe to print.

    JSON already escapes C0 controls; these are the ones ``ensure_ascii=False`` leaves raw.
    They can only occur inside strings, where the escape means the same character.
    """
    return _JSON_RAW_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def load_article(
    source: str | None, store: KeptCopies = None, fmt: SourceFormat = "auto"
) -> Article:
    """SOURCE as the user gave it: a path, a URL, `-` for stdin, or nothing for the seed.

    A URL is fetched with a "Fetching" line on stderr. When the network fails (offline, DNS,
    refused, timed out; not an answer such as a 404) and the library keeps a copy of that
    page, the copy opens instead, with one line on stderr saying so.

    Args:
        source: What the user typed, or None.
        fmt: A format forced with ``--format`` ("auto": by name, or content where the name
            says nothing).
        store: The library whose kept copies stand in for unreachable pages, or a function
            opening it (called only then); None: no kept copy stands in.

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
    say(f"Fetching {source}…", err=True)
    article = open_page(source, store, fmt)
    notice = article.meta.get(NOTICE_META)
    if notice:  # a kept copy stands in; the reader shows it too (the app hides stderr)
        click.echo(f"{PROG}: {visible_line(notice)}", err=True)
    return article
