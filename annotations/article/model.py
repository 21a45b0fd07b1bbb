"""The article model: one text, kept character for character, and its structure as offsets.

Everything else in newsdesk (the reader, highlights, entities, quotes, export) addresses the
article by character offsets into `Article.text`, so that text is never normalised inside a
block: what the source says is what the offsets point at.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from annotations.article.spans import Spans

#: A first line at most this long, followed by a blank line, is taken as the title.
TITLE_MAX_CHARS = 150
#: Derived titles are cut to about this many characters, at a word boundary.
DERIVED_TITLE_CHARS = 80


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list_item"


#: Kinds by value: a dict look-up is 5x faster than `BlockKind(value)` over 200,000 blocks.
_KINDS = {kind.value: kind for kind in BlockKind}


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the article as the half-open range ``[start, end)`` of `Article.text`."""

    kind: BlockKind
    start: int
    end: int
    #: Heading level (1-6) or list nesting depth (1 = top level); 0 otherwise.
    level: int = 0
    #: For ordered list items, the item's number; None otherwise.
    number: int | None = None


@dataclass(frozen=True)
class Article:
    """An article's text and structure.

    `blocks` are in reading order and do not overlap; the text between them (blank lines,
    Markdown separators) belongs to no block.
    """

    text: str
    blocks: tuple[Block, ...]
    title: str
    source: str
    #: Stable identity of the article, derived from where it came from (see `article_id`).
    id: str
    byline: str | None = None
    date: str | None = None
    site: str | None = None
    #: Free-form facts about how the article was read (format, encoding), for display.
    meta: dict[str, str] = field(default_factory=dict, compare=False)

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the text: it changes whenever any character of the article changes."""
        return text_fingerprint(self.text)

    @cached_property
    def block_spans(self) -> Spans:
        return Spans((block.start, block.end) for block in self.blocks)

    @cached_property
    def words(self) -> Spans:
        """Word spans (letters, digits and word-internal punctuation), in order."""
        from annotations.article.segmentation import split_words

        return split_words(self.text, self.blocks)

    @cached_property
    def sentences(self) -> Spans:
        """Sentence spans, never crossing a block boundary."""
        from annotations.article.segmentation import split_sentences

        return split_sentences(self.text, self.blocks)

    def word_at(self, offset: int) -> tuple[int, int]:
        """The word containing `offset`, else the next word, else a one-character span.

        Before `words` has been computed (a long text's first frame), only `offset`'s line
        is scanned, rather than splitting the whole text first.
        """
        words: Spans | None = self.__dict__.get("words")
        if words is None:
            from annotations.article.segmentation import word_near

            span = word_near(self.text, offset)
        else:
            index = words.index_at(offset)
            if index is None:
                following = words.next_start(offset)
                index = None if following is None else words.index_at(following)
            span = None if index is None else words[index]
        return span if span is not None else (offset, min(offset + 1, len(self.text)))

    def block_at(self, offset: int) -> Block | None:
        index = self.block_spans.index_at(offset)
        return None if index is None else self.blocks[index]

    def block_index_at(self, offset: int) -> int:
        """Index of the block containing `offset`, or the nearest block before it."""
        return self.block_spans.index_at_or_before(offset)


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def article_id(source_key: str) -> str:
    """A stable id from the identity of a source (a resolved path, a URL, ``seed:NAME``).

    The id depends on where an article came from and not on its text, so that an article
    whose text has changed a little is still the same article and keeps its highlights.
    """
    return hashlib.sha256(source_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_LINE = re.compile(r"[^\n]+")
#: Hard-wrapped text keeps lines shorter than this; a block with a longer inner line holds
#: one paragraph per line (text pasted from a web page, with blank lines only here and there).
WRAP_WIDTH = 100
# A title is a headline, not a sentence: it does not end like one ("?" and "!" are allowed).
_SENTENCE_ENDING = re.compile(r"[.,;:][\"'”’)\]]*$")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraph_ranges(text: str) -> tuple[list[tuple[int, int]], bool]:
    """Untrimmed paragraph ranges, and whether blank lines separate paragraphs."""
    if _BLANK_LINE.search(text.strip("\n")) is None:
        return [(m.start(), m.end()) for m in _LINE.finditer(text)], False
    ranges: list[tuple[int, int]] = []
    position = 0
    for gap in [*_BLANK_LINE.finditer(text), None]:
        chunk_end = len(text) if gap is None else gap.start()
        lines = [(m.start(), m.end()) for m in _LINE.finditer(text, position, chunk_end)]
        if any(end - start > WRAP_WIDTH for start, end in lines[:-1]):
            ranges.extend(lines)
        else:
            ranges.append((position, chunk_end))
        if gap is not None:
            position = gap.end()
    return ranges, True


def _looks_like_title(line: str, *, followed_by_more: bool) -> bool:
    return (
        followed_by_more
        and "\n" not in line
        and len(line) <= TITLE_MAX_CHARS
        and _SENTENCE_ENDING.search(line) is None
    )


def plain_text_blocks(text: str) -> tuple[list[Block], bool]:
    """Split plain text into blocks.

    Paragraphs are separated by blank lines, and the line breaks of a hard-wrapped paragraph
    stay inside it. A text with no blank line has one paragraph per line, and so does a
    blank-line-separated chunk whose lines are longer than `WRAP_WIDTH` (not wrapped by hand).
    A short first line that does not end like a sentence becomes the title block.

    Returns the blocks and whether the first block is a title taken from the text.
    """
    ranges, _ = _paragraph_ranges(text)
    blocks: list[Block] = []
    for start, end in ranges:
        start, end = _trimmed(text, start, end)
        if start < end:
            blocks.append(Block(BlockKind.PARAGRAPH, start, end))

    titled = False
    if blocks:
        first = blocks[0]
        if _looks_like_title(text[first.start : first.end], followed_by_more=len(blocks) > 1):
            blocks[0] = Block(BlockKind.TITLE, first.start, first.end)
            titled = True
    return blocks, titled


def derive_title(text: str, blocks: Sequence[Block]) -> str:
    """A title for an article that has none: its first sentence, cut to a readable length."""
    from annotations.article.segmentation import split_sentences

    if not blocks:
        return "Untitled"
    sentences = split_sentences(text, blocks[:1])
    start, end = sentences[0] if len(sentences) else (blocks[0].start, blocks[0].end)
    line = " ".join(text[start:end].split())
    if len(line) <= DERIVED_TITLE_CHARS:
        return line
    cut = line.rfind(" ", 0, DERIVED_TITLE_CHARS)
    return line[: cut if cut > 0 else DERIVED_TITLE_CHARS].rstrip(",;:-–— ") + "…"


#: What separates two blocks in the text of an article read from Markdown or HTML.
BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class BlockText:
    """One block's shown text, before the blocks are joined into an article's text."""

    kind: BlockKind
    text: str
    level: int = 0
    number: int | None = None


def join_blocks(pieces: Sequence[BlockText]) -> tuple[str, tuple[Block, ...]]:
    """Join blocks' texts with `BLOCK_SEPARATOR`, recording where each block lies."""
    parts: list[str] = []
    blocks: list[Block] = []
    position = 0
    for piece in pieces:
        if parts:
            parts.append(BLOCK_SEPARATOR)
            position += len(BLOCK_SEPARATOR)
        parts.append(piece.text)
        end = position + len(piece.text)
        blocks.append(Block(piece.kind, position, end, piece.level, piece.number))
        position = end
    return "".join(parts), tuple(blocks)


def title_of(text: str, blocks: Sequence[Block]) -> str:
    """The text of the title block on one line, or a title derived from the first sentence."""
    if blocks and blocks[0].kind is BlockKind.TITLE:
        return " ".join(text[blocks[0].start : blocks[0].end].split())
    return derive_title(text, blocks)


def article_from_blocks(
    text: str,
    blocks: Sequence[Block],
    *,
    source: str,
    source_key: str,
    text_format: str,
    byline: str | None = None,
    date: str | None = None,
) -> Article:
    """An article titled by its title block (else its first sentence), its id from
    `source_key`, ``meta["format"]`` the format it was read as."""
    return Article(
        text=text,
        blocks=tuple(blocks),
        title=title_of(text, blocks),
        source=source,
        id=article_id(source_key),
        byline=byline,
        date=date,
        meta={"format": text_format},
    )


def article_from_plain_text(text: str, *, source: str, source_key: str) -> Article:
    """Build an article from plain text; `text` is kept exactly as given."""
    blocks, _titled = plain_text_blocks(text)
    return article_from_blocks(
        text, blocks, source=source, source_key=source_key, text_format="text"
    )


def article_to_dict(article: Article) -> dict[str, object]:
    """The article as plain JSON-able data (the library keeps it so articles reopen offline)."""
    return {
        "text": article.text,
        "blocks": [
            [block.kind.value, block.start, block.end, block.level, block.number]
            for block in article.blocks
        ],
        "title": article.title,
        "source": article.source,
        "id": article.id,
        "byline": article.byline,
        "date": article.date,
        "site": article.site,
        "meta": dict(article.meta),
    }


def article_from_dict(data: dict[str, object]) -> Article:
    """Rebuild an article from `article_to_dict`; raises ValueError on a bad shape."""
    try:
        text = data["text"]
        raw_blocks = data["blocks"]
        if not isinstance(text, str) or not isinstance(raw_blocks, list):
            raise ValueError("text or blocks of the wrong type")
        blocks = tuple(
            Block(_KINDS[kind], int(start), int(end), int(level), number)
            for kind, start, end, level, number in raw_blocks
        )
        if any(not 0 <= b.start <= b.end <= len(text) for b in blocks):
            raise ValueError("a block lies outside the text")
        meta = data.get("meta") or {}
        if not isinstance(meta, dict):
            raise ValueError("meta is not a mapping")

        def optional(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        return Article(
            text=text,
            blocks=blocks,
            title=str(data["title"]),
            source=str(data["source"]),
            id=str(data["id"]),
            byline=optional("byline"),
            date=optional("date"),
            site=optional("site"),
            meta={str(k): str(v) for k, v in meta.items()},
        )
    except (KeyError, TypeError) as error:  # _KINDS[kind]: an unknown kind is a KeyError
        raise ValueError(f"not a kept article: {error}") from error
