"""The one sanitiser for text from outside: control characters become visible stand-ins.

Article text, titles, bylines, quotations, notes, tags, entity names, file names, URLs and
server messages may hold bytes a terminal obeys rather than shows: ESC starts sequences that
set the clipboard (OSC 52), the window title (OSC 2) or reset the terminal (ESC c), BEL rings,
and the C1 controls (U+0080-U+009F, e.g. CSI U+009B) act like ESC sequences on some terminals.
Everything that shows such text (the app's widgets and notifications, the CLI's tables, errors
and Markdown on stdout) passes it through `visible` first, so only pictures of those characters
(``␛``, ``␇``, ``�``) ever reach the terminal.

This module has no dependencies, so the domain, the app and the CLI share the same table.
"""

from __future__ import annotations

import re

__all__ = ["SAFE_TRANSLATION", "has_controls", "visible", "visible_line"]


def _control_picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: the Unicode control pictures
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls have no picture


#: Every C0 control but tab and newline, DEL and every C1 control, mapped to a visible stand-in.
#: Newline is shown as a space (a soft break inside a block); tab is left to the caller, which
#: expands it to its column (the article view) or leaves it (the terminal moves the cursor).
SAFE_TRANSLATION: dict[int, str] = {
    code: _control_picture(code)
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]
    if code not in (0x09, 0x0A)
}
SAFE_TRANSLATION[0x0A] = " "

#: The same, but newlines kept: for multi-line output (Markdown, a note shown whole).
_KEEP_NEWLINES: dict[int, str] = {**SAFE_TRANSLATION, 0x0A: "\n"}
#: Line separators that a terminal treats as line breaks (or that reflow text); shown as spaces
#: on one-line output.
_LINE_BREAKS = {0x2028: " ", 0x2029: " "}
_ONE_LINE: dict[int, str] = {**SAFE_TRANSLATION, **_LINE_BREAKS, 0x09: " "}

_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def has_controls(text: str) -> bool:
    """Whether `text` holds any character `visible` would replace (newline included)."""
    return _CONTROLS.search(text) is not None


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every terminal control character replaced by a visible stand-in.

    Args:
        text: Text from outside, shown as it is otherwise.
        keep_newlines: Keep ``\\n`` as a line break (multi-line output); by default a newline
            becomes a space.

    Returns:
        Text in which no character is C0 (but tab, and newline when kept), DEL or C1.
    """
    if not has_controls(text):
        return text  # the common case costs one regex scan
    return text.translate(_KEEP_NEWLINES if keep_newlines else SAFE_TRANSLATION)


def visible_line(text: str) -> str:
    """`text` made safe and kept on one line: newlines, tabs and line separators are spaces."""
    return text.translate(_ONE_LINE)
