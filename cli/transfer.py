"""`newsdesk export` and `newsdesk import`: highlights out in any registered format
(Markdown, W3C JSON, Readwise CSV), and W3C JSON back in.

An article is named as when opening it (a path, ``-``), or by its library id (a unique
prefix of at least `MIN_ID_PREFIX` characters will do); the library's kept copy of its text
is used when there is one. Files are written in place (`annotations.export.in_place`): what
the user wrote in them is never overwritten without ``--force``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from annotations.analysis.entities import Extractor
from annotations.article.model import Article
from annotations.config import Config
from annotations.export.document import ExportError, ExportOptions, parse_sections
from annotations.export.in_place import ExportWriteError, Outcome, WriteResult, write_export
from annotations.export.library import export_file_name, export_input, export_to_folder
from annotations.export.registry import Exporter, exporter_for_suffix, format_names, get_exporter
from annotations.export.web_annotation import import_annotations, parse_web_annotations
from annotations.library.model import ArticleRecord
from annotations.library.reopen import reopen_article
from annotations.library.storage import loads_json
from annotations.library.store import LibraryStore
from annotations.settings import export_folder
from annotations.sources.load import SourceError, is_url, read_input_file
from annotations.visible_text import visible
from cli.context import CliContext, pass_cli
from cli.support import PROG, fail, load_article, say, terminal_json, warn

#: Shortest id prefix accepted for an article, so a short word is never taken for an id.
MIN_ID_PREFIX = 6


# --- finding the article ----------------------------------------------------------------------


def _empty_library(store: LibraryStore) -> str:
    return f"the library at {store.folder} is empty: open an article first"


def find_article(store: LibraryStore, source: str | None) -> Article:
    """The article SOURCE names: a library id (or unique id prefix), else a path or ``-``.

    With no SOURCE, the most recently opened article of the library.

    Raises:
        SourceError: The article cannot be found or read (one line saying why).
    """
    if source is None:
        records = store.articles()
        if not records:
            raise SourceError(_empty_library(store))
        return reopen_article(store, records[0])
    record = _record_named(store, source)
    if record is not None:
        return reopen_article(store, record)
    if source != "-" and not is_url(source) and not Path(source).expanduser().exists():
        raise SourceError(
            f"no article in the library has the id '{source}', and no file has that name "
            f"(`{PROG} list` shows the ids)"
        )
    return load_article(source, store)


def _record_named(store: LibraryStore, name: str) -> ArticleRecord | None:
    """The library's article with id `name`, or whose id `name` uniquely begins."""
    exact = store.get_article(name)
    if exact is not None or len(name) < MIN_ID_PREFIX or Path(name).exists():
        return exact  # an existing file of that name is what the user means
    lowered = name.lower()
    matches = [record for record in store.articles() if record.id.startswith(lowered)]
    if len(matches) > 1:
        raise SourceError(f"'{name}' is the start of {len(matches)} article ids; give more of it")
    return matches[0] if matches else None


# --- export -------------------------------------------------------------------------------------


def export_document(
    store: LibraryStore,
    article: Article,
    export_format: str,
    extractor: Extractor,
    options: ExportOptions | None = None,
) -> str:
    """The article's export in `export_format` (a name in the exporter registry).

    Highlights are anchored in the article's current text as the reader would; those that
    cannot be placed are exported as orphans (Markdown lists them apart, JSON keeps them).
    The Markdown document adds the quotations and entities `extractor` finds (cached in the
    library, so exporting again is quick).

    Raises:
        ExportError: The format or the template is wrong (one line).
    """
    exporter = get_exporter(export_format)
    chosen = options or ExportOptions()
    return exporter.render(export_input(store, article, extractor, exporter, chosen), chosen)


def _encoded(document: str) -> bytes:
    # Lone surrogates cannot be UTF-8; JSON escapes them, Markdown shows U+FFFD instead.
    try:
        return document.encode("utf-8")
    except UnicodeEncodeError:
        if document.lstrip().startswith("{"):
            return json.dumps(json.loads(document), indent=2).encode("ascii") + b"\n"
        return document.encode("utf-8", "replace")


def _exporter_for(chosen: str | None, output: Path | None, config: Config) -> Exporter:
    """--format, else the one -o's suffix names, else the config's, else Markdown."""
    if chosen is not None:
        return get_exporter(chosen)
    if output is not None and output.suffix:
        by_suffix = exporter_for_suffix(output.suffix)
        if by_suffix is not None:
            return by_suffix
    return get_exporter(config.export_format)


def _for_terminal(document: str, exporter: Exporter) -> str:
    """The document made safe to print: control characters as pictures, except the line
    ends the format uses (CSV rows end in CRLF); JSON escapes them instead."""
    if exporter.name == "json":
        return terminal_json(document)
    return "\r\n".join(visible(line, keep_newlines=True) for line in document.split("\r\n"))


def _report(result: WriteResult) -> None:
    """One line per file: what was written, or (on stderr) why the user's file was kept."""
    if result.outcome is Outcome.BESIDE:
        click.echo(f"{PROG}: note: {result.message}", err=True)
    else:
        click.echo(result.message)


def _write(path: Path, document: str, exporter: Exporter, *, force: bool) -> WriteResult:
    result = write_export(path, document, managed=exporter.managed, force=force)
    _report(result)
    return result


@click.command("export")
@click.argument("source", required=False)
@click.option(
    "--format",
    "chosen_format",
    type=click.Choice(format_names()),
    help="markdown (notes, from a template), json (W3C Web Annotations) or readwise (Readwise "
    "CSV) [default: from -o's suffix, else the config's export.format, else markdown].",
)
@click.option(
    "-o",
    "--output",
    "output_name",
    type=click.Path(),
    help="Write to this file, or into this folder under the article's own file name, updating "
    "it in place (- for standard output).",
)
@click.option(
    "--all",
    "export_all",
    is_flag=True,
    help="Every article of the library, one file each, into -o DIR [default: the export folder].",
)
@click.option(
    "--template",
    metavar="NAME|PATH",
    help="Markdown template: default, callouts, a name in the config's templates folder, or a "
    "file [default: the config's export.template].",
)
@click.option(
    "--only",
    metavar="SECTIONS",
    help="Sections to include, comma-separated: highlights, quotations, entities.",
)
@click.option("--force", is_flag=True, help="Replace files even when they hold edits of yours.")
@click.option("--rules", is_flag=True, help="Find entities with the built-in rules, not spaCy.")
@pass_cli
def export_command(
    context: CliContext,
    source: str | None,
    chosen_format: str | None,
    output_name: str | None,
    export_all: bool,
    template: str | None,
    only: str | None,
    force: bool,
    rules: bool,
) -> None:
    """Export the highlights of SOURCE (a file, -, or an article id from `newsdesk list`).

    Without SOURCE, the most recently opened article. Files are updated in place: text you
    add outside newsdesk's markers is kept; a file you edited inside them is left as it is
    and the new export is written beside it (NAME.new.md).
    """
    output = Path(output_name) if output_name is not None else None
    config = context.config
    for problem in config.problems:
        click.echo(f"{PROG}: warning: {problem}", err=True)
    exporter = _exporter_for(chosen_format, output, config)
    sections = parse_sections(only) if only is not None else None
    if template is not None and exporter.name != "markdown":
        raise ExportError(f"--template is for the markdown format, not {exporter.name}")
    options = config.export_options(template=template, sections=sections)
    if exporter.name == "markdown":
        from annotations.export.templates import load_template  # Jinja2: only when used

        load_template(options.template, options.template_folder)  # fail before any work
    store = context.store
    context.extractor(rules=rules)  # a pipeline that is not installed fails before any work
    if export_all:
        if source is not None:
            raise click.UsageError("give either SOURCE or --all, not both")
        folder = output if output is not None else export_folder(config)

        def extractor_for(article: Article) -> Extractor:
            return context.extractor_for(article, rules=rules)

        _export_library(store, folder, exporter, options, extractor_for, force=force)
        return
    article = find_article(store, source)
    extractor = context.extractor_for(article, rules=rules)
    if exporter.uses_analysis and {"quotations", "entities"} & options.sections:
        from cli.progress import cached_analysis

        cached_analysis(store.folder, article, extractor)  # a long text says how far it is
    document = export_document(store, article, exporter.name, extractor, options)
    if output is None or output_name == "-":
        # On a terminal, control characters become pictures (JSON has them escaped already);
        # a file (-o) gets the text as it is.
        shown = _for_terminal(document, exporter)
        click.echo(_encoded(shown), nl=False)
        return
    # A trailing separator names a folder, even one that does not exist yet.
    if output.is_dir() or str(output_name).endswith(("/", os.sep)):
        output = output / export_file_name(article, exporter)
    _write(output, document, exporter, force=force)


def _export_library(
    store: LibraryStore,
    folder: Path,
    exporter: Exporter,
    options: ExportOptions,
    extractor_for: Callable[[Article], Extractor],
    *,
    force: bool,
) -> None:
    """One file per library article in `folder`, each updated in place."""
    records = store.articles()
    if not records:
        fail(_empty_library(store))
    if folder.exists() and not folder.is_dir():
        fail(f"'{folder}' is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"cannot create the folder '{folder}': {(error.strerror or str(error)).lower()}")
    written = 0
    for record in records:
        try:
            article = reopen_article(store, record)
        except SourceError as error:
            warn(f"skipped: {error}")
            continue
        try:
            result = export_to_folder(
                store, article, extractor_for(article), exporter, options, folder, force=force
            )
        # An ExportError (a template that fails fails for every article) rises: said once.
        except ExportWriteError as error:
            click.echo(f"{PROG}: warning: skipped: {error}", err=True)
            continue
        _report(result)
        written += 1
    noun = "article" if len(records) == 1 else "articles"
    say(f"exported {written} of {len(records)} {noun} to {folder}")
    if written < len(records):
        sys.exit(1)


# --- import -------------------------------------------------------------------------------------


def _read_json(name: str) -> Any:
    """The parsed JSON of file `name` (``-`` for standard input), or a one-line failure.

    Read within the size limit (a FIFO or device is refused, stdin stops at the limit), and
    JSON nested too deeply for the parser is an error like any other bad JSON.
    """
    data = read_input_file(name)
    shown = "standard input" if name == "-" else f"'{name}'"
    try:
        return loads_json(data)
    except json.JSONDecodeError as error:
        fail(f"{shown} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")
    except (UnicodeDecodeError, ValueError) as error:
        fail(f"{shown} is not valid JSON: {error}")


def _article_of_sources(store: LibraryStore, sources: set[str | None]) -> Article:
    """The library article the annotations' ``target.source`` names."""
    if None in sources:
        raise SourceError("some annotations do not name their article; give --article SOURCE")
    if len(sources) > 1:
        raise SourceError(
            f"the annotations belong to {len(sources)} different articles; "
            "import them into one with --article SOURCE"
        )
    (source,) = sources
    matches = [record for record in store.articles() if record.source == source]
    if not matches:
        raise SourceError(
            f"no article in the library has the source '{source}'; "
            "open it first or give --article SOURCE"
        )
    if len(matches) > 1:
        raise SourceError(
            f"{len(matches)} articles in the library have the source '{source}'; "
            "choose one with --article ID"
        )
    return reopen_article(store, matches[0])


@click.command("import")
@click.argument("file")
@click.option(
    "--article",
    "article_source",
    metavar="SOURCE",
    help="The article to add them to (a file or an article id) [default: the library "
    "article whose source the annotations name].",
)
@pass_cli
def import_command(context: CliContext, file: str, article_source: str | None) -> None:
    """Import highlights from FILE, W3C Web Annotation JSON (- for standard input).

    Importing the same file again adds nothing: highlights keep their ids.
    """
    data = _read_json(file)
    shown = "standard input" if file == "-" else f"'{file}'"
    try:
        parsed = parse_web_annotations(data)
    except ValueError as error:
        fail(f"{shown}: {error}")
    store = context.store
    if not parsed and article_source is None:
        say(f"{shown} holds no annotations; nothing to import")
        return
    if article_source is not None:
        article = find_article(store, article_source)
    else:
        article = _article_of_sources(store, {record.source for record in parsed})
    report = import_annotations(store, article, data)
    # Keep the text they were placed in, so the article can be exported by its id later.
    store.keep_article(article)
    say(report.summary)
