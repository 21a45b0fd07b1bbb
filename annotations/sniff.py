"""Guess whether a text with no file name or content type (stdin) is HTML, Markdown or plain.

Only the start of the text is looked at: a page declares itself early, and a Markdown
document shows its headings, lists and links in its first screens.
"""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["html", "markdown", "text"]

#: How much of the text is looked at.
SNIFF_CHARS = 8192
#: How many block-level tags make a text that starts with a tag an HTML fragment.
MIN_BLOCK_TAGS = 3
#: How many Markdown signal kinds (headings, lists, links, ...) make a text Markdown.
MIN_MARKDOWN_KINDS = 2
#: How many hits of one strong signal (a heading, a fence, a link) are enough on their own.
MIN_STRONG_HITS = 2

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

_MARKDOWN_SIGNALS: dict[str, re.Pattern[str]] = {
    "heading": re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE),
    "setext": re.compile(r"^[^\n]*\w[^\n]*\n {0,3}(?:={3,}|-{3,})[ \t]*$", re.MULTILINE),
    "fence": re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE),
    "link": re.compile(r"!?\[[^\]\n]+\]\([^)\s]+(?:[ \t]+\"[^\"\n]*\")?\)"),
    "reference": re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+", re.MULTILINE),
    "list": re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S", re.MULTILINE),
    "emphasis": re.compile(r"(?<![\w*])(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1(?![\w*])"),
    "quote": re.compile(r"^ {0,3}>[ \t]?\S", re.MULTILINE),
    "code": re.compile(r"(?<!`)`[^`\n]+`(?!`)"),
}
_STRONG_SIGNALS = frozenset({"heading", "fence", "link"})


def looks_like_html(text: str) -> bool:
    """A doctype or ``<html>`` at the start, or a text that starts with several block tags."""
    head = text[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head) or _HTML_SKELETON.search(head[:1024]):
        return True
    return head.startswith("<") and len(_BLOCK_TAG.findall(head)) >= MIN_BLOCK_TAGS


def markdown_signals(text: str) -> dict[str, int]:
    """How many times each kind of Markdown syntax occurs near the start of `text`."""
    head = text[:SNIFF_CHARS]
    counts = {name: len(pattern.findall(head)) for name, pattern in _MARKDOWN_SIGNALS.items()}
    return {name: count for name, count in counts.items() if count}


def looks_like_markdown(text: str) -> bool:
    """Several kinds of Markdown syntax, or one strong kind used more than once.

    One kind alone is not enough: plain text has numbered lines and the odd ``**`` too.
    """
    signals = markdown_signals(text)
    if len(signals) >= MIN_MARKDOWN_KINDS:
        return True
    return any(signals.get(name, 0) >= MIN_STRONG_HITS for name in _STRONG_SIGNALS)


def sniff_format(text: str) -> Format:
    """Whether `text` is an HTML page, a Markdown document or plain text."""
    if looks_like_html(text):
        return "html"
    if looks_like_markdown(text):
        return "markdown"
    return "text"
