"""Highlights and the library's record of an article, as plain frozen values.

Annotations follow the W3C Web Annotation model: a highlight remembers both where it was
(`TextPositionSelector`) and what it said with a little context around it
(`TextQuoteSelector`), so it can be found again after the article's text changes
(see `annotations.library.anchoring`).

Every value converts to and from a plain JSON-able dict, which is how the store keeps it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from annotations.dates import utc_now


class Color(StrEnum):
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    PINK = "pink"
    PURPLE = "purple"


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored: stripped, without leading ``#``, no empties, first spelling kept.

    Duplicates are found ignoring case, so ``#AI`` and ``ai`` are one tag.
    """
    seen: set[str] = set()
    result: list[str] = []
    for raw in tags:
        tag = raw.strip().lstrip("#").strip()
        key = tag.casefold()
        if tag and key not in seen:
            seen.add(key)
            result.append(tag)
    return tuple(result)


@dataclass(frozen=True, slots=True)
class TextPositionSelector:
    """The half-open range ``[start, end)`` of the article text the highlight covered."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad range {self.start}-{self.end}")


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    """The highlighted text (`exact`) with the text just before and after it."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    """One highlight of an article, possibly with a note and tags."""

    id: str
    article_id: str
    color: Color
    note: str
    tags: tuple[str, ...]
    created: str
    updated: str
    position: TextPositionSelector
    quote: TextQuoteSelector

    def __post_init__(self) -> None:
        # Normalise here so every way of building an annotation agrees on its tags.
        object.__setattr__(self, "tags", normalize_tags(self.tags))
        object.__setattr__(self, "color", Color(self.color))

    @classmethod
    def new(
        cls,
        article_id: str,
        position: TextPositionSelector,
        quote: TextQuoteSelector,
        *,
        color: Color = Color.YELLOW,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Annotation:
        """A new annotation with a fresh id, created and updated now."""
        now = utc_now()
        return cls(
            id=uuid.uuid4().hex,
            article_id=article_id,
            color=color,
            note=note,
            tags=tuple(tags),
            created=now,
            updated=now,
            position=position,
            quote=quote,
        )

    @property
    def start(self) -> int:
        return self.position.start

    @property
    def end(self) -> int:
        return self.position.end

    @property
    def has_note(self) -> bool:
        return bool(self.note.strip())

    def with_note(self, note: str) -> Annotation:
        return replace(self, note=note, updated=utc_now())

    def with_tags(self, tags: Iterable[str]) -> Annotation:
        return replace(self, tags=tuple(tags), updated=utc_now())

    def with_color(self, color: Color) -> Annotation:
        return replace(self, color=color, updated=utc_now())

    def with_position(
        self, position: TextPositionSelector, quote: TextQuoteSelector | None = None
    ) -> Annotation:
        """A copy pointing at `position`, with a new `quote` when the text there changed."""
        return replace(self, position=position, quote=quote or self.quote, updated=utc_now())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "color": self.color.value,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "updated": self.updated,
            "position": {"start": self.position.start, "end": self.position.end},
            "quote": {
                "exact": self.quote.exact,
                "prefix": self.quote.prefix,
                "suffix": self.quote.suffix,
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Annotation:
        """Rebuild an annotation; raises ValueError (or KeyError, TypeError) on a bad shape."""
        position = data["position"]
        quote = data["quote"]
        tags = data.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ValueError("tags must be a list of strings")
        return cls(
            id=_str(data, "id"),
            article_id=_str(data, "article_id"),
            color=Color(data["color"]),
            note=_str(data, "note", ""),
            tags=tuple(tags),
            created=_str(data, "created"),
            updated=_str(data, "updated"),
            position=TextPositionSelector(_int(position, "start"), _int(position, "end")),
            quote=TextQuoteSelector(
                _str(quote, "exact"), _str(quote, "prefix", ""), _str(quote, "suffix", "")
            ),
        )


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the library remembers about an article it has opened."""

    id: str
    source: str
    title: str
    #: `Article.fingerprint` when last opened; a change means the text changed.
    fingerprint: str
    first_opened: str
    last_opened: str
    #: Character offset the reader was at, to reopen the article there.
    reading_position: int = 0
    #: Where a copy of the article's text is kept in the library, relative to its folder
    #: (not used yet: room for keeping texts whose source may disappear).
    text_file: str | None = None
    #: Further facts about the article (byline, site, date...), for display.
    meta: Mapping[str, str] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "fingerprint": self.fingerprint,
            "first_opened": self.first_opened,
            "last_opened": self.last_opened,
            "reading_position": self.reading_position,
        }
        if self.text_file is not None:
            data["text_file"] = self.text_file
        if self.meta:
            data["meta"] = dict(self.meta)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleRecord:
        """Rebuild a record; raises ValueError (or KeyError, TypeError) on a bad shape."""
        meta = data.get("meta", {})
        if not isinstance(meta, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in meta.items()
        ):
            raise ValueError("meta must map strings to strings")
        text_file = data.get("text_file")
        if text_file is not None and not isinstance(text_file, str):
            raise ValueError("text_file must be a string")
        return cls(
            id=_str(data, "id"),
            source=_str(data, "source"),
            title=_str(data, "title"),
            fingerprint=_str(data, "fingerprint"),
            first_opened=_str(data, "first_opened"),
            last_opened=_str(data, "last_opened"),
            reading_position=_int(data, "reading_position", 0),
            text_file=text_file,
            meta=dict(meta),
        )


def _str(data: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string, not {type(value).__name__}")
    return value


def _int(data: Mapping[str, Any], key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    # bool is an int subclass; a stored true/false is a wrong shape, not an offset.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{key!r} must be an integer, not {type(value).__name__}")
    return value
