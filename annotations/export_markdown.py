"""Export an article's highlights, notes, quotations and entities as a Markdown document.

The document is CommonMark with YAML front matter::

    ---
    title: "..."              every value a double-quoted YAML string or a number
    ...
    ---

    # <title>

    ## Highlights
    > <highlighted text, every line prefixed>

    <note paragraphs>

    Tags: #a #b · Colour: yellow · paragraph 3

    ## Could not be placed      (highlights whose text is no longer in the article)
    ## Quotations               (a list: speaker, quoted words)
    ## Entities                 (### People, ### Organisations...: names with mention counts)

User text (titles, highlights, notes, tags, names) is escaped so that it can only ever be
paragraph text: it never opens a heading, list, code block, HTML, link or emphasis, and never
ends the block quote it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Protocol

from annotations.anchoring import reanchor_all
from annotations.article import Article
from annotations.entities.model import Entity, EntityType
from annotations.model import Annotation, normalize_tags


class QuoteLike(Protocol):
    """What the export needs of a quotation (`annotations.quotes.model.Quote` fits)."""

    @property
    def text(self) -> str: ...

    @property
    def speaker(self) -> str | None: ...


#: Entity groups in the order they are written, with their section titles.
ENTITY_SECTIONS: tuple[tuple[EntityType, str], ...] = (
    (EntityType.PERSON, "People"),
    (EntityType.ORG, "Organisations"),
    (EntityType.PLACE, "Places"),
    (EntityType.OTHER, "Other"),
)
UNATTRIBUTED = "Unattributed"
SEPARATOR = " · "


def to_markdown(
    article: Article,
    annotations: Iterable[Annotation],
    *,
    orphans: Iterable[Annotation] = (),
    quotes: Iterable[QuoteLike] = (),
    entities: Iterable[Entity] = (),
    exported_at: datetime | None = None,
) -> str:
    """The article's annotations as a Markdown document (see the module docstring).

    Args:
        article: The article, with its current text.
        annotations: Its highlights as stored. Each is anchored in the current text first, so
            stale positions are fine; those that cannot be found are listed under
            "Could not be placed" with their stored quote.
        orphans: Highlights the caller already knows could not be placed.
        quotes: Quotations found in the article, in reading order.
        entities: Named entities found in the article.
        exported_at: When the export was made (default: now); naive times are taken as UTC.

    Returns:
        The document, ending with one newline.
    """
    placed, lost = reanchor_all(article.text, annotations)
    placed.sort(key=lambda item: (item.start, item.end, item.created, item.id))
    lost = _unique([*lost, *orphans])
    every = [*placed, *lost]
    when = _utc_stamp(exported_at or datetime.now(UTC))

    parts = [
        _front_matter(article, every, len(lost), when),
        "# " + _escape_line(" ".join(article.title.split()) or "Untitled"),
        _highlights_section(article, placed),
    ]
    if lost:
        parts.append(_orphans_section(lost))
    quote_list = list(quotes)
    if quote_list:
        parts.append(_quotations_section(quote_list))
    entity_list = list(entities)
    if entity_list:
        parts.append(_entities_section(entity_list))
    return "\n\n".join(parts) + "\n"


# --- sections -------------------------------------------------------------------------------


def _front_matter(article: Article, every: Sequence[Annotation], lost: int, when: str) -> str:
    tags = normalize_tags(tag for annotation in every for tag in annotation.tags)
    fields = [
        ("title", _yaml_string(article.title)),
        ("source", _yaml_string(article.source)),
        ("article_id", _yaml_string(article.id)),
    ]
    for key, value in (("byline", article.byline), ("published", article.date)):
        if value:
            fields.append((key, _yaml_string(value)))
    fields += [
        ("exported", _yaml_string(when)),
        ("highlights", str(len(every))),
        ("notes", str(sum(1 for annotation in every if annotation.has_note))),
        ("could_not_be_placed", str(lost)),
    ]
    lines = ["---", *(f"{key}: {value}" for key, value in fields)]
    if tags:
        lines.append("tags:")
        lines.extend(f"  - {_yaml_string(tag)}" for tag in tags)
    else:
        lines.append("tags: []")
    lines.append("---")
    return "\n".join(lines)


def _highlights_section(article: Article, placed: Sequence[Annotation]) -> str:
    parts = ["## Highlights"]
    if not placed:
        parts.append("No highlights.")
    for annotation in placed:
        text = article.text[annotation.start : annotation.end]
        parts.append(_annotation_entry(annotation, text, _where(article, annotation)))
    return "\n\n".join(parts)


def _orphans_section(lost: Sequence[Annotation]) -> str:
    parts = [
        "## Could not be placed",
        "The text of these highlights is no longer in the article; this is what they said.",
    ]
    parts.extend(
        _annotation_entry(annotation, annotation.quote.exact, "not found in the current text")
        for annotation in lost
    )
    return "\n\n".join(parts)


def _annotation_entry(annotation: Annotation, text: str, where: str) -> str:
    parts = [_block_quote(text)]
    parts.extend(_paragraphs(annotation.note))
    details = [f"Colour: {annotation.color.value}", where]
    if annotation.tags:
        details.insert(0, "Tags: " + " ".join(_hashtag(tag) for tag in annotation.tags))
    parts.append(SEPARATOR.join(details))
    return "\n\n".join(parts)


def _quotations_section(quotes: Sequence[QuoteLike]) -> str:
    items = [
        f"- {_escape_line(_one_line(quote.speaker or '') or UNATTRIBUTED)}: "
        f"“{_escape_inline(_one_line(quote.text))}”"
        for quote in quotes
    ]
    return "## Quotations\n\n" + "\n".join(items)


def _entities_section(entities: Sequence[Entity]) -> str:
    parts = ["## Entities"]
    for entity_type, heading in ENTITY_SECTIONS:
        group = [entity for entity in entities if EntityType(entity.type) is entity_type]
        if not group:
            continue
        group.sort(key=lambda entity: (-entity.count, entity.name.casefold(), entity.name))
        items = [
            f"- {_escape_line(_one_line(entity.name) or '?')}{SEPARATOR}"
            f"{entity.count} mention{'' if entity.count == 1 else 's'}"
            for entity in group
        ]
        parts.append(f"### {heading}\n\n" + "\n".join(items))
    return "\n\n".join(parts)


def _where(article: Article, annotation: Annotation) -> str:
    """Where a highlight is: "paragraph 3" or "paragraphs 3–4", blocks counted from 1."""
    if not article.blocks:
        return "the article"
    covered = article.block_spans.overlapping(annotation.start, annotation.end)
    if len(covered) == 0:
        # An empty highlight, or one in the gap between blocks: name the block before it.
        first = last = article.block_index_at(annotation.start)
    else:
        first, last = covered[0], covered[-1]
    if first == last:
        return f"paragraph {first + 1}"
    return f"paragraphs {first + 1}–{last + 1}"


def _unique(annotations: Iterable[Annotation]) -> list[Annotation]:
    seen: set[str] = set()
    result: list[Annotation] = []
    for annotation in annotations:
        if annotation.id not in seen:
            seen.add(annotation.id)
            result.append(annotation)
    return result


def _utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- Markdown escaping ----------------------------------------------------------------------

# Inline syntax anywhere in a line: code, emphasis, links and images, autolinks and HTML,
# entities, GFM strikethrough and tables, and "#" (a closing heading sequence, a tag marker).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<&~|#])")
# Block syntax that only counts at the start of a line: quotes, bullets, setext underlines.
_LINE_START_SPECIAL = re.compile(r"^([>+\-=])")
# "1." or "1)" starts an ordered list; escaping the "." or ")" makes it plain text.
_ORDERED_MARKER = re.compile(r"^(\d+)([.)])")
_NEWLINES = re.compile(r"\r\n?")
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")


def _escape_inline(text: str) -> str:
    """Backslash-escape every character that could start inline Markdown syntax."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_line(line: str) -> str:
    """One line of user text as plain paragraph text, wherever in a block it stands.

    Surrounding white space goes: leading spaces would make indented code, trailing ones a
    hard line break (and CommonMark drops both from what it shows anyway).
    """
    escaped = _escape_inline(line.strip())
    escaped = _LINE_START_SPECIAL.sub(r"\\\1", escaped)
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped)


def _escaped_lines(text: str) -> list[str]:
    return [_escape_line(line) for line in _NEWLINES.sub("\n", text).split("\n")]


def _block_quote(text: str) -> str:
    """`text` as one block quote; blank lines become empty ``>`` lines inside it."""
    lines = _escaped_lines(text)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        return "> (empty)"
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def _paragraphs(text: str) -> list[str]:
    """The paragraphs (separated by blank lines) of a note, escaped; none for a blank note."""
    chunks = _BLANK_LINES.split(_NEWLINES.sub("\n", text).strip())
    result: list[str] = []
    for chunk in chunks:
        lines = [line for line in _escaped_lines(chunk) if line]
        if lines:
            result.append("\n".join(lines))
    return result


def _hashtag(tag: str) -> str:
    return "#" + _escape_inline("-".join(tag.split()))


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- YAML scalars ---------------------------------------------------------------------------

# Outside YAML's printable set, line breaks YAML 1.1 readers fold (NEL, LS, PS), the BOM, and
# the quoting characters themselves.
_YAML_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]')
_YAML_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _yaml_string(value: str) -> str:
    """`value` as a double-quoted YAML scalar on one line, read back exactly by any parser."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in _YAML_SHORT_ESCAPES:
            return _YAML_SHORT_ESCAPES[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return '"' + _YAML_ESCAPE.sub(escape, value) + '"'


def highlight_markdown(article: Article, annotation: Annotation) -> str:
    """One highlight on its own, as copied to the clipboard: quote, note, tags, and the source."""
    text = article.text[annotation.start : annotation.end]
    entry = _annotation_entry(annotation, text, _where(article, annotation))
    title = _escape_inline(_one_line(article.title))
    return f"{entry}\n\nFrom: {title} ({_escape_inline(_one_line(article.source))})\n"
