"""Guess whether a text with no file name or content type (stdin) is HTML, Markdown or plain.

Only texts whose name says nothing are sniffed (stdin, URLs served as text, unknown
extensions): a ``.txt`` file is plain text character for character, whatever it looks like.

Only the start of the text is looked at: a page declares itself early, and a Markdown
document shows its headings, lists and links in its first screens. This is the one place
that decides whether a text is Markdown; the sources and fetch layers ask it.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Literal

Format = Literal["html", "markdown", "text"]

#: How much of the text the HTML test looks at.
SNIFF_CHARS = 8192
#: How much of the text the Markdown test looks at (a long intro can precede the first list).
MARKDOWN_SNIFF_CHARS = 64 * 1024
#: How many block-level tags make a text that starts with a tag an HTML fragment.
MIN_BLOCK_TAGS = 3
#: How many Markdown signal kinds (headings, lists, links, ...) make a text Markdown.
MIN_MARKDOWN_KINDS = 2
#: How many hits of one strong signal (a heading, a fence, a link) are enough on their own.
MIN_STRONG_HITS = 2
#: A single bullet line is weak evidence; a list needs this many items to count.
MIN_LIST_ITEMS = 2

_HTML_START = re.compile(
    r"\A(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_SKELETON = re.compile(r"<(?:head|body)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"<(?:p|div|h[1-6]|article|section|main|header|footer|nav|ul|ol|li|table|tr|blockquote|"
    r"br|meta|title|link|script|style)\b[^>]*>",
    re.IGNORECASE,
)

# Markdown signals, each a kind of evidence; one kind alone (a "#" line) is not enough.
_MARKDOWN_SIGNALS: dict[str, re.Pattern[str]] = {
    "heading": re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE),
    "setext": re.compile(r"^[^\n]*\w[^\n]*\n {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE),
    "list": re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S", re.MULTILINE),
    "emphasis": re.compile(
        r"(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1|(?<![\w*])\*(?=[^\s*])[^*\n]+(?<=\S)\*(?![\w*])"
    ),
    "link": re.compile(
        r"!?\[[^\]\n]+\]\([^)\s]+(?:[ \t]+\"[^\"\n]*\")?\)|^ {0,3}\[[^\]\n]+\]:", re.MULTILINE
    ),
    "fence": re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE),
    "quote": re.compile(r"^ {0,3}>[ \t]?\S", re.MULTILINE),
    "code": re.compile(r"`[^`\n]+`"),
    "table": re.compile(r"^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*\|", re.MULTILINE),
}
# Signals that settle it when they occur more than once, even with no other kind.
_STRONG_SIGNALS = frozenset({"heading", "link", "fence"})


#: How the start of a file names its kind, for binary files sent as text or untyped.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "gzip data"),
    (b"%!PS", "a PostScript document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
#: Control bytes other than tab, newline, vertical tab, form feed, carriage return and ESC.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b")
#: Share of control bytes in the start of the data above which it is taken for binary.
MAX_CONTROL_SHARE = 0.05
BINARY_SNIFF_BYTES = 64 * 1024
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def binary_kind(data: bytes) -> str | None:
    """What kind of binary file `data` is ("a PDF document", "binary data"), or None for text.

    A known file signature settles it; otherwise NUL bytes (outside UTF-16/32 text, which
    starts with a byte-order mark) or many control bytes in the first 64 KB mean binary.
    """
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(_TEXT_BOMS):
        return None
    sample = data[:BINARY_SNIFF_BYTES]
    if b"\x00" in sample:
        return "binary data"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return "binary data" if sample and controls / len(sample) > MAX_CONTROL_SHARE else None


def looks_like_html(text: str) -> bool:
    """A doctype or ``<html>`` at the start, or a text that starts with several block tags."""
    head = text[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head) or _HTML_SKELETON.search(head[:1024]):
        return True
    return head.startswith("<") and len(_BLOCK_TAG.findall(head)) >= MIN_BLOCK_TAGS


def markdown_signals(text: str) -> dict[str, int]:
    """How many times each kind of Markdown syntax occurs near the start of `text`."""
    head = text[:MARKDOWN_SNIFF_CHARS]
    counts = {name: len(pattern.findall(head)) for name, pattern in _MARKDOWN_SIGNALS.items()}
    return {name: count for name, count in counts.items() if count}


def looks_like_markdown(text: str) -> bool:
    """Whether `text` reads as Markdown: several kinds of Markdown signal in its start.

    One kind alone is not enough: plain text has numbered lines and the odd ``**`` too.

    Args:
        text: The text, line endings already normalised.

    Returns:
        True when at least two kinds of signal occur (headings, lists of two or more items,
        emphasis, links, fences, block quotes, code spans, tables), or one strong kind (a
        heading, a link, a fence) occurs twice.
    """
    sample = text[:MARKDOWN_SNIFF_CHARS]
    kinds = 0
    for name, pattern in _MARKDOWN_SIGNALS.items():
        needed = MIN_LIST_ITEMS if name == "list" else 1
        # Counting stops at what can settle the question: most texts stop early.
        hits = sum(1 for _ in islice(pattern.finditer(sample), max(needed, MIN_STRONG_HITS)))
        if hits < needed:
            continue
        kinds += 1
        if kinds >= MIN_MARKDOWN_KINDS or (name in _STRONG_SIGNALS and hits >= MIN_STRONG_HITS):
            return True
    return False


def sniff_format(text: str) -> Format:
    """Whether `text` is an HTML page, a Markdown document or plain text."""
    if looks_like_html(text):
        return "html"
    if looks_like_markdown(text):
        return "markdown"
    return "text"
