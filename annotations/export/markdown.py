"""The Markdown export: an article's highlights as a document for a notes folder.

The document is rendered from a Jinja2 template (`annotations.export.templates`); the
built-in ``default`` writes CommonMark with YAML front matter::

    ---
    title: "..."              every value a double-quoted YAML string or a number
    tags:                     Obsidian tags, the same as in the body
      - "EU-Policy"
    ---

    # <title>

    Source: [<source>](<link back to it>)

    ## Highlights
    > <highlighted text, every line prefixed>

    ^nd-3f2a9c1b              a stable block id: [[note#^nd-3f2a9c1b]] links to it

    <note paragraphs, line breaks kept>

    Tags: #a #b · Colour: yellow · paragraph 3

    ## Could not be placed      (highlights whose text is no longer in the article)
    ## Quotations               (a list: speaker, quoted words)
    ## Entities                 (### People, ### Organisations...: names with mention counts)

``callouts`` writes each highlight as an Obsidian callout whose type carries its colour.
Templates get the values below (`document_context`) and the escaping filters of
`annotations.export.templates`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotations.analysis.entities.model import ENTITY_TYPE_LABELS, Entity, EntityType
from annotations.article.model import Article
from annotations.export.document import ExportInput, ExportOptions, where, where_text
from annotations.export.markdown_text import yaml_string
from annotations.export.obsidian import block_id, obsidian_tags
from annotations.export.registry import Exporter, register
from annotations.export.templates import load_template, render
from annotations.library.highlight_colors import HIGHLIGHT_COLORS
from annotations.library.model import Annotation, Color

#: Entity groups in the order they are written, with their section titles.
ENTITY_SECTIONS: tuple[tuple[EntityType, str], ...] = tuple(
    (kind, label.group) for kind, label in ENTITY_TYPE_LABELS.items()
)
UNATTRIBUTED = "Unattributed"
SEPARATOR = " · "
#: Each colour as an Obsidian callout type of about that colour (`callouts` template).
CALLOUT_TYPES: dict[Color, str] = {color: look.callout for color, look in HIGHLIGHT_COLORS.items()}
_WEB_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class HighlightView:
    """One highlight as templates see it (raw text: templates escape it with filters)."""

    id: str
    block_id: str
    text: str
    note: str
    tags: list[str]
    color: str
    callout: str
    where: str
    paragraph: int | None
    start: int
    end: int
    placed: bool
    created: str
    updated: str

    @property
    def details(self) -> str:
        """``Tags: #a #b · Colour: yellow · paragraph 3``, ready to write."""
        parts = [f"Colour: {self.color}", self.where]
        if self.tags:
            parts.insert(0, "Tags: " + " ".join("#" + tag for tag in self.tags))
        return SEPARATOR.join(parts)


@dataclass(frozen=True)
class QuoteView:
    speaker: str
    text: str


@dataclass(frozen=True)
class EntityView:
    name: str
    count: int


@dataclass(frozen=True)
class EntityGroup:
    heading: str
    entities: list[EntityView]


@dataclass(frozen=True)
class ArticleView:
    """The article as templates see it; `link` is a web or file address, or ``""``."""

    id: str
    title: str
    source: str
    link: str
    byline: str
    published: str
    site: str


def source_link(article: Article) -> str:
    """The address that leads back to the article when it came from the web, else ``""``.

    Files get no ``file://`` link: CommonMark renderers (markdown-it among them) refuse
    that scheme and would show the raw link; the path is written as text instead.
    """
    source = article.source.strip()
    return source if source.lower().startswith(_WEB_SCHEMES) else ""


def highlight_view(article: Article, annotation: Annotation, *, placed: bool) -> HighlightView:
    if placed:
        text = article.text[annotation.start : annotation.end]
        span = where(article, annotation)
        place = where_text(article, annotation)
    else:
        text, span, place = annotation.quote.exact, None, "not found in the current text"
    return HighlightView(
        id=annotation.id,
        block_id=block_id(annotation.id),
        text=text,
        note=annotation.note,
        tags=obsidian_tags(annotation.tags),
        color=annotation.color.value,
        callout=CALLOUT_TYPES[annotation.color],
        where=place,
        paragraph=span[0] if span else None,
        start=annotation.start,
        end=annotation.end,
        placed=placed,
        created=annotation.created,
        updated=annotation.updated,
    )


def article_view(article: Article) -> ArticleView:
    return ArticleView(
        id=article.id,
        title=article.title,
        source=article.source,
        link=source_link(article),
        byline=article.byline or "",
        published=article.date or "",
        site=article.site or "",
    )


def _entity_groups(entities: Sequence[Entity]) -> list[EntityGroup]:
    groups = []
    for entity_type, heading in ENTITY_SECTIONS:
        group = [entity for entity in entities if EntityType(entity.type) is entity_type]
        if group:
            group.sort(key=lambda entity: (-entity.count, entity.name.casefold(), entity.name))
            groups.append(EntityGroup(heading, [EntityView(e.name, e.count) for e in group]))
    return groups


def front_matter(data: ExportInput, tags: Sequence[str]) -> str:
    """The YAML front matter: every value a quoted string or a number, read back exactly."""
    article = data.article
    every = [*data.highlights, *data.orphans]
    fields = [
        ("title", yaml_string(article.title)),
        ("source", yaml_string(article.source)),
        ("article_id", yaml_string(article.id)),
    ]
    for key, value in (("byline", article.byline), ("published", article.date)):
        if value:
            fields.append((key, yaml_string(value)))
    fields += [
        ("exported", yaml_string(data.stamp)),
        ("highlights", str(len(every))),
        ("notes", str(sum(1 for annotation in every if annotation.has_note))),
        ("could_not_be_placed", str(len(data.orphans))),
    ]
    lines = ["---", *(f"{key}: {value}" for key, value in fields)]
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {yaml_string(tag)}" for tag in tags)
    else:
        lines.append("tags: []")
    lines.append("---")
    return "\n".join(lines)


def document_context(data: ExportInput, options: ExportOptions) -> dict[str, Any]:
    """What a document template sees.

    ``article`` (id, title, source, link, byline, published, site); ``highlights`` and
    ``orphans`` (id, block_id, text, note, tags, color, callout, where, paragraph, details,
    created, updated); ``quotes`` (speaker, text); ``entity_groups`` (heading, entities:
    name, count); ``tags`` (every tag, as Obsidian tags); ``sections``; ``exported``;
    ``front_matter`` (the built-ins' YAML block, ready to write).
    """
    article = data.article
    highlights = [highlight_view(article, a, placed=True) for a in data.highlights]
    orphans = [highlight_view(article, a, placed=False) for a in data.orphans]
    tags = obsidian_tags(
        tag for annotation in (*data.highlights, *data.orphans) for tag in annotation.tags
    )
    return {
        "article": article_view(article),
        "highlights": highlights,
        "orphans": orphans,
        "quotes": [QuoteView(q.speaker or UNATTRIBUTED, q.text) for q in data.quotes],
        "entity_groups": _entity_groups(data.entities),
        "tags": tags,
        "sections": sorted(options.sections),
        "exported": data.stamp,
        "front_matter": front_matter(data, tags),
    }


def _finish(text: str) -> str:
    """One newline at the end, whatever the template left."""
    return text.rstrip() + "\n"


def render_markdown(data: ExportInput, options: ExportOptions) -> str:
    """The document `options.template` makes of `data`.

    Raises:
        ExportError: The template cannot be found, read, parsed or rendered.
    """
    template = load_template(options.template, options.template_folder)
    return _finish(render(template, options.template, document_context(data, options)))


def render_highlight_markdown(
    article: Article, annotation: Annotation, options: ExportOptions
) -> str:
    """One highlight on its own, as `y` copies it (`options.highlight_template`).

    The template sees ``article`` and ``highlight`` (as in `document_context`).

    Raises:
        ExportError: The template cannot be found, read, parsed or rendered.
    """
    template = load_template(options.highlight_template, options.template_folder)
    context = {
        "article": article_view(article),
        "highlight": highlight_view(article, annotation, placed=True),
    }
    return _finish(render(template, options.highlight_template, context))


MARKDOWN = register(
    Exporter(
        name="markdown",
        suffix=".md",
        description="Markdown for a notes folder (Obsidian-ready), from a template",
        render=render_markdown,
        render_highlight=render_highlight_markdown,
        managed=True,
        uses_analysis=True,
    )
)
