"""`newsdesk export` and `newsdesk import`: highlights out as Markdown or W3C JSON, and back in.

An article is named as when opening it (a path, ``-``), or by its library id (a unique
prefix of at least `MIN_ID_PREFIX` characters will do); the library's kept copy of its text
is used when there is one. Nothing the user saved is overwritten without ``--force``.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import click

from annotations.anchoring import reanchor_all
from annotations.article import Article
from annotations.entities import Backend, Extractor, get_extractor
from annotations.filenames import safe_filename
from annotations.model import ArticleRecord
from annotations.sources import SourceError, read_input_file, reload_source
from annotations.storage import atomic_write_bytes, loads_json, os_error_reason
from annotations.store import LibraryStore
from annotations.visible_text import visible
from annotations.web_annotation import (
    import_annotations,
    parse_web_annotations,
    to_web_annotations,
)
from tui.cli_support import (
    fail,
    library_folder,
    load_article,
    open_store,
    say,
    terminal_json,
    warn,
)

ExportFormat = Literal["markdown", "json"]

#: File extension written for each export format.
SUFFIXES: dict[ExportFormat, str] = {"markdown": ".md", "json": ".json"}
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
        return library_article(store, records[0])
    record = _record_named(store, source)
    if record is not None:
        return library_article(store, record)
    return load_article(source)


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


def library_article(store: LibraryStore, record: ArticleRecord) -> Article:
    """The library's copy of an article; reread from its source if no copy was kept.

    Raises:
        SourceError: No copy is kept and the source cannot be read any more.
    """
    kept = store.kept_article(record.id)
    if kept is not None:
        return kept
    try:
        article = reload_source(record.source)
    except SourceError as error:
        raise SourceError(
            f"the text of '{record.title}' is not kept in the library and cannot be read "
            f"again ({error})"
        ) from None
    # The same text under its library id, so its highlights are found whatever path form
    # the source was given in.
    return replace(article, id=record.id)


# --- export -------------------------------------------------------------------------------------


def export_document(
    store: LibraryStore, article: Article, export_format: ExportFormat, extractor: Extractor
) -> str:
    """The article's highlights as a Markdown document or W3C Web Annotation JSON.

    Highlights are anchored in the article's current text as the reader would; those that
    cannot be placed are exported as orphans (Markdown lists them apart, JSON keeps them).
    The Markdown document adds the quotations and entities `extractor` finds (cached in the
    library, so exporting again is quick).
    """
    placed, orphans = reanchor_all(article.text, store.annotations(article.id))
    if export_format == "json":
        collection = to_web_annotations(article, [*placed, *orphans])
        return terminal_json(json.dumps(collection, ensure_ascii=False, indent=2)) + "\n"
    # Imported late: JSON exports and imports need none of the extraction machinery.
    from annotations.analysis import AnalysisCache, analyze_cached
    from annotations.export_markdown import to_markdown

    analysis = analyze_cached(article, extractor, AnalysisCache.in_library(store.folder))
    return to_markdown(
        article,
        placed,
        orphans=orphans,
        quotes=analysis.quotes,
        entities=analysis.entities,
    )


def _extractor(ctx: click.Context, rules: bool) -> Extractor:
    """The built-in rules with --rules, else the extractor the root command chose."""
    chosen = "rules" if rules else (ctx.find_root().obj or {}).get("extractor", "auto")
    backend: Backend = "rules" if chosen == "rules" else "spacy" if chosen == "spacy" else "auto"
    try:
        return get_extractor(backend)
    except RuntimeError as error:  # spaCy was asked for but is not installed
        fail(str(error))


def _encoded(document: str) -> bytes:
    # Lone surrogates cannot be UTF-8; JSON escapes them, Markdown shows U+FFFD instead.
    try:
        return document.encode("utf-8")
    except UnicodeEncodeError:
        if document.lstrip().startswith("{"):
            return json.dumps(json.loads(document), indent=2).encode("ascii") + b"\n"
        return document.encode("utf-8", "replace")


def _refuse_existing(path: Path) -> None:
    fail(f"'{path}' already exists; use --force to overwrite it")


def write_file(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to `path`; an existing file is only replaced with `force`, and only when
    it is a regular file (never a device, a FIFO, a folder or a symbolic link)."""
    try:
        if force and _exists(path):
            if not stat.S_ISREG(path.lstat().st_mode):
                fail(f"'{path}' is not a regular file; --force only replaces regular files")
            atomic_write_bytes(path, data)
            return
        handle = path.open("xb")  # "x" fails if the file appeared since we checked
    except FileExistsError:
        _refuse_existing(path)
    except OSError as error:
        fail(f"cannot write '{path}': {os_error_reason(error)}")
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        path.unlink(missing_ok=True)  # never leave half an export behind (disk full)
        fail(f"cannot write '{path}': {os_error_reason(error)}; nothing was written")


def _exists(path: Path) -> bool:
    """Anything of that name, a dangling symbolic link included."""
    return path.is_symlink() or path.exists()


def _format_for(chosen: str | None, output: Path | None) -> ExportFormat:
    if chosen == "json" or (chosen is None and output and output.suffix.lower() == ".json"):
        return "json"
    return "markdown"


@click.command("export")
@click.argument("source", required=False)
@click.option(
    "--format",
    "chosen_format",
    type=click.Choice(["markdown", "json"]),
    help="Markdown document or W3C Web Annotation JSON [default: from -o's suffix, else markdown].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (or into this folder) instead of standard output.",
)
@click.option("--all", "export_all", is_flag=True, help="Every article of the library into -o DIR.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--rules", is_flag=True, help="Find entities with the built-in rules, not spaCy.")
@click.pass_context
def export_command(
    ctx: click.Context,
    source: str | None,
    chosen_format: str | None,
    output: Path | None,
    export_all: bool,
    force: bool,
    rules: bool,
) -> None:
    """Export the highlights of SOURCE (a file, -, or an article id from `newsdesk list`).

    Without SOURCE, the most recently opened article. Quotations and entities found in the
    article are included in the Markdown export.
    """
    store = open_store(library_folder(ctx))
    export_format = _format_for(chosen_format, output)
    extractor = _extractor(ctx, rules)
    if export_all:
        if source is not None:
            raise click.UsageError("give either SOURCE or --all, not both")
        if output is None:
            raise click.UsageError("--all needs -o DIR, the folder to write the files into")
        _export_library(store, output, export_format, extractor, force=force)
        return
    article = find_article(store, source)
    document = export_document(store, article, export_format, extractor)
    if output is None or str(output) == "-":
        # Markdown on stdout is read on a terminal: control characters become pictures
        # (JSON has them escaped already). A file (-o) gets the text as it is.
        click.echo(_encoded(visible(document, keep_newlines=True)), nl=False)
        return
    data = _encoded(document)
    if output.is_dir():
        output = output / safe_filename(article.title, article.id, SUFFIXES[export_format])
    if output.exists() and not force:
        _refuse_existing(output)
    write_file(output, data, force=force)
    say(f"wrote {output}")


def _export_library(
    store: LibraryStore,
    folder: Path,
    export_format: ExportFormat,
    extractor: Extractor,
    *,
    force: bool,
) -> None:
    """One file per library article in `folder`; checks every name before writing any."""
    records = store.articles()
    if not records:
        fail(_empty_library(store))
    if folder.exists() and not folder.is_dir():
        fail(f"'{folder}' is a file, not a folder")
    suffix = SUFFIXES[export_format]
    targets = [
        (record, folder / safe_filename(record.title, record.id, suffix)) for record in records
    ]
    if not force:
        existing = [path for _record, path in targets if path.exists()]
        if existing:
            more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
            fail(f"'{existing[0]}' already exists{more}; use --force to overwrite")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"cannot create the folder '{folder}': {(error.strerror or str(error)).lower()}")
    written = 0
    for record, path in targets:
        try:
            article = library_article(store, record)
        except SourceError as error:
            warn(f"skipped: {error}")
            continue
        document = export_document(store, article, export_format, extractor)
        write_file(path, _encoded(document), force=force)
        say(f"wrote {path}")
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
    try:
        data = read_input_file(name)
    except SourceError as error:
        fail(str(error))
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
    return library_article(store, matches[0])


@click.command("import")
@click.argument("file")
@click.option(
    "--article",
    "article_source",
    metavar="SOURCE",
    help="The article to add them to (a file or an article id) [default: the library "
    "article whose source the annotations name].",
)
@click.pass_context
def import_command(ctx: click.Context, file: str, article_source: str | None) -> None:
    """Import highlights from FILE, W3C Web Annotation JSON (- for standard input).

    Importing the same file again adds nothing: highlights keep their ids.
    """
    data = _read_json(file)
    shown = "standard input" if file == "-" else f"'{file}'"
    try:
        parsed = parse_web_annotations(data)
    except ValueError as error:
        fail(f"{shown}: {error}")
    store = open_store(library_folder(ctx))
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
