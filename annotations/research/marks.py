"""Everything you marked: the library's highlights, filtered by tag and colour, and their
export as one Markdown file per tag.

The per-tag files are made of the export registry's own parts: each highlight is rendered by
the Markdown exporter's `render_highlight` (the template `y` copies with), under its
article's title, and the file is written by the in-place writer, so a tag file you edited is
never overwritten (the new one goes beside it, and the result says so).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from annotations.article.model import Article
from annotations.export.document import ExportOptions
from annotations.export.filenames import safe_filename
from annotations.export.in_place import WriteResult, write_export
from annotations.export.markdown_text import escape_one_line, yaml_string
from annotations.export.registry import get_exporter
from annotations.library.model import Annotation
from annotations.library.store import LibraryStore
from annotations.research.library_index import LibraryIndex


@dataclass(frozen=True, slots=True)
class Marked:
    """One highlight and the article it is in."""

    article_id: str
    title: str
    annotation: Annotation

    def to_dict(self) -> dict[str, object]:
        return {"article_id": self.article_id, "title": self.title, **self.annotation.to_dict()}


def _tag_key(tag: str) -> str:
    return tag.strip().lstrip("#").casefold()


def marked(
    index: LibraryIndex, *, tag: str | None = None, color: str | None = None
) -> list[Marked]:
    """Every highlight of the library (with `tag` and of `color`), newest first."""
    wanted_tag = _tag_key(tag) if tag else None
    wanted_color = color.casefold() if color else None
    found: list[Marked] = []
    for article in index.articles.values():
        for data in article.highlights:
            if wanted_color is not None and data.get("color") != wanted_color:
                continue
            if wanted_tag is not None and wanted_tag not in {_tag_key(t) for t in data["tags"]}:
                continue
            found.append(Marked(article.id, article.title, Annotation.from_dict(data)))
    found.sort(key=lambda item: (item.annotation.created, item.annotation.id), reverse=True)
    return found


def tag_counts(index: LibraryIndex) -> list[tuple[str, int]]:
    """Every tag used in the library (first spelling seen) and its highlights, most first."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for article in index.articles.values():
        for data in article.highlights:
            for tag in data["tags"]:
                key = _tag_key(str(tag))
                spelling.setdefault(key, str(tag))
                counts[key] += 1
    return sorted(((spelling[k], n) for k, n in counts.items()), key=lambda x: (-x[1], x[0]))


def tag_document(tag: str, items: list[Marked], articles: dict[str, Article]) -> str:
    """The Markdown file of one tag: its highlights by article, through the registry."""
    exporter = get_exporter("markdown")
    options = ExportOptions()
    lines = [
        "---",
        f"title: {yaml_string(f'Highlights tagged {tag}')}",
        f"tags: [{yaml_string(tag)}]",
        "---",
        "",
        f"# Highlights tagged {escape_one_line(tag)}",
        "",
    ]
    current: str | None = None
    for item in sorted(items, key=lambda m: (m.title.casefold(), m.article_id, m.annotation.start)):
        article = articles.get(item.article_id)
        if article is None:
            continue
        if item.article_id != current:
            current = item.article_id
            lines += [f"## {escape_one_line(item.title or '(untitled)')}", ""]
        lines += [exporter.render_highlight(article, item.annotation, options).rstrip("\n"), ""]
    return "\n".join(lines)


def export_tags(
    index: LibraryIndex, store: LibraryStore, folder: Path, *, tag: str | None = None
) -> list[WriteResult]:
    """Write one Markdown file per tag (or only `tag`) into `folder`, in place.

    Raises:
        ExportWriteError: A file cannot be written.
        ExportError: The highlight template cannot be rendered.
    """
    tags = [name for name, _ in tag_counts(index)]
    if tag is not None:
        tags = [name for name in tags if _tag_key(name) == _tag_key(tag)]
    articles: dict[str, Article] = {}
    results = []
    for name in tags:
        items = marked(index, tag=name)
        for item in items:
            if item.article_id not in articles:
                kept = store.kept_article(item.article_id)
                if kept is not None:
                    articles[item.article_id] = kept
        digest = hashlib.sha256(_tag_key(name).encode("utf-8", "surrogatepass")).hexdigest()
        path = folder / safe_filename(f"tag {name}", digest, ".md")
        results.append(write_export(path, tag_document(name, items, articles), managed=True))
    return results
