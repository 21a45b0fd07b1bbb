"""`newsdesk list`: what the library holds."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from annotations.dates import local_minute
from cli.context import CliContext, pass_cli
from cli.support import plain


def _when(stamp: str) -> str:
    """An ISO time as local date and minute."""
    shown = local_minute(stamp)
    return stamp if shown is None else shown


@click.command("list")
@pass_cli
def list_command(context: CliContext) -> None:
    """List the articles in the library with their highlights and notes."""
    store = context.store
    records = store.articles()
    console = Console(highlight=False)
    if not records:
        console.print(plain(f"The library at {store.folder} is empty: open an article first."))
        return
    table = Table(title=plain(f"Library: {store.folder}"), title_justify="left", expand=False)
    table.add_column("Id", no_wrap=True)  # the first 8 characters; `export` takes them
    table.add_column("Title", overflow="fold", ratio=3)
    table.add_column("Source", overflow="fold", ratio=2)
    table.add_column("Highlights", justify="right")
    table.add_column("Notes", justify="right")
    table.add_column("Last opened", no_wrap=True)
    for record in records:
        highlights, notes = store.counts(record.id)
        table.add_row(
            record.id[:8],
            plain(record.title),  # Text, not str: titles must never be read as markup
            plain(record.source),
            str(highlights),
            str(notes),
            plain(_when(record.last_opened)),
        )
    console.print(table)
