"""`newsdesk analyze SOURCE`: the entities and quotations of an article, as JSON or tables."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from annotations.article import Article
from tui.cli_support import (
    extractor_for,
    library_folder,
    load_article,
    open_store,
    plain,
    terminal_json,
)

if TYPE_CHECKING:
    from annotations.analysis import Analysis


def analysis_json(article: Article, analysis: Analysis) -> dict[str, object]:
    """The JSON contract: offsets index into `text`, the article text as the reader shows it."""
    return {
        "title": article.title,
        "source": article.source,
        "text": article.text,
        "extractor": analysis.extractor,
        "entities": [
            {
                "name": entity.name,
                "type": entity.type.value,
                "mentions": [{"start": m.start, "end": m.end} for m in entity.mentions],
                "by": "reader" if entity.by_reader else "machine",
            }
            for entity in analysis.entities
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "speaker": q.speaker,
                "kind": q.kind,
                "by": "reader" if q.by_reader else "machine",
            }
            for q in analysis.quotes
        ],
    }


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
@click.pass_context
def analyze_command(ctx: click.Context, source: str | None, as_json: bool) -> None:
    """Print the entities and quotations of SOURCE (default: the bundled sample), with the
    reader's corrections when the article is in the library."""
    article = load_article(source)
    from tui.cli_progress import cached_analysis

    folder = library_folder(ctx)
    analysis = cached_analysis(folder, article, extractor_for(ctx))  # progress on stderr
    store = open_store(folder)
    if store.get_article(article.id) is not None:
        analysis = analysis.corrected(article.text, store.corrections(article.id))
    if as_json:
        document = json.dumps(analysis_json(article, analysis), ensure_ascii=False, indent=2)
        sys.stdout.write(terminal_json(document) + "\n")
    else:
        print_summary(article, analysis)
