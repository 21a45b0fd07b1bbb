"""What every export format renders: an article's highlights, placed, with what was found.

`ExportInput.build` anchors the stored highlights in the article's current text once, so
every format (and `E`, `export`, `export --all`, `y`) sees the same highlights in the same
order. `ExportOptions` holds the user's choices: template and sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from annotations.dates import iso_utc
from annotations.errors import NewsdeskError

# Re-exported: the export package names these here; the config takes them from `choices`.
from annotations.export.choices import DEFAULT_HIGHLIGHT_TEMPLATE as DEFAULT_HIGHLIGHT_TEMPLATE
from annotations.export.choices import DEFAULT_TEMPLATE as DEFAULT_TEMPLATE
from annotations.export.choices import SECTIONS as SECTIONS

if TYPE_CHECKING:
    # Only for annotations: the config reads this module at startup, before the first frame.
    from annotations.analysis.entities.model import Entity
    from annotations.article.model import Article
    from annotations.library.model import Annotation


class ExportError(NewsdeskError):
    """An export that cannot be made (a bad template, an unknown format or section).

    Its str() is one line a user can act on.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class QuoteLike(Protocol):
    """What the export needs of a quotation (`annotations.analysis.quotes.model.Quote` fits)."""

    @property
    def text(self) -> str: ...

    @property
    def speaker(self) -> str | None: ...


@dataclass(frozen=True)
class ExportOptions:
    """How to export.

    Attributes:
        template: A built-in template's name (``default``, ``callouts``) or a template file's
            path, for the Markdown document.
        highlight_template: The same, for one highlight copied with `y`.
        sections: The sections to include (see `SECTIONS`).
        template_folder: The user's templates folder, where a template named ``NAME`` is
            ``NAME.md.j2``; None for built-ins and paths only.
    """

    template: str = DEFAULT_TEMPLATE
    highlight_template: str = DEFAULT_HIGHLIGHT_TEMPLATE
    sections: frozenset[str] = field(default_factory=lambda: frozenset(SECTIONS))
    template_folder: Path | None = None


def parse_sections(text: str | Iterable[str]) -> frozenset[str]:
    """Sections named in ``--only`` (comma-separated) or a config list.

    Raises:
        ExportError: A name is not one of `SECTIONS`, or none is given.
    """
    names = text.split(",") if isinstance(text, str) else list(text)
    chosen = {str(name).strip().lower() for name in names if str(name).strip()}
    unknown = sorted(chosen - set(SECTIONS))
    if unknown:
        raise ExportError(f"unknown section '{unknown[0]}' (choose from {', '.join(SECTIONS)})")
    if not chosen:
        raise ExportError(f"no section chosen (choose from {', '.join(SECTIONS)})")
    return frozenset(chosen)


@dataclass(frozen=True)
class ExportInput:
    """One article's highlights, placed in its current text, and what analysis found.

    Build it with `ExportInput.build`.
    """

    article: Article
    highlights: tuple[Annotation, ...]
    orphans: tuple[Annotation, ...]
    quotes: tuple[QuoteLike, ...]
    entities: tuple[Entity, ...]
    exported_at: datetime

    @classmethod
    def build(
        cls,
        article: Article,
        annotations: Iterable[Annotation],
        *,
        orphans: Iterable[Annotation] = (),
        quotes: Iterable[QuoteLike] = (),
        entities: Iterable[Entity] = (),
        exported_at: datetime | None = None,
    ) -> ExportInput:
        """Anchor `annotations` in the article's current text, in reading order.

        Args:
            article: The article, with its current text.
            annotations: Its highlights as stored (stale positions are fine); those whose
                text cannot be found join the orphans, with their stored quote.
            orphans: Highlights the caller already knows could not be placed.
            quotes: Quotations found in the article, in reading order.
            entities: Named entities found in the article.
            exported_at: When the export was made (default: now); naive times are UTC.
        """
        from annotations.library.anchoring import reanchor_all

        placed, lost = reanchor_all(article.text, annotations)
        placed.sort(key=lambda item: (item.start, item.end, item.created, item.id))
        seen: set[str] = set()
        unique: list[Annotation] = []
        for annotation in [*lost, *orphans]:
            if annotation.id not in seen:
                seen.add(annotation.id)
                unique.append(annotation)
        moment = exported_at or datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return cls(
            article=article,
            highlights=tuple(placed),
            orphans=tuple(unique),
            quotes=tuple(quotes),
            entities=tuple(entities),
            exported_at=moment.astimezone(UTC),
        )

    @property
    def stamp(self) -> str:
        """When the export was made, ISO 8601 UTC to the second (``2025-03-04T05:06:07Z``)."""
        return iso_utc(self.exported_at)


def where(article: Article, annotation: Annotation) -> tuple[int, int] | None:
    """The blocks a highlight covers, numbered from 1 (first, last); None with no blocks."""
    if not article.blocks:
        return None
    covered = article.block_spans.overlapping(annotation.start, annotation.end)
    if len(covered) == 0:
        # An empty highlight, or one in the gap between blocks: name the block before it.
        first = last = article.block_index_at(annotation.start)
    else:
        first, last = covered[0], covered[-1]
    return first + 1, last + 1


def where_text(article: Article, annotation: Annotation) -> str:
    """Where a highlight is: "paragraph 3" or "paragraphs 3–4"."""
    span = where(article, annotation)
    if span is None:
        return "the article"
    first, last = span
    return f"paragraph {first}" if first == last else f"paragraphs {first}–{last}"
