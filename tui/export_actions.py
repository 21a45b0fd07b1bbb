"""The app's exports: `E`, `y` and auto-export, all through the exporter registry.

The reader screen calls these; the work (anchoring, analysis from the cache, rendering,
writing in place) is the domain's (`annotations.export.library`), run in a worker thread
so the UI never waits on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.config import Config, load_config
from tui.errors import show_error

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from annotations.analysis.entities import Extractor
    from annotations.article.model import Article
    from annotations.export.in_place import WriteResult
    from annotations.library.model import Annotation
    from annotations.library.store import LibraryStore


def app_config(app: App[Any]) -> Config:
    """The config the app was started with (read now for an app that has none)."""
    config = getattr(app, "config", None)
    return config if isinstance(config, Config) else load_config()


def export_article(
    store: LibraryStore,
    article: Article,
    extractor: Extractor | None,
    config: Config,
    folder: Path,
    format_name: str | None = None,
) -> WriteResult:
    """Export one article in place, as `E` and auto-export do.

    Raises:
        ExportError: The format or the template is wrong.
        ExportWriteError: The file cannot be written.
    """
    # Imported here: none of the export machinery is needed for the first frame.
    from annotations.export.library import export_to_folder
    from annotations.export.registry import get_exporter

    exporter = get_exporter(format_name or config.export_format)
    options = config.export_options()
    return export_to_folder(store, article, extractor, exporter, options, folder)


def start_export(screen: Screen[Any], folder: Path, format_name: str | None = None) -> None:
    """Export the screen's article in a worker thread; a notification says what happened."""
    app = screen.app
    article: Article = getattr(screen, "article")  # noqa: B009 - the reader's article
    session = getattr(screen, "session")  # noqa: B009
    extractor = getattr(screen, "extractor", None)
    config = app_config(app)
    from annotations.export.document import ExportError
    from annotations.export.in_place import ExportWriteError, Outcome

    def work() -> None:
        try:
            result = export_article(session.store, article, extractor, config, folder, format_name)
        except (ExportError, ExportWriteError) as error:
            app.call_from_thread(show_error, app, error, prefix="Could not export: ", timeout=10)
            return
        severity = "warning" if result.outcome is Outcome.BESIDE else "information"
        timeout = 15 if result.outcome is Outcome.BESIDE else 8
        app.call_from_thread(
            app.notify, result.message, title="Export", severity=severity, timeout=timeout
        )

    screen.run_worker(work, thread=True, group="export", exit_on_error=False)


def highlight_for_clipboard(app: App[Any], article: Article, target: Annotation) -> str:
    """One highlight as `y` copies it: the config's ``copy_format`` (Markdown by default,
    with its highlight template).

    Raises:
        ExportError: The format or the template is wrong.
    """
    from annotations.export.registry import get_exporter

    config = app_config(app)
    exporter = get_exporter(config.copy_format)
    return exporter.render_highlight(article, target, config.export_options())
