"""Type cues from the words around a mention ("Dr X", "X said", "residents of X", "in X").

A cue is one extra vote per mention, counted slightly above a model's vote so that it
breaks a tie with it; a majority of model votes still wins.
"""

from __future__ import annotations

import re

from annotations.analysis.entities.lexicon import ORG_HEADS, PERSON_TITLES, SPEECH_VERBS, word_set
from annotations.analysis.entities.mention_rules import is_acronym
from annotations.analysis.entities.model import EntityType

#: A cue's weight against a model vote's 1.0.
CUE_WEIGHT = 1.01

#: Nouns that, followed by "of", introduce a place ("residents of X", "the mayor of X").
_PLACE_OF_NOUNS = (
    "residents|people|citizens|city|town|village|mayor|streets|outskirts|centre|center|"
    "north|south|east|west|county|region|province|capital|suburbs|heart"
)
_PLACE_OF = re.compile(rf"\b(?:{_PLACE_OF_NOUNS}) of $", re.IGNORECASE)
#: "in X" is a place, except after words for holdings and jobs ("shares in X", "a role in X").
_IN = re.compile(r"(\w+) in $")
_NOT_PLACE_BEFORE_IN = word_set(
    "stake stakes share shares invest invested investing investment investments interest "
    "role job jobs work career position seat trust confidence"
)
#: "the company X", "the ride-hailing firm X", "X, the water company".
_ORG_NOUNS = "company|firm|group|giant|maker|retailer|startup|start-up|bank|lender|insurer|club"
_ORG_BEFORE = re.compile(rf"\b(?:{_ORG_NOUNS}) $")
_ORG_AFTER = re.compile(rf", (?:the|a|an) (?:[\w-]+ ){{0,3}}(?:{_ORG_NOUNS})\b")
_WORDS = re.compile(r"[\w']+")
#: "X, the museum's director," / "X, its chief executive,": an apposition naming a job.
_PERSON_AFTER = re.compile(
    r", (?:the|a|an|its|his|her|their) (?:[\w'’-]+ ){0,3}(?:"
    + "|".join(sorted(PERSON_TITLES - {"general", "chief", "chair", "host", "owner"}))
    + r")\b"
)


#: "Ken Mbeki, 62, said": an age in commas after a name is news style for a person.
_AGE_AFTER = re.compile(r", \d{1,3}, ")


def context_cue(text: str, start: int, end: int) -> EntityType | None:
    """The type the words around ``text[start:end]`` suggest, if any."""
    name = text[start:end]
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    if _ORG_BEFORE.search(before) or _ORG_AFTER.match(after):
        return EntityType.ORG
    if _PLACE_OF.search(before):
        return EntityType.PLACE
    in_match = _IN.search(before)
    if (
        in_match
        and in_match.group(1).lower() not in _NOT_PLACE_BEFORE_IN
        and not after.startswith(("'s", "’s"))
    ):
        return EntityType.PLACE
    if _looks_personal(name) and (
        _speech_or_title_around(before, after)
        or _PERSON_AFTER.match(after)
        or _AGE_AFTER.match(after)
    ):
        return EntityType.PERSON
    return None


def _looks_personal(name: str) -> bool:
    """Two to four words, none of them an organisation word or an acronym."""
    words = name.split()
    return 2 <= len(words) <= 4 and not any(w.lower() in ORG_HEADS or is_acronym(w) for w in words)


def _speech_or_title_around(before: str, after: str) -> bool:
    words_before = _WORDS.findall(before)
    previous = words_before[-1].lower() if words_before else ""
    following = _WORDS.findall(after[:20])
    next_word = following[0].lower() if following else ""
    return previous in PERSON_TITLES or previous in SPEECH_VERBS or next_word in SPEECH_VERBS
