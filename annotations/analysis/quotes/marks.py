"""Quotation marks and which way each one faces where it stands."""

from __future__ import annotations

from enum import Enum

#: Marks that only ever open a quotation («…», „…“, ‹…›, ‟…”).
OPENING_ONLY = frozenset("«„‹‟")
#: Marks that only ever close one.
CLOSING_ONLY = frozenset("»›")
#: Every double (or angle) quotation mark that delimits a top-level quotation.
QUOTATION_MARKS = OPENING_ONLY | CLOSING_ONLY | frozenset('"“”')
#: Marks that may open a quotation (used to spot a paragraph that continues one).
OPENING_MARKS = OPENING_ONLY | frozenset('"“”')

# Characters that may stand before an opening mark / after a closing mark.
_BEFORE_OPENING = frozenset("([{—–-/\u00a0")
_AFTER_CLOSING = frozenset(".,;:!?)]}—–-…/\u00a0")


class Role(Enum):
    OPEN = "open"
    CLOSE = "close"
    #: Could be either: the pairing decides (a quotation is open → it closes it).
    EITHER = "either"


def mark_role(text: str, index: int, start: int, end: int) -> Role:
    """Which way the mark at ``text[index]`` faces, judged from the glyph and its neighbours.

    Curly marks get their usual direction unless their neighbours clearly say otherwise, so a
    wrong-way mark (”Hello” or a German closing “) still pairs; straight marks are judged
    from their neighbours alone.
    """
    mark = text[index]
    if mark in OPENING_ONLY:
        return Role.OPEN
    if mark in CLOSING_ONLY:
        return Role.CLOSE
    before = text[index - 1] if index > start else " "
    after = text[index + 1] if index + 1 < end else " "
    space_before = before.isspace() or before in _BEFORE_OPENING or before in QUOTATION_MARKS
    space_after = after.isspace() or after in _AFTER_CLOSING or after in QUOTATION_MARKS
    looks_opening = space_before and not space_after
    looks_closing = space_after and not space_before
    if mark == "“":
        return Role.CLOSE if looks_closing else Role.OPEN
    if mark == "”":
        return Role.OPEN if looks_opening else Role.CLOSE
    if looks_opening:
        return Role.OPEN
    if looks_closing:
        return Role.CLOSE
    return Role.EITHER
