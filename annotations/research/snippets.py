"""A matching place shown as one line of context, safe to print."""

from __future__ import annotations

from dataclasses import dataclass

#: Characters of context kept before and after the match.
BEFORE = 50
AFTER = 70
ELLIPSIS = "…"


def printable(text: str) -> str:
    """`text` with every control character replaced one for one, so offsets stay valid.

    Line breaks and tabs become spaces; other control characters (escape included) become
    U+FFFD, so none ever reaches a terminal.
    """
    return "".join(_safe_char(char) for char in text) if _has_control(text) else text


def _has_control(text: str) -> bool:
    return any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in text)


def _safe_char(char: str) -> str:
    code = ord(char)
    if char in "\n\r\t\v\f":
        return " "
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "\ufffd"
    return char


@dataclass(frozen=True, slots=True)
class Snippet:
    """One line around a match: ``line[match_start:match_end]`` is the matched text."""

    line: str
    match_start: int
    match_end: int

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "match": [self.match_start, self.match_end]}


def snippet(text: str, start: int, end: int) -> Snippet:
    """The match ``text[start:end]`` with some of its paragraph around it, on one line."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    if paragraph_end == -1:
        paragraph_end = len(text)
    left = max(paragraph_start, start - BEFORE)
    right = min(paragraph_end, max(end, start) + AFTER)
    # Cut at a space where one is near, not mid-word.
    if left > paragraph_start:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < paragraph_end:
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    prefix = ELLIPSIS if left > paragraph_start else ""
    suffix = ELLIPSIS if right < paragraph_end else ""
    line = prefix + printable(text[left:right]) + suffix
    match_start = len(prefix) + start - left
    return Snippet(line, match_start, match_start + (min(end, right) - start))
