"""W3C Web Annotation JSON as an export format (see `annotations.export.web_annotation`)."""

from __future__ import annotations

import json

from annotations.article.model import Article
from annotations.export.document import ExportInput, ExportOptions
from annotations.export.registry import Exporter, register
from annotations.export.web_annotation import to_web_annotations
from annotations.library.model import Annotation


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def render_json(data: ExportInput, options: ExportOptions) -> str:
    """Every highlight, orphans included with their selectors as they were."""
    return _dump(to_web_annotations(data.article, [*data.highlights, *data.orphans]))


def render_highlight_json(article: Article, annotation: Annotation, options: ExportOptions) -> str:
    """One highlight as a single W3C Annotation."""
    collection = to_web_annotations(article, [annotation])
    return _dump(collection["first"]["items"][0])


JSON = register(
    Exporter(
        name="json",
        suffix=".json",
        description="W3C Web Annotation JSON (newsdesk import reads it back)",
        render=render_json,
        render_highlight=render_highlight_json,
    )
)
