"""The export formats, one registry: `--format`, `E`, `y`, the palette and `export --all`.

An exporter is a name, a file suffix and render functions; a format is added by one module
that calls `register` when imported, named in `BUILTIN_MODULES`. Modules are imported on
first use, so starting the app pays for none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from annotations.article.model import Article
from annotations.export.document import ExportError, ExportInput, ExportOptions
from annotations.library.model import Annotation

#: The built-in exporters and the modules that register them; a module is imported only
#: when its format is used, so `--format`'s choices cost nothing at startup.
BUILTIN_MODULES: dict[str, str] = {
    "markdown": "annotations.export.markdown",
    "json": "annotations.export.web_annotation_json",
    "readwise": "annotations.export.readwise_csv",
}


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
    """Every exporter by name, the built-ins first (all their modules imported)."""
    for module in BUILTIN_MODULES.values():
        importlib.import_module(module)
    return dict(_REGISTRY)


def format_names() -> list[str]:
    """The names ``--format`` accepts, without importing any exporter."""
    return [*BUILTIN_MODULES, *(name for name in _REGISTRY if name not in BUILTIN_MODULES)]


def get_exporter(name: str) -> Exporter:
    """The exporter called `name` (its module imported on first use).

    Raises:
        ExportError: There is none (the message lists those there are).
    """
    if name in BUILTIN_MODULES:
        importlib.import_module(BUILTIN_MODULES[name])
    if name in _REGISTRY:
        return _REGISTRY[name]
    raise ExportError(f"unknown export format '{name}' (choose from {', '.join(format_names())})")


def exporter_for_suffix(suffix: str) -> Exporter | None:
    """The exporter whose files end in `suffix` (``".json"``), if any."""
    wanted = suffix.lower()
    for exporter in exporters().values():
        if exporter.suffix == wanted:
            return exporter
    return None
