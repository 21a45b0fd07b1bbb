"""Exporting a library article: the one path `E`, auto-export, `export` and `--all` share.

The highlights come from the library and are anchored in the article's current text; the
quotations and entities from the cached analysis (only for formats that show them). The
file name is the article's stable one (`annotations.export.filenames.safe_filename`), written in
place (`annotations.export.in_place`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.analysis.entities.model import Entity
from annotations.article.model import Article
from annotations.export.document import ExportInput, ExportOptions, QuoteLike
from annotations.export.filenames import safe_filename
from annotations.export.in_place import WriteResult, write_export
from annotations.export.registry import Exporter
from annotations.library.anchoring import reanchor_all
from annotations.library.store import LibraryStore

if TYPE_CHECKING:
    from annotations.analysis.entities import Extractor


def export_input(
    store: LibraryStore,
    article: Article,
    extractor: Extractor | None,
    exporter: Exporter,
    options: ExportOptions,
    *,
    exported_at: datetime | None = None,
) -> ExportInput:
    """The article's highlights from `store`, placed, with the analysis the format needs.

    The analysis is only run when the format shows quotations or entities and `options`
    keeps one of those sections; it is cached in the library, so exporting again is quick.
    This is the one place every export gets its quotations from: where the reader's
    corrections of speakers are kept, they belong here.
    """
    placed, orphans = reanchor_all(article.text, store.annotations(article.id))
    wanted = exporter.uses_analysis and bool({"quotations", "entities"} & options.sections)
    quotes: tuple[QuoteLike, ...] = ()
    entities: tuple[Entity, ...] = ()
    if wanted and extractor is not None:
        # Imported late: exports that show no analysis need none of this machinery.
        from annotations.analysis.cache import AnalysisCache, analyze_cached

        analysis = analyze_cached(article, extractor, AnalysisCache.in_library(store.folder))
        # The reader's corrections of speakers and entities are what the export shows.
        analysis = analysis.corrected(article.text, store.corrections(article.id))
        quotes, entities = tuple(analysis.quotes), tuple(analysis.entities)
    return ExportInput.build(
        article,
        placed,
        orphans=orphans,
        quotes=quotes,
        entities=entities,
        exported_at=exported_at,
    )


def export_file_name(article: Article, exporter: Exporter) -> str:
    """The article's one export file name for `exporter`'s format."""
    return safe_filename(article.title, article.id, exporter.suffix)


def export_to_folder(
    store: LibraryStore,
    article: Article,
    extractor: Extractor | None,
    exporter: Exporter,
    options: ExportOptions,
    folder: Path,
    *,
    force: bool = False,
) -> WriteResult:
    """Render the article's export and write it in place in `folder`.

    Raises:
        ExportError: The template fails.
        ExportWriteError: The file cannot be written.
    """
    document = exporter.render(export_input(store, article, extractor, exporter, options), options)
    path = folder / export_file_name(article, exporter)
    return write_export(path, document, managed=exporter.managed, force=force)
