"""Escaping user text for CommonMark, and YAML scalars for front matter.

User text (titles, highlights, notes, tags, names) goes through these so that it can only
ever be paragraph text: it never opens a heading, list, code block, HTML, link or emphasis,
and never ends the block quote it sits in. The built-in templates use them as filters, and
user templates can too (`annotations.export.templates`).
"""

from __future__ import annotations

import re
from urllib.parse import quote as percent_encode

# Inline syntax anywhere in a line: code, emphasis, links and images, autolinks and HTML,
# entities, GFM strikethrough and tables, "#" (a closing heading sequence, a tag marker),
# "=" (an Obsidian ==mark==) and "^" (an Obsidian block id at the end of a line).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<&~|#=^])")
# Block syntax that only counts at the start of a line: quotes, bullets, setext underlines.
_LINE_START_SPECIAL = re.compile(r"^([>+\-=])")
# "1." or "1)" starts an ordered list; escaping the "." or ")" makes it plain text.
_ORDERED_MARKER = re.compile(r"^(\d+)([.)])")
_NEWLINES = re.compile(r"\r\n?")
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
#: A CommonMark hard line break: a backslash at the end of a line (editors keep it, unlike
#: two trailing spaces).
HARD_BREAK = "\\\n"


def escape_inline(text: str) -> str:
    """Backslash-escape every character that could start inline Markdown syntax."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line(line: str) -> str:
    """One line of user text as plain paragraph text, wherever in a block it stands.

    Surrounding white space goes: leading spaces would make indented code, trailing ones a
    hard line break (and CommonMark drops both from what it shows anyway).
    """
    escaped = escape_inline(line.strip())
    escaped = _LINE_START_SPECIAL.sub(r"\\\1", escaped)
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped)


def one_line(text: str) -> str:
    """`text` with every run of white space (line breaks included) one space."""
    return " ".join(str(text).split())


def escape_one_line(text: str) -> str:
    """`text` on one line, escaped: for headings, list items and details."""
    return escape_line(one_line(text))


def _escaped_lines(text: str) -> list[str]:
    return [escape_line(line) for line in _NEWLINES.sub("\n", text).split("\n")]


def block_quote(text: str, first_line: str | None = None) -> str:
    """`text` as one block quote; blank lines become empty ``>`` lines inside it.

    Args:
        text: User text, escaped here.
        first_line: Markdown written as is on the quote's first line (an Obsidian callout's
            ``[!type] title``), not escaped.
    """
    lines = _escaped_lines(str(text))
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        lines = ["(empty)"]
    if first_line is not None:
        lines.insert(0, first_line)
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def paragraphs(text: str) -> list[str]:
    """The paragraphs (separated by blank lines) of a note, escaped; none for a blank note.

    A single line break inside a paragraph is kept as a hard line break, so a note written
    on several lines shows on several lines in every renderer.
    """
    chunks = _BLANK_LINES.split(_NEWLINES.sub("\n", str(text)).strip())
    result: list[str] = []
    for chunk in chunks:
        lines = [line for line in _escaped_lines(chunk) if line]
        if lines:
            result.append(HARD_BREAK.join(lines))
    return result


def link_destination(url: str) -> str:
    """`url` as a CommonMark link destination in angle brackets, safe whatever it holds."""
    # Characters that could end or break the destination are percent-encoded; "%" is kept so
    # an address already encoded is not encoded twice.
    return "<" + percent_encode(url, safe="!#$%&'()*+,/:;=?@[]~-._") + ">"


# --- YAML scalars -----------------------------------------------------------------------------

# Outside YAML's printable set, line breaks YAML 1.1 readers fold (NEL, LS, PS), the BOM, and
# the quoting characters themselves.
_YAML_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]')
_YAML_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def yaml_string(value: object) -> str:
    """`value` as a double-quoted YAML scalar on one line, read back exactly by any parser."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in _YAML_SHORT_ESCAPES:
            return _YAML_SHORT_ESCAPES[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return '"' + _YAML_ESCAPE.sub(escape, str(value)) + '"'
