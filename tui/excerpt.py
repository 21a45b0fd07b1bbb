"""A long text shown on one line: the panes' rows and the dialogs' headings.

A module of its own, so the panes (on the first screen) need not import the dialogs.
"""

from __future__ import annotations

from annotations.visible_text import visible_line

EXCERPT_CHARS = 160


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word near `limit` characters, control characters shown."""
    line = " ".join(visible_line(text).split())
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", 0, limit)
    return line[: cut if cut > 0 else limit] + "…"
