"""Read a web page into an `Article`: decode it, find the main article, keep its structure.

trafilatura does the hard part (telling the article from menus, cookie banners, related links,
comments and footers) and hands back a small XML tree (``head``, ``p``, ``quote``, ``list`` /
``item``, ``table`` / ``row`` / ``cell``, ``lb``). This module walks that tree into the
block model of `annotations.article.model`: one block per paragraph, heading, quoted paragraph or
list item, joined by blank lines, with a TITLE block first.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from annotations.article.model import (
    Article,
    Block,
    BlockKind,
    BlockText,
    article_id,
    derive_title,
    join_blocks,
)
from annotations.errors import NewsdeskError
from annotations.sources.html_large_page import LargePage
from annotations.sources.load import NOTICE_META

#: The start of a page that is searched for a ``<meta charset>`` (the HTML spec says 1024).
META_CHARSET_SCAN_BYTES = 4096
#: Below this many characters of paragraph text, a page is not taken as an article.
MIN_ARTICLE_CHARS = 200
#: A leading paragraph this short that names the author is a byline line, not article text.
BYLINE_LINE_MAX_CHARS = 120
#: How many leading blocks are searched for such a byline line.
BYLINE_LINE_SEARCH_BLOCKS = 2
#: Cells of a table row are joined by this, so a row reads as one line.
TABLE_CELL_SEPARATOR = " | "

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:+-]+)""")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_HEADING_LEVEL = re.compile(r"h([1-6])")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as windows-1252 (WHATWG Encoding); latin-1 pages that use curly
# quotes are in fact windows-1252 and would otherwise decode to control characters.
_WINDOWS_1252_ALIASES = frozenset({"iso8859-1", "ascii"})


class ExtractionError(NewsdeskError, ValueError):
    """The page has no article in it (a home page, a login form, an error page)."""


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """A page's text and the encoding it was read with (a Python codec name)."""

    text: str
    encoding: str


def _codec_name(label: str | None) -> str | None:
    """Python's name for a charset label, or None when Python has no such codec."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252_ALIASES else name


def _declared_in_page(data: bytes) -> str | None:
    """The charset named by ``<?xml encoding>``, ``<meta charset>`` or an http-equiv tag."""
    head = data[:META_CHARSET_SCAN_BYTES]
    match = _XML_ENCODING.match(head.lstrip()) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _detected(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else best.encoding


def decode_page(data: bytes, declared_charset: str | None = None) -> DecodedPage:
    """Decode a page's bytes.

    The order is a byte-order mark, then the charset the server declared, then the one the
    page declares in its ``<meta>``, then detection. A declared charset the bytes do not decode
    with is skipped, since servers and pages often lie; as a last resort UTF-8 with
    replacement characters keeps whatever can be read.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedPage(data.decode(encoding), "utf-8" if encoding == "utf-8" else encoding)
    tried: set[str] = set()
    for label in (declared_charset, _declared_in_page(data)):
        codec = _codec_name(label)
        if codec is None or codec in tried:
            continue
        tried.add(codec)
        # A page declaring UTF-16 in its (ASCII-readable) meta tag cannot really be UTF-16.
        if codec.startswith(("utf-16", "utf-32")):
            continue
        try:
            return DecodedPage(data.decode(codec), _display_name(codec))
        except UnicodeDecodeError:
            continue
    try:
        return DecodedPage(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    codec = _codec_name(_detected(data))
    if codec is not None:
        try:
            return DecodedPage(data.decode(codec), _display_name(codec))
        except UnicodeDecodeError:
            pass
    return DecodedPage(data.decode("utf-8", errors="replace"), "utf-8")


def _display_name(codec: str) -> str:
    """The usual web name of a Python codec (``cp1252`` -> ``windows-1252``)."""
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    return codec.replace("_", "-")


# --- Walking trafilatura's XML into blocks -------------------------------------------------


def _inline_text(element: Any, *, skip: frozenset[str] = frozenset()) -> str:
    """The text of an element with white space collapsed and ``<lb>`` kept as a line break."""
    if len(element) == 0 and element.tag not in skip and element.tag != "lb":
        raw = element.text or ""
        if "\n" not in raw:  # one line, no children: most paragraphs, read at a third the cost
            return _norm(raw)
    parts: list[str] = []

    def walk(node: Any, with_tail: bool) -> None:
        if node.tag in skip:
            if with_tail and node.tail:
                parts.append(node.tail)
            return
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child, True)
        if with_tail and node.tail:
            parts.append(node.tail)

    walk(element, False)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _heading_level(element: Any) -> int:
    match = _HEADING_LEVEL.fullmatch(str(element.get("rend", "")))
    return int(match.group(1)) if match else 2


def _list_blocks(element: Any, depth: int, in_quote: bool) -> Iterator[BlockText]:
    ordered = element.get("rend") == "ol"
    number = 0
    for item in element:
        if item.tag != "item":
            yield from _blocks(item, in_quote)
            continue
        number += 1
        text = _inline_text(item, skip=frozenset({"list"}))
        if text:
            yield BlockText(BlockKind.LIST_ITEM, text, depth, number if ordered else None)
        for nested in item.iter("list"):
            # Only lists directly inside this item; deeper ones are reached by recursion.
            if nested.getparent() is item:
                yield from _list_blocks(nested, depth + 1, in_quote)


def _blocks(element: Any, in_quote: bool = False) -> Iterator[BlockText]:
    """The blocks under one element of trafilatura's output, in reading order."""
    tag = element.tag
    paragraph = BlockKind.QUOTE if in_quote else BlockKind.PARAGRAPH
    if tag == "head":
        text = _inline_text(element)
        if text:
            yield BlockText(BlockKind.HEADING, text, _heading_level(element))
    elif tag == "list":
        yield from _list_blocks(element, 1, in_quote)
    elif tag == "quote":
        yield from _container_blocks(element, in_quote=True)
    elif tag == "table":
        for row in element.iter("row"):
            cells = (_inline_text(cell) for cell in row if cell.tag == "cell")
            text = TABLE_CELL_SEPARATOR.join(cell for cell in cells if cell)
            if text:
                yield BlockText(paragraph, text)
    elif tag in {"graphic", "ref"} and not (element.text or "").strip():
        return
    elif tag in {"div", "body", "doc"}:
        yield from _container_blocks(element, in_quote)
    elif tag == "code":
        # Code keeps its own lines and indentation.
        text = "".join(element.itertext()).strip("\n")
        if text.strip():
            yield BlockText(paragraph, text)
    else:
        text = _inline_text(element)
        if text:
            yield BlockText(paragraph, text)


_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "div", "code"})


def _container_blocks(element: Any, in_quote: bool) -> Iterator[BlockText]:
    """Blocks of an element whose children may be blocks or loose inline text."""
    has_block_children = any(child.tag in _BLOCK_TAGS for child in element)
    if not has_block_children:
        text = _inline_text(element)
        if text:
            yield BlockText(BlockKind.QUOTE if in_quote else BlockKind.PARAGRAPH, text)
        return
    loose = (element.text or "").strip()
    if loose:
        yield BlockText(BlockKind.QUOTE if in_quote else BlockKind.PARAGRAPH, _norm(loose))
    for child in element:
        yield from _blocks(child, in_quote)
        tail = (child.tail or "").strip()
        if tail:
            yield BlockText(BlockKind.QUOTE if in_quote else BlockKind.PARAGRAPH, _norm(tail))


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _same_text(a: str, b: str) -> bool:
    return _norm(a).casefold() == _norm(b).casefold()


def _is_article_like(raw: list[BlockText]) -> bool:
    prose = sum(
        len(block.text)
        for block in raw
        if block.kind in {BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM}
        and " " in block.text
    )
    return prose >= MIN_ARTICLE_CHARS


def _without_byline_line(raw: list[BlockText], author: str | None) -> list[BlockText]:
    """Drop a short leading "By NAME, DATE" paragraph: the byline is kept as metadata."""
    if not author:
        return raw
    name = _norm(author).casefold()
    for index, block in enumerate(raw[:BYLINE_LINE_SEARCH_BLOCKS]):
        short = len(block.text) <= BYLINE_LINE_MAX_CHARS
        if block.kind is BlockKind.PARAGRAPH and short and name in block.text.casefold():
            return raw[:index] + raw[index + 1 :]
    return raw


def _extract(html: str, url: str | None) -> Any:
    """Run trafilatura; returns its Document or None (a very large page is read linearly)."""
    from annotations.sources.html_large_page import is_large_page, read_large_page

    if is_large_page(html):
        return read_large_page(html)
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )


def article_from_html(
    data: bytes | str,
    *,
    source: str,
    source_key: str,
    declared_charset: str | None = None,
    url: str | None = None,
) -> Article:
    """Build an article from a web page.

    Args:
        data: The page, as bytes from the network or disk, or as already decoded text.
        source: Where the page came from, for display (a URL or a path).
        source_key: The identity of the source the article id is derived from.
        declared_charset: The charset the server named in its Content-Type header, if any.
        url: The page's address, which helps trafilatura with metadata and relative links.

    Raises:
        ExtractionError: The page holds nothing that reads like an article.
    """
    if isinstance(data, bytes):
        decoded = decode_page(data, declared_charset)
        html, meta = decoded.text, {"format": "html", "encoding": decoded.encoding}
    else:
        html, meta = data, {"format": "html"}
    if not html.strip():
        raise ExtractionError("the page is empty")
    document = _extract(html, url)
    body = None if document is None else document.body
    raw = [] if body is None else list(_blocks(body))
    if not _is_article_like(raw):
        raise ExtractionError("no article text found on the page")

    author = _norm(document.author or "") or None
    raw = _without_byline_line(raw, author)
    title = _norm(document.title or "")
    first = raw[0]
    if first.kind is BlockKind.HEADING and (not title or _same_text(first.text, title)):
        # The page's own headline repeats the title: it becomes the TITLE block instead.
        title = title or _norm(first.text)
        raw = raw[1:]
    if not title:
        title = derive_title(first.text, [Block(first.kind, 0, len(first.text))])
    text, blocks = join_blocks([BlockText(BlockKind.TITLE, title), *raw])
    if isinstance(document, LargePage):
        meta[NOTICE_META] = (
            f"A very large page ({len(blocks):,} blocks): read without trafilatura's "
            "clean-up, so a menu or footer may show in the text."
        )
    return Article(
        text=text,
        blocks=blocks,
        title=title,
        source=source,
        id=article_id(source_key),
        byline=author,
        date=document.date or None,
        site=_norm(document.sitename or "") or None,
        meta=meta,
    )
