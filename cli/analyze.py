"""`newsdesk analyze SOURCE`: the entities and quotations of an article, as JSON or tables."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from annotations.article.model import Article
from cli.context import CliContext, pass_cli
from cli.support import load_article, plain, terminal_json

if TYPE_CHECKING:
    from annotations.analysis.cache import Analysis


def print_summary(article: Article, analysis: Analysis) -> None:
    console = Console(highlight=False)
    console.print(plain(article.title, style="bold"))
    console.print(plain(f"{article.source} · entities by {analysis.extractor}", style="dim"))
    entities = Table(title="Entities", title_justify="left")
    entities.add_column("Name")
    entities.add_column("Type")
    entities.add_column("Mentions", justify="right")
    for entity in analysis.entities:
        entities.add_row(plain(entity.name), entity.type.value, str(entity.count))
    console.print(entities if analysis.entities else plain("No named entities found."))
    quotes = Table(title="Quotations", title_justify="left")
    quotes.add_column("Speaker")
    quotes.add_column("Quotation", ratio=1, overflow="fold")
    for quote in analysis.quotes:
        quotes.add_row(plain(quote.speaker or "unknown"), plain(f"“{quote.text}”"))
    console.print(quotes if analysis.quotes else plain("No quotations found."))


@click.command("analyze")
@click.argument("source", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@pass_cli
def analyze_command(context: CliContext, source: str | None, as_json: bool) -> None:
    """Print the entities and quotations of SOURCE (default: the bundled sample), with the
    reader's corrections when the article is in the library."""
    article = load_article(source, lambda: context.store)
    # Imported here: extraction is not needed to open the reader (~0.1 s at start-up).
    from cli.progress import cached_analysis

    analysis = cached_analysis(
        context.library, article, context.extractor_for(article)
    )  # progress on stderr
    store = context.store
    if store.get_article(article.id) is not None:
        analysis = analysis.corrected(article.text, store.corrections(article.id))
    if as_json:
        document = json.dumps(analysis.public_dict(article), ensure_ascii=False, indent=2)
        sys.stdout.write(terminal_json(document) + "\n")
    else:
        print_summary(article, analysis)
