"""Stand-in entities read from capitalised names, for when no entity extractor ran.

Only the narration is read (quotations are masked). A name after a personal title, or of two
or three capitalised words, is taken for a person; one ending in an organisation word or an
acronym for an organisation; a lone surname or acronym joins the full name it abbreviates. A
lone capitalised word otherwise counts as an organisation, so "it" can find it.
"""

from __future__ import annotations

import re

from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.analysis.quotes.context import QuoteContext
from annotations.analysis.quotes.lexicon import DETERMINERS, NAME_TITLES, PREPOSITIONS, word_set

_RUN = re.compile(r"[A-Z][\w’'\-]*\.?(?:[ \u00a0]+[A-Z][\w’'\-]*\.?)*")
_POSSESSIVE_END = re.compile(r"(?:[’']s|[’'])$")
#: Last words that make a name an organisation's.
ORG_WORDS = word_set(
    """
    Energy Service Services Commission Council University College School Inc Corp Corporation
    Group Capital Aviation Bank Party Ministry Agency Association Institute Foundation Company
    Co Ltd Department Office Court Board Authority Union Partners Holdings Airlines Motors
    Times News Post Press Network Club League Committee Fund Trust Labs Systems Technologies
    """
)
#: Capitalised words that are never speakers.
NOT_NAMES = word_set(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December I He She It We They You His Her Its
    Their Our This That These Those But And Or So Yet If When While After Before As Not No
    """
)


def entities_from_text(context: QuoteContext) -> list[Entity]:
    """Person and organisation names of the narration, as entities with mentions."""
    runs = [_name_in_run(context, match) for match in _RUN.finditer(context.masked)]
    found = [run for run in runs if run is not None]
    # A lone word is a name only if it also appears inside a sentence ("Critics said" is not).
    mid_sentence = {name for name, _, _, initial in found if not initial}
    mentions: dict[str, list[Mention]] = {}
    types = _KnownNames()
    for name, start, titled, initial in found:
        if name.isupper():
            if not types.abbreviated(name):
                continue  # a lone acronym ("AI") is as often a thing as an organisation
        elif initial and " " not in name and not titled and name not in mid_sentence:
            continue
        canonical, kind = _classify(name, titled, types)
        types.add(canonical, kind)
        mentions.setdefault(canonical, []).append(Mention(start, start + len(name)))
    return [Entity(name, types[name], tuple(found)) for name, found in mentions.items()]


class _KnownNames(dict[str, EntityType]):
    """Names seen so far with their types, indexed so a lone word finds its full name in
    constant time (a long article has thousands of names)."""

    def __init__(self) -> None:
        super().__init__()
        #: First multi-word name (in order seen) per initials, and per PERSON surname.
        self.by_initials: dict[str, tuple[int, str]] = {}
        self.by_surname: dict[str, tuple[int, str]] = {}

    def add(self, name: str, kind: EntityType) -> None:
        if name in self:
            return
        self[name] = kind
        tokens = name.split()
        if len(tokens) > 1:
            self.by_initials.setdefault(_initials(name), (len(self), name))
            if kind is EntityType.PERSON:
                self.by_surname.setdefault(tokens[-1], (len(self), name))

    def abbreviated(self, acronym: str) -> bool:
        return acronym in self.by_initials

    def full_name_of(self, word: str) -> str | None:
        """The first name seen whose surname (a person's) or initials is `word`."""
        found = [hit for hit in (self.by_surname.get(word), self.by_initials.get(word)) if hit]
        return min(found)[1] if found else None


def _name_in_run(context: QuoteContext, match: re.Match[str]) -> tuple[str, int, bool, bool] | None:
    """The name in a run of capitalised words: after its last title, without "The" or "In".

    Returns the name, its offset, whether a title preceded it and whether it starts a
    sentence; None when no name is left.
    """
    words = [
        (word.group(), match.start() + word.start()) for word in re.finditer(r"\S+", match.group())
    ]
    for index, (word, _) in enumerate(words[:-1]):
        if word.endswith(".") and len(word) > 2 and _bare(word) not in NAME_TITLES:
            words = words[: index + 1]  # "Ann Webb. The students": a full stop ends the name
            break
    titles = [index for index, (word, _) in enumerate(words) if _bare(word) in NAME_TITLES]
    titled = bool(titles)
    if titles:
        words = words[titles[-1] + 1 :]
    while words and (_bare(words[0][0]) in DETERMINERS | PREPOSITIONS or _is_not_name(words[0][0])):
        words = words[1:]
    if not words or any(_is_not_name(word) for word, _ in words):
        return None
    last = _POSSESSIVE_END.sub("", words[-1][0].rstrip("."))
    name = " ".join([*(word for word, _ in words[:-1]), last])
    start = words[0][1]
    return name, start, titled, context.sentence_start(start) == start


def _bare(word: str) -> str:
    return word.lower().rstrip(".")


def _is_not_name(word: str) -> bool:
    return word.rstrip(".,") in NOT_NAMES


def _initials(name: str) -> str:
    return "".join(token[0] for token in name.split() if token[0].isupper())


def _classify(name: str, titled: bool, known: _KnownNames) -> tuple[str, EntityType]:
    """The canonical name and type of a name, given the names seen before it."""
    tokens = name.split()
    if len(tokens) == 1:
        full = known.full_name_of(name)
        if full is not None:
            return full, known[full]
    if tokens[-1] in ORG_WORDS:
        return name, EntityType.ORG
    if titled or 2 <= len(tokens) <= 3:
        return name, EntityType.PERSON
    return name, EntityType.ORG
