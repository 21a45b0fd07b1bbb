"""The export formats, one registry: `--format`, `E`, `y`, the palette and `export --all`.

An exporter is a name, a file suffix and render functions; a format is added by one module
that calls `register` when imported, and whose name is listed in `BUILTIN_MODULES`. Modules
are imported on first use, so starting the app pays for none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from annotations.article import Article
from annotations.export.document import ExportError, ExportInput, ExportOptions
from annotations.model import Annotation

#: Modules that register the built-in exporters.
BUILTIN_MODULES: tuple[str, ...] = (
    "annotations.export.markdown",
    "annotations.export.web_annotation_json",
    "annotations.export.readwise_csv",
)


@dataclass(frozen=True)
class Exporter:
    """One export format.

    Attributes:
        name: What ``--format`` and the config call it.
        suffix: The file extension, with its dot.
        description: One line for help texts and the palette.
        render: The whole document for one article.
        render_highlight: One highlight on its own (what `y` copies).
        managed: Whether the document carries front matter where the in-place writer keeps
            its hash and markers around its part (Markdown); other formats are replaced only
            when unchanged since newsdesk wrote them, else written beside.
        uses_analysis: Whether it shows quotations and entities (so they are looked for).
    """

    name: str
    suffix: str
    description: str
    render: Callable[[ExportInput, ExportOptions], str]
    render_highlight: Callable[[Article, Annotation, ExportOptions], str]
    managed: bool = False
    uses_analysis: bool = False


_REGISTRY: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    """Add `exporter` (a later one of the same name replaces it); returns it."""
    _REGISTRY[exporter.name] = exporter
    return exporter


def exporters() -> dict[str, Exporter]:
    """Every exporter by name, the built-ins first."""
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    return dict(_REGISTRY)


def format_names() -> list[str]:
    """The names ``--format`` accepts."""
    return list(exporters())


def get_exporter(name: str) -> Exporter:
    """The exporter called `name`.

    Raises:
        ExportError: There is none (the message lists those there are).
    """
    known = exporters()
    if name in known:
        return known[name]
    raise ExportError(f"unknown export format '{name}' (choose from {', '.join(known)})")


def exporter_for_suffix(suffix: str) -> Exporter | None:
    """The exporter whose files end in `suffix` (``".json"``), if any."""
    wanted = suffix.lower()
    for exporter in exporters().values():
        if exporter.suffix == wanted:
            return exporter
    return None
