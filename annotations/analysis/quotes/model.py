"""What quotation extraction returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: ``full``: a clause or sentence someone said; ``phrase``: a short quoted fragment inside the
#: author's own sentence.
QuoteKind = Literal["full", "phrase"]


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: the quoted words (without marks) and who said them.

    ``text == article.text[start:end]``. ``close_mark`` is None when the quotation is left open
    (it runs to the end of its paragraph, as the parts of a multi-paragraph quotation do, or its
    closing mark was forgotten).
    """

    text: str
    start: int
    end: int
    speaker: str | None
    kind: QuoteKind
    open_mark: int
    close_mark: int | None
    #: True when the reader corrected its speaker (annotations/library/corrections.py).
    by_reader: bool = False
