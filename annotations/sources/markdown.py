"""Build an article from Markdown: the reader's text with the markup taken out.

The article's `text` is what the reader shows: inline markup is dropped (emphasis markers,
link syntax, code-span backticks, inline HTML tags), images become their alt text and
entities are decoded. Blocks are joined by a blank line ("\\n\\n"); soft and hard line
breaks inside a block become "\\n". Offsets of highlights therefore address the shown text,
not the Markdown source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotations.article.model import (
    Article,
    BlockKind,
    BlockText,
    article_from_blocks,
    join_blocks,
)

#: What joins the cells of a table row.
CELL_SEPARATOR = " | "

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
# Inline tokens whose text is shown as is.
_TEXT_TOKENS = frozenset({"text", "text_special", "code_inline"})
_BREAK_TOKENS = frozenset({"softbreak", "hardbreak"})


@cache
def _parser() -> MarkdownIt:
    # html=True so inline HTML arrives as html_inline tokens, which are dropped, instead of
    # being escaped into the text.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def article_from_markdown(text: str, *, source: str, source_key: str) -> Article:
    """Build an article from Markdown.

    Headings become HEADING blocks with their level; a first-block H1 (or a front-matter
    ``title:``) becomes the TITLE. Paragraphs inside block quotes become QUOTE, list items
    LIST_ITEM with their nesting depth and, in ordered lists, their number. Code blocks are
    PARAGRAPHs with their text as is; each table row is a PARAGRAPH of its cells.

    Args:
        text: The Markdown source.
        source: Where the text came from, for display.
        source_key: The identity of the source, from which the article id is derived.

    Returns:
        The article; ``meta["format"]`` is ``"markdown"``.
    """
    fields, body = _split_front_matter(text)
    pieces = _Collector().collect(_parser().parse(body))
    pieces = _with_title(pieces, fields.get("title"))
    article_text, blocks = join_blocks(pieces)
    return article_from_blocks(
        article_text,
        blocks,
        source=source,
        source_key=source_key,
        text_format="markdown",
        byline=fields.get("author") or None,
        date=fields.get("date") or None,
    )


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` fields of a leading YAML front matter, and the rest of the text."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    fields: dict[str, str] = {}
    for key, value in _FRONT_MATTER_FIELD.findall(match.group(1)):
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        fields.setdefault(key.lower(), value)
    return fields, text[match.end() :]


def _with_title(pieces: list[BlockText], front_matter_title: str | None) -> list[BlockText]:
    first = pieces[0] if pieces else None
    first_is_h1 = first is not None and first.kind is BlockKind.HEADING and first.level == 1
    if front_matter_title:
        if first is not None and first_is_h1 and first.text.strip() == front_matter_title:
            return [BlockText(BlockKind.TITLE, first.text), *pieces[1:]]
        return [BlockText(BlockKind.TITLE, front_matter_title), *pieces]
    if first is not None and first_is_h1:
        return [BlockText(BlockKind.TITLE, first.text), *pieces[1:]]
    return pieces


@dataclass
class _ListItem:
    level: int
    number: int | None
    #: Whether the item's first block has been emitted (later ones are continuation blocks).
    started: bool = False


@dataclass
class _Collector:
    """Walks markdown-it's token stream and collects the shown blocks in order."""

    pieces: list[BlockText] = field(default_factory=list)
    list_ordered: list[bool] = field(default_factory=list)
    items: list[_ListItem] = field(default_factory=list)
    quote_depth: int = 0
    row_cells: list[str] | None = None

    def collect(self, tokens: Sequence[Token]) -> list[BlockText]:
        for index, token in enumerate(tokens):
            self._visit(token, tokens[index - 1] if index else None)
        return self.pieces

    def _visit(self, token: Token, previous: Token | None) -> None:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.list_ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.list_ordered.pop()
        elif kind == "list_item_open":
            ordered = bool(self.list_ordered) and self.list_ordered[-1]
            number = int(token.info) if ordered and token.info.isdigit() else None
            self.items.append(_ListItem(len(self.list_ordered), number))
        elif kind == "list_item_close":
            self.items.pop()
        elif kind == "blockquote_open":
            self.quote_depth += 1
        elif kind == "blockquote_close":
            self.quote_depth -= 1
        elif kind == "tr_open":
            self.row_cells = []
        elif kind == "tr_close":
            self._add(BlockKind.PARAGRAPH, CELL_SEPARATOR.join(self.row_cells or []))
            self.row_cells = None
        elif kind in ("fence", "code_block"):
            self._add(BlockKind.PARAGRAPH, token.content.rstrip("\n"), strip=False)
        elif kind == "inline":
            self._inline(token, previous)

    def _inline(self, token: Token, previous: Token | None) -> None:
        shown = _render_inline(token.children or [])
        if self.row_cells is not None:
            self.row_cells.append(shown.strip())
        elif previous is not None and previous.type == "heading_open":
            self._add(BlockKind.HEADING, shown, level=int(previous.tag[1:]))
        elif self.items and not self.items[-1].started:
            item = self.items[-1]
            item.started = True
            self._add(BlockKind.LIST_ITEM, shown, level=item.level, number=item.number)
        elif self.quote_depth:
            self._add(BlockKind.QUOTE, shown)
        else:
            self._add(BlockKind.PARAGRAPH, shown)

    def _add(
        self,
        kind: BlockKind,
        text: str,
        *,
        level: int = 0,
        number: int | None = None,
        strip: bool = True,
    ) -> None:
        if strip:
            text = text.strip()
        # An image without alt text or a paragraph of HTML tags shows nothing: no block.
        if text.strip():
            self.pieces.append(BlockText(kind, text, level, number))


def _render_inline(children: Sequence[Token]) -> str:
    """The shown text of an inline token's children, markup removed."""
    parts: list[str] = []
    for child in children:
        if child.type in _TEXT_TOKENS:
            parts.append(child.content)
        elif child.type in _BREAK_TOKENS:
            parts.append("\n")
        elif child.type == "image":
            parts.append(_render_inline(child.children or []))
    return "".join(parts)
