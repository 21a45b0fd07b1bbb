"""Export highlights as W3C Web Annotations (JSON-LD), and import them back.

The export is one ``AnnotationCollection`` with its single ``AnnotationPage`` embedded. Each
highlight becomes an ``Annotation`` whose target is the article (``target.source`` is the
article's source: a URL, a path or ``seed: <name>``) picked out by a ``TextQuoteSelector``
and a ``TextPositionSelector``. Its bodies are ``TextualBody`` values:

- the note: ``purpose: "commenting"``, ``format: "text/plain"`` (the annotation's
  ``motivation`` is then ``"commenting"``, else ``"highlighting"``);
- one per tag: ``purpose: "tagging"``;
- newsdesk's colour: ``purpose: "classifying"``, ``value: "color:<name>"``. The colour is
  also given the W3C way for generic viewers: ``target.styleClass`` names a class of the
  annotation's ``stylesheet`` (``newsdesk-yellow`` and so on).

Ids are ``urn:uuid:<uuid>`` (newsdesk ids are UUID hex); any other id is kept as
``urn:newsdesk:annotation:<percent-encoded id>``. Importing maps them back, so importing a
file twice adds nothing the second time. Annotations made by other tools are accepted when
they carry a ``TextQuoteSelector``; their ids (any IRI) get a stable UUID derived from it.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote as percent_encode
from urllib.parse import unquote as percent_decode

from annotations.article.model import Article
from annotations.dates import utc_now
from annotations.library.anchoring import reanchor_all
from annotations.library.highlight_colors import HIGHLIGHT_COLORS
from annotations.library.model import (
    Annotation,
    Color,
    TextPositionSelector,
    TextQuoteSelector,
    normalize_tags,
)
from annotations.library.store import LibraryStore

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLOR_PREFIX = "color:"
STYLE_CLASS_PREFIX = "newsdesk-"
#: How each colour looks to viewers that apply the annotation's stylesheet.
COLOR_CSS: Mapping[Color, str] = {color: look.web_tint for color, look in HIGHLIGHT_COLORS.items()}
#: Pages followed at most when reading a collection (guards against a cycle of "next").
MAX_PAGES = 10_000

_UUID_PREFIX = "urn:uuid:"
_NEWSDESK_PREFIX = "urn:newsdesk:annotation:"
_UUID_HEX = re.compile(r"[0-9a-f]{32}")
# "Annotation", "oa:Annotation" and "http://www.w3.org/ns/oa#Annotation" are one type.
_TYPE_NAME = re.compile(r"[^#:/]+$")


@dataclass(frozen=True, slots=True)
class ParsedAnnotation:
    """One annotation read from a Web Annotation document, not yet tied to an article.

    `position` is None when the annotation gave no ``TextPositionSelector``; `source` is its
    target's source, for callers that want to check it names the article they import into.
    """

    id: str
    color: Color
    note: str
    tags: tuple[str, ...]
    created: str
    updated: str
    quote: TextQuoteSelector
    position: TextPositionSelector | None
    source: str | None

    def to_annotation(self, article_id: str) -> Annotation:
        """The annotation as newsdesk stores it; without a position it points at offset 0."""
        return Annotation(
            id=self.id,
            article_id=article_id,
            color=self.color,
            note=self.note,
            tags=self.tags,
            created=self.created,
            updated=self.updated,
            position=self.position or TextPositionSelector(0, 0),
            quote=self.quote,
        )


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: annotations added, already present, and added but not placed."""

    added: int
    skipped_duplicates: int
    orphans: int

    @property
    def summary(self) -> str:
        """One line for the user, e.g. ``added 3 highlights (1 could not be placed)...``."""
        line = f"added {self.added} highlight{'' if self.added == 1 else 's'}"
        if self.orphans:
            line += f" ({self.orphans} could not be placed in the current text)"
        if self.skipped_duplicates:
            line += f"; {self.skipped_duplicates} already in the library"
        return line


# --- export ---------------------------------------------------------------------------------


def to_web_annotations(article: Article, annotations: Iterable[Annotation]) -> dict[str, Any]:
    """The annotations as a W3C ``AnnotationCollection`` (a JSON-able dict).

    Args:
        article: The article they belong to; its source becomes each target's source.
        annotations: The highlights, with selectors as stored (orphans included as they are).

    Returns:
        The collection, with every annotation in its embedded first page, in reading order.
    """
    items = [
        _annotation_item(article.source, annotation)
        for annotation in sorted(
            annotations, key=lambda item: (item.start, item.end, item.created, item.id)
        )
    ]
    collection_id = f"urn:newsdesk:article:{percent_encode(article.id, safe='')}:annotations"
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": article.title,
        "total": len(items),
        "first": {
            "id": collection_id + ":page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def _annotation_item(source: str, annotation: Annotation) -> dict[str, Any]:
    body: list[dict[str, str]] = []
    if annotation.note:
        body.append(_textual_body(annotation.note, "commenting", text_format="text/plain"))
    body.extend(_textual_body(tag, "tagging") for tag in annotation.tags)
    body.append(_textual_body(COLOR_PREFIX + annotation.color.value, "classifying"))
    style_class = STYLE_CLASS_PREFIX + annotation.color.value
    return {
        "@context": ANNO_CONTEXT,
        "id": annotation_iri(annotation.id),
        "type": "Annotation",
        "created": annotation.created,
        "modified": annotation.updated,
        "motivation": "commenting" if annotation.has_note else "highlighting",
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": source,
            "styleClass": style_class,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.quote.exact,
                    "prefix": annotation.quote.prefix,
                    "suffix": annotation.quote.suffix,
                },
                {
                    "type": "TextPositionSelector",
                    "start": annotation.start,
                    "end": annotation.end,
                },
            ],
        },
        "stylesheet": {
            "type": "CssStylesheet",
            "value": f".{style_class} {{ background-color: {COLOR_CSS[annotation.color]}; }}",
        },
    }


def _textual_body(value: str, purpose: str, *, text_format: str | None = None) -> dict[str, str]:
    body = {"type": "TextualBody", "purpose": purpose, "value": value}
    if text_format:
        body["format"] = text_format
    return body


def annotation_iri(annotation_id: str) -> str:
    """The IRI an annotation id is exported as (``urn:uuid:...`` for newsdesk's UUID ids)."""
    if _UUID_HEX.fullmatch(annotation_id):
        return _UUID_PREFIX + str(uuid.UUID(hex=annotation_id))
    return _NEWSDESK_PREFIX + percent_encode(annotation_id, safe="")


def annotation_id_from_iri(iri: str) -> str:
    """The newsdesk id for an annotation's IRI; the inverse of `annotation_iri`.

    Other tools' IRIs get a UUID derived from the IRI, the same every time.

    Raises:
        ValueError: A ``urn:uuid:`` IRI whose UUID is malformed, or an empty IRI.
    """
    if iri.lower().startswith(_UUID_PREFIX):
        try:
            return uuid.UUID(iri[len(_UUID_PREFIX) :]).hex
        except ValueError:
            raise ValueError(f"id {iri!r} is not a valid urn:uuid") from None
    if iri.startswith(_NEWSDESK_PREFIX) and len(iri) > len(_NEWSDESK_PREFIX):
        return percent_decode(iri[len(_NEWSDESK_PREFIX) :])
    if not iri.strip():
        raise ValueError("id is empty")
    return uuid.uuid5(uuid.NAMESPACE_URL, iri).hex


# --- parsing --------------------------------------------------------------------------------


def parse_web_annotations(data: Any) -> list[ParsedAnnotation]:
    """Read annotations from parsed JSON: a collection, a page, a list or one annotation.

    Args:
        data: What `json.load` returned for a Web Annotation document.

    Returns:
        The annotations in document order.

    Raises:
        ValueError: The data is not of those shapes, or an annotation lacks what newsdesk
            needs (a target with a ``TextQuoteSelector``); the message is one line naming
            the annotation by its position, e.g. ``annotation 3: target has no selector``.
    """
    return [_parse_annotation(item, number) for number, item in enumerate(_items_of(data), start=1)]


def _items_of(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ValueError(
            "expected a Web Annotation, AnnotationPage, AnnotationCollection or a list of "
            f"annotations, not {_json_kind(data)}"
        )
    types = _types(data)
    if "AnnotationCollection" in types:
        first = data.get("first")
        if first is None:
            if data.get("total", 0) not in (0, None):
                raise ValueError("the AnnotationCollection has no 'first' page")
            return []
        return list(_page_items(first))
    if "AnnotationPage" in types:
        return list(_page_items(data))
    if "Annotation" in types or ("target" in data and not types):
        return [data]
    described = f"type {', '.join(sorted(types))}" if types else "no 'type'"
    raise ValueError(
        f"expected a Web Annotation, AnnotationPage or AnnotationCollection, "
        f"got a JSON object with {described}"
    )


def _page_items(page: Any) -> Iterator[Any]:
    """Items of a page and of the pages it links to with ``next``, when they are embedded."""
    for _ in range(MAX_PAGES):
        if isinstance(page, str):
            raise ValueError(
                f"page {page!r} is only linked, not included; export it with pages embedded"
            )
        if not isinstance(page, dict) or "AnnotationPage" not in _types(page):
            raise ValueError(f"expected an AnnotationPage, not {_json_kind(page)}")
        items = page.get("items", [])
        if not isinstance(items, list):
            raise ValueError(f"a page's 'items' must be a list, not {_json_kind(items)}")
        yield from items
        page = page.get("next")
        if page is None:
            return
    raise ValueError(f"more than {MAX_PAGES} pages; is 'next' a cycle?")


def _parse_annotation(item: Any, number: int) -> ParsedAnnotation:
    try:
        return _annotation_fields(item)
    except ValueError as error:
        raise ValueError(f"annotation {number}: {error}") from None


def _annotation_fields(item: Any) -> ParsedAnnotation:
    if not isinstance(item, dict):
        raise ValueError(f"expected a JSON object, not {_json_kind(item)}")
    types = _types(item)
    if types and "Annotation" not in types:
        raise ValueError(f"type is {', '.join(sorted(types))}, not Annotation")
    target = _target_of(item)
    quote, position = _selectors_of(target)
    notes, tags, color = _bodies_of(item)
    created = _optional_str(item, "created") or utc_now()
    source = target.get("source")
    return ParsedAnnotation(
        id=_id_of(item),
        color=color or _style_class_color(target) or Color.YELLOW,
        note="\n\n".join(notes),
        tags=normalize_tags(tags),
        created=created,
        updated=_optional_str(item, "modified") or created,
        quote=quote,
        position=position,
        source=source if isinstance(source, str) else None,
    )


def _id_of(item: Mapping[str, Any]) -> str:
    iri = item.get("id")
    if iri is None:
        # No id (not allowed by the model, but seen): derive one from the content, so that
        # importing the same file again still finds it already there.
        canonical = json.dumps(item, sort_keys=True, ensure_ascii=True, default=str)
        return uuid.UUID(bytes=hashlib.sha256(canonical.encode()).digest()[:16], version=5).hex
    if not isinstance(iri, str):
        raise ValueError(f"'id' must be a string, not {_json_kind(iri)}")
    return annotation_id_from_iri(iri)


def _target_of(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """The target with a selector (the first one, if the annotation has several)."""
    target = item.get("target")
    if target is None:
        raise ValueError("has no 'target'")
    candidates = target if isinstance(target, list) else [target]
    for candidate in candidates:
        if isinstance(candidate, dict) and candidate.get("selector") is not None:
            return candidate
    raise ValueError("target has no selector, so it cannot be placed in the text")


def _selectors_of(
    target: Mapping[str, Any],
) -> tuple[TextQuoteSelector, TextPositionSelector | None]:
    selectors = target["selector"]
    quote: TextQuoteSelector | None = None
    position: TextPositionSelector | None = None
    for selector in selectors if isinstance(selectors, list) else [selectors]:
        if not isinstance(selector, dict):
            continue  # A selector given by reference (an IRI) cannot be used here.
        types = _types(selector)
        if "TextQuoteSelector" in types and quote is None:
            exact = _required_str(selector, "exact")
            if not exact:
                raise ValueError("TextQuoteSelector has an empty 'exact'")
            prefix = _optional_str(selector, "prefix") or ""
            suffix = _optional_str(selector, "suffix") or ""
            quote = TextQuoteSelector(exact, prefix, suffix)
        elif "TextPositionSelector" in types and position is None:
            start, end = _offset(selector, "start"), _offset(selector, "end")
            if end < start:
                raise ValueError(f"TextPositionSelector ends ({end}) before it starts ({start})")
            position = TextPositionSelector(start, end)
    if quote is None:
        raise ValueError("target has no TextQuoteSelector, so it cannot be placed in the text")
    return quote, position


def _bodies_of(item: Mapping[str, Any]) -> tuple[list[str], list[str], Color | None]:
    """Notes, tags and colour from the annotation's bodies (and ``bodyValue``)."""
    notes: list[str] = []
    tags: list[str] = []
    color: Color | None = None
    body_value = _optional_str(item, "bodyValue")
    if body_value:
        notes.append(body_value)
    body = item.get("body")
    for entry in body if isinstance(body, list) else [] if body is None else [body]:
        if not isinstance(entry, dict) or "value" not in entry:
            continue  # External bodies (IRIs, images...) carry nothing newsdesk keeps.
        value = _required_str(entry, "value")
        purposes = _purposes(entry)
        if "classifying" in purposes and value.startswith(COLOR_PREFIX):
            color = _color_named(value[len(COLOR_PREFIX) :]) or color
        elif purposes & {"tagging", "classifying"}:
            tags.append(value)
        elif value:
            notes.append(value)
    return notes, tags, color


def _style_class_color(target: Mapping[str, Any]) -> Color | None:
    style_class = target.get("styleClass")
    if isinstance(style_class, str) and style_class.startswith(STYLE_CLASS_PREFIX):
        return _color_named(style_class[len(STYLE_CLASS_PREFIX) :])
    return None


def _color_named(name: str) -> Color | None:
    try:
        return Color(name.strip().lower())
    except ValueError:
        return None  # Another tool's colour newsdesk does not have: use the default.


def _types(data: Mapping[str, Any]) -> set[str]:
    raw = data.get("type", data.get("@type"))
    names = raw if isinstance(raw, list) else [raw]
    result: set[str] = set()
    for name in names:
        if isinstance(name, str):
            match = _TYPE_NAME.search(name)
            if match:
                result.add(match.group())
    return result


def _purposes(body: Mapping[str, Any]) -> set[str]:
    raw = body.get("purpose")
    names = raw if isinstance(raw, list) else [raw]
    return {name.rsplit(":", 1)[-1] for name in names if isinstance(name, str)}


def _required_str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string, not {_json_kind(value)}")
    return value


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string, not {_json_kind(value)}")
    return value


def _offset(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    # JSON true/false parse as bool, an int subclass; they are a wrong shape, not offsets.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"TextPositionSelector {key!r} must be a whole number >= 0")
    return value


def _json_kind(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return kinds.get(type(value), type(value).__name__)


# --- import ---------------------------------------------------------------------------------


def import_annotations(store: LibraryStore, article: Article, data: Any) -> ImportReport:
    """Add the annotations in `data` to `article` in the library.

    Each is anchored in the article's current text by its quote; one that cannot be found is
    still stored, with its selectors as they were, and counted as an orphan (the app lists
    it when the article is opened). Ids from the file are kept, so an annotation already in
    the library is skipped. An article the library does not know yet is recorded in it.

    Args:
        store: The library.
        article: The article the annotations belong to, with its current text.
        data: Parsed JSON, in any shape `parse_web_annotations` accepts.

    Returns:
        How many were added, skipped as already present, and added as orphans.

    Raises:
        ValueError: The data is malformed (see `parse_web_annotations`); nothing is stored.
    """
    parsed = parse_web_annotations(data)
    if store.get_article(article.id) is None:
        store.open_article(article.id, article.source, article.title, article.fingerprint)
    known = {annotation.id for annotation in store.annotations(article.id)}
    fresh: dict[str, Annotation] = {}
    for record in parsed:
        if record.id not in known and record.id not in fresh:
            fresh[record.id] = record.to_annotation(article.id)
    placed, lost = reanchor_all(article.text, fresh.values())
    # One write for the placed and one for the orphans, so the orphans among those really
    # added are counted exactly; add_many skips ids another process stored meanwhile.
    added_placed = store.add_many(placed)
    added_lost = store.add_many(lost)
    added = added_placed + added_lost
    return ImportReport(added=added, skipped_duplicates=len(parsed) - added, orphans=added_lost)
