"""`newsdesk search`, `quotes`, `entities` and `highlights`: questions across the library.

Each brings the library index up to date first (analysing, once, the articles the analysis
cache has not seen; a line on stderr says so), then answers from it. Text from articles is
printed with control characters replaced, so nothing in an article can drive the terminal;
``--json`` output is ASCII with escapes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from annotations.library.model import Color
from annotations.research.entities import entity_directory
from annotations.research.library_index import LibraryIndex, open_index
from annotations.research.marks import marked
from annotations.research.search import Filters, search
from annotations.research.snippets import printable
from annotations.research.speakers import who_said_what
from cli.context import CliContext, pass_cli
from cli.support import PROG, fail


def library_index(context: CliContext) -> LibraryIndex:
    """The library's index, brought up to date; warnings and progress on stderr."""
    store = context.store
    told = False

    def progress(done: int, total: int) -> None:
        nonlocal told
        if not told and total:
            click.echo(f"{PROG}: indexing {total} article(s)…", err=True)
            told = True

    index = open_index(store, context.extractor(), progress=progress)
    for warning in index.warnings:
        click.echo(f"{PROG}: warning: {warning}", err=True)
    return index


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=True, indent=2)
    sys.stdout.write("\n")


def _heading(title: str, article_id: str) -> str:
    return f"{printable(title) or '(untitled)'}  [{article_id[:8]}]"


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--tag", help="Only inside highlights with this tag.")
@click.option(
    "--color",
    type=click.Choice([color.value for color in Color]),
    help="Only inside highlights of this colour.",
)
@click.option("--speaker", help="Only inside quotations by this speaker.")
@click.option("--entity", help="Only in articles mentioning this entity.")
@click.option("--article", help="Only in articles whose id starts so, or title contains it.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_cli
def search_command(
    context: CliContext,
    query: tuple[str, ...],
    tag: str | None,
    color: str | None,
    speaker: str | None,
    entity: str | None,
    article: str | None,
    as_json: bool,
) -> None:
    """Search every article of the library: text, highlights, notes, tags, quotations, names."""
    index = library_index(context)
    filters = Filters(tag=tag, color=color, speaker=speaker, entity=entity, article=article)
    result = search(index, " ".join(query), filters)
    if as_json:
        _print_json(result.to_dict())
        return
    if not result.groups:
        click.echo(f"Nothing in the library matches '{printable(result.query)}'.")
        return
    for group in result.groups:
        click.echo(_heading(group.title, group.article_id))
        for hit in group.hits:
            click.echo(f"  {hit.kind:<9} {hit.context.line}")
    more = " (more were left out: narrow the search)" if result.truncated else ""
    click.echo(f"{result.total} match(es) in {len(result.groups)} article(s){more}")


@click.command("quotes")
@click.option("--speaker", help="Only this speaker (any of their names, or part of one).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_cli
def quotes_command(context: CliContext, speaker: str | None, as_json: bool) -> None:
    """Who said what: the library's quotations by speaker, newest first."""
    groups = who_said_what(library_index(context), speaker)
    if as_json:
        _print_json({"speakers": [group.to_dict() for group in groups]})
        return
    if not groups:
        wanted = f" by '{printable(speaker)}'" if speaker else ""
        click.echo(f"No quotations{wanted} in the library.")
        return
    for group in groups:
        click.echo(f"{printable(group.label)} ({len(group.quotes)})")
        for quote in group.quotes:
            click.echo(f"  “{printable(quote.text)}”")
            click.echo(f"      — {_heading(quote.title, quote.article_id)}")


@click.command("entities")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_cli
def entities_command(context: CliContext, name: str | None, as_json: bool) -> None:
    """Entities across the library; with NAME, the articles that mention it."""
    directory = entity_directory(library_index(context))
    if name is None:
        everything = directory.all()
        if as_json:
            _print_json({"entities": [entity.to_dict() for entity in everything]})
            return
        if not everything:
            click.echo("No entities in the library yet.")
        for entity in everything:
            click.echo(
                f"{printable(entity.name)}  {entity.type}  "
                f"{entity.article_count} article(s), {entity.mention_count} mention(s)"
            )
        return
    found = directory.find(name)
    if found is None:
        fail(f"no entity called '{printable(name)}' in the library")
    articles = found.articles()
    if as_json:
        _print_json({**found.to_dict(), "in": [item.to_dict() for item in articles]})
        return
    aliases = f" (also {', '.join(printable(alias) for alias in found.aliases)})"
    click.echo(f"{printable(found.name)}  {found.type}{aliases if found.aliases else ''}")
    for item in articles:
        click.echo(f"  {_heading(item.title, item.article_id)}  {item.count} mention(s)")
        click.echo(f"      {item.context.line}")


@click.command("highlights")
@click.option("--tag", help="Only highlights with this tag.")
@click.option(
    "--color",
    type=click.Choice([color.value for color in Color]),
    help="Only highlights of this colour.",
)
@click.option(
    "--export-tags",
    "export_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one Markdown file per tag (or only --tag's) into this folder, in place.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_cli
def highlights_command(
    context: CliContext, tag: str | None, color: str | None, export_dir: Path | None, as_json: bool
) -> None:
    """Everything you marked: highlights across the library, newest first."""
    index = library_index(context)
    if export_dir is not None:
        from annotations.research.marks import export_tags

        results = export_tags(index, context.store, export_dir.expanduser(), tag=tag)
        if not results:
            fail(f"no highlight has the tag '{printable(tag)}'" if tag else "no tagged highlights")
        for result in results:
            click.echo(printable(result.message))
        return
    found = marked(index, tag=tag, color=color)
    if as_json:
        _print_json({"highlights": [item.to_dict() for item in found]})
        return
    if not found:
        click.echo("No highlights match." if tag or color else "No highlights in the library.")
        return
    for item in found:
        annotation = item.annotation
        tags = " ".join(f"#{printable(t)}" for t in annotation.tags)
        click.echo(
            f"[{annotation.color.value}] “{printable(annotation.quote.exact)}” {tags}".rstrip()
        )
        if annotation.has_note:
            click.echo(f"      note: {printable(annotation.note)}")
        click.echo(f"      — {_heading(item.title, item.article_id)}")
