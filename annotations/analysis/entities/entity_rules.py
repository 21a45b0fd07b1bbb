"""Quality rules over whole entities: grouping, short forms, acronyms, types, missed mentions.

The input is cleaned mentions (see `mention_rules`); the output is one `EntityDraft` per
entity, each still a plain collection of mentions with their type votes, so every rule can
be tested on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.context_cues import CUE_WEIGHT, context_cue
from annotations.analysis.entities.lexicon import (
    COMMON_WORDS,
    GIVEN_NAMES,
    KNOWN_PLACES,
    OF_CONNECTORS,
    ORG_HEADS,
    OTHER_HEADS,
    PERSON_TITLES,
    PLACE_FIRST_WORDS,
    PLACE_HEADS,
    SURNAME_PARTICLES,
)
from annotations.analysis.entities.mention_rules import (
    Occupancy,
    initials,
    is_acronym,
    is_lower_camel,
)
from annotations.analysis.entities.model import EntityType

#: Order used when votes tie and nothing else decides.
_TYPE_PREFERENCE = (EntityType.ORG, EntityType.PERSON, EntityType.PLACE, EntityType.OTHER)


@dataclass
class EntityDraft:
    """An entity under construction: its mentions and, per mention, the type voted for it."""

    mentions: list[Candidate] = field(default_factory=list)

    def surfaces(self, text: str) -> Counter[str]:
        return Counter(mention.surface(text) for mention in self.mentions)

    def votes(self) -> Counter[EntityType]:
        return Counter(m.type for m in self.mentions if m.type is not None)

    def weighted_votes(self, text: str) -> dict[EntityType, float]:
        """Model votes (1 each) plus context cues (`CUE_WEIGHT` each)."""
        totals: dict[EntityType, float] = dict.fromkeys(self.votes(), 0.0)
        for mention in self.mentions:
            if mention.type is not None:
                totals[mention.type] += 1.0
            cue = context_cue(text, mention.start, mention.end)
            if cue is not None:
                totals[cue] = totals.get(cue, 0.0) + CUE_WEIGHT
        return totals


def group_by_surface(text: str, mentions: list[Candidate]) -> list[EntityDraft]:
    """One draft per distinct surface, in order of first appearance."""
    drafts: dict[str, EntityDraft] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        drafts.setdefault(mention.surface(text), EntityDraft()).mentions.append(mention)
    return list(drafts.values())


def full_name(text: str, draft: EntityDraft) -> str:
    """The canonical name: the fullest non-acronym surface, the most frequent among equals."""
    counts = draft.surfaces(text)
    first_seen = {m.surface(text): -m.start for m in reversed(draft.mentions)}
    return max(
        counts,
        key=lambda s: (not is_acronym(s), len(s.split()), len(s), counts[s], first_seen[s]),
    )


def merge_acronyms(text: str, drafts: list[EntityDraft]) -> list[EntityDraft]:
    """Merge an acronym into the name it abbreviates ("EU" into "European Union").

    A match is by initials, or a parenthesis right after the name ("... Authority (CMA)").
    An acronym whose initials fit several names stays on its own.
    """
    by_name = {full_name(text, draft): draft for draft in drafts}
    merged_into: dict[int, EntityDraft] = {}
    for name, draft in by_name.items():
        if not is_acronym(name):
            continue
        targets = [
            other
            for other_name, other in by_name.items()
            if other is not draft
            and not is_acronym(other_name)
            and (initials(other_name) == name.rstrip("s") or _defines(text, other, name))
        ]
        if len(targets) == 1:
            merged_into[id(draft)] = targets[0]
    return _apply_merges(drafts, merged_into)


def _defines(text: str, draft: EntityDraft, acronym: str) -> bool:
    """Whether a mention of `draft` is followed by "(ACRONYM)"."""
    pattern = re.compile(r"\s*\(" + re.escape(acronym) + r"\)")
    return any(pattern.match(text, mention.end) for mention in draft.mentions)


def merge_short_forms(text: str, drafts: list[EntityDraft]) -> list[EntityDraft]:
    """Merge a short form into the one full name it stands for.

    People: a surname ("Zuckerberg", "Le Maire") or a given name ("Sarah") of exactly one
    longer PERSON name. Organisations: the first word ("Northwind" for "Northwind Foods") or
    the organisation word ("Commission" for "European Commission") of exactly one longer name.
    A short form the model calls a place is not merged into a non-place.
    """
    names = {id(draft): full_name(text, draft) for draft in drafts}
    types = {id(draft): choose_type(text, draft) for draft in drafts}
    merged_into: dict[int, EntityDraft] = {}
    for draft in drafts:
        short = names[id(draft)]
        if is_acronym(short):
            continue
        targets = [
            other
            for other in drafts
            if other is not draft
            and _is_short_form(short, names[id(other)], types[id(other)])
            and not (_is_place(text, draft) and types[id(other)] is not EntityType.PLACE)
        ]
        if len(targets) == 1:
            merged_into[id(draft)] = targets[0]
    return _apply_merges(drafts, merged_into)


def _is_place(text: str, draft: EntityDraft) -> bool:
    """A known place, or a name the model calls a place at least twice ("Manchester")."""
    return full_name(text, draft) in KNOWN_PLACES or draft.votes()[EntityType.PLACE] >= 2


def _is_short_form(short: str, full: str, full_type: EntityType) -> bool:
    short_words, full_words = short.split(), full.split()
    if len(short_words) >= len(full_words):
        return False
    if full_type is EntityType.PERSON:
        if full_words[-len(short_words) :] == short_words:
            return len(short_words) == 1 or short_words[0].lower() in SURNAME_PARTICLES
        return len(short_words) == 1 and full_words[0] == short
    if full_type is EntityType.PLACE and len(short_words) == 1:
        # "Washington" for "Washington D.C.": a place and its abbreviated state or district.
        return full_words[0] == short and all(
            is_acronym(w) or re.fullmatch(r"(?:[A-Z]\.)+", w) for w in full_words[1:]
        )
    if full_type in (EntityType.ORG, EntityType.OTHER) and len(short_words) == 1:
        first, last = full_words[0], full_words[-1]
        # "Northwind" for "Northwind Foods"; but "Thornbury" in "Thornbury Flood Action
        # Group" is the place the longer name is named after.
        return (short == first and len(full_words) == 2) or (
            short == last and last.lower() in ORG_HEADS
        )
    return False


def _apply_merges(
    drafts: list[EntityDraft], merged_into: dict[int, EntityDraft]
) -> list[EntityDraft]:
    def root(draft: EntityDraft) -> EntityDraft:
        seen = {id(draft)}
        while id(draft) in merged_into:
            draft = merged_into[id(draft)]
            if id(draft) in seen:
                break
            seen.add(id(draft))
        return draft

    kept: list[EntityDraft] = []
    for draft in drafts:
        target = root(draft)
        if target is draft:
            kept.append(draft)
    for draft in drafts:
        target = root(draft)
        if target is not draft:
            target.mentions.extend(draft.mentions)
    for draft in kept:
        draft.mentions.sort(key=lambda m: m.start)
    return kept


def choose_type(text: str, draft: EntityDraft) -> EntityType:
    """The entity's type: a decisive cue in its name, else the majority of mention votes.

    Cues: a known place name, an organisation/place/law-or-product final word, a product
    spelling ("iPhone"). Votes are the model's plus context cues (see `context_cues`).
    Ties go to a person-shaped name's PERSON, then to the type voted for the fullest
    surface, then ORG > PERSON > PLACE > OTHER.
    """
    name = full_name(text, draft)
    cue = type_cue(name)
    if cue is not None:
        return cue
    if _has_honorific(text, draft):
        return EntityType.PERSON
    votes = draft.weighted_votes(text)
    if not votes:
        # Unknown capitalised words in news are most often organisations.
        return EntityType.ORG
    best = max(votes.values())
    tied = [kind for kind, count in votes.items() if abs(count - best) < 1e-9]
    if len(tied) == 1:
        return tied[0]
    shape = shape_cue(name)
    if shape in tied:
        return shape
    full_votes = Counter(m.type for m in draft.mentions if m.surface(text) == name and m.type)
    for kind, _ in full_votes.most_common():
        if kind in tied:
            return kind
    return min(tied, key=_TYPE_PREFERENCE.index)


_HONORIFIC_BEFORE = re.compile(r"(?:^|[^\w])(?:Dr|Mr|Mrs|Ms|Prof|Mx)\.? $")


def _has_honorific(text: str, draft: EntityDraft) -> bool:
    """Whether a personal honorific stands right before a mention of two or more words
    ("Dr. Farzin Amzajerdian"): a person, whatever the model voted."""
    return any(
        " " in m.surface(text).strip()
        and _HONORIFIC_BEFORE.search(text, max(0, m.start - 6), m.start) is not None
        for m in draft.mentions
    )


def type_cue(name: str) -> EntityType | None:
    """A type that a name's own words decide, whatever the model voted."""
    if name in KNOWN_PLACES:
        return EntityType.PLACE
    if is_lower_camel(name):
        return EntityType.OTHER
    words = name.split()
    if len(words) < 2:
        return None
    if words[0].lower() in PLACE_FIRST_WORDS:
        return EntityType.PLACE
    for index, word in enumerate(words[1:-1], start=1):
        # "Bank of England", "Institute for Astronomy": the word before "of" names the kind.
        if word in OF_CONNECTORS and words[index - 1].lower() in ORG_HEADS:
            return EntityType.ORG
    head = words[-1].lower().rstrip(".")
    if head in ORG_HEADS or (
        # "… Development Agency Thailand", "Hitwise UK": a place after an organisation word
        len(words) > 2 and words[-1] in KNOWN_PLACES and words[-2].lower() in ORG_HEADS
    ):
        return EntityType.ORG
    if head in OTHER_HEADS:
        return EntityType.OTHER
    if head in PLACE_HEADS and not is_given_name(words[0]):
        return EntityType.PLACE  # but "Marc Lamont Hill", "Chuck Close" may be people
    return None


def shape_cue(name: str) -> EntityType | None:
    """A weaker cue that breaks ties: "Anneke de Vries" (a lower-case surname particle between
    capitalised words) and "Sarah Okafor" (a common given name first) look like people."""
    words = name.split()
    if not 2 <= len(words) <= 4:
        return None
    if not all(w[:1].isupper() or w in SURNAME_PARTICLES for w in words):
        return None
    if any(w in SURNAME_PARTICLES for w in words[1:-1]) or is_given_name(words[0]):
        return EntityType.PERSON
    return None


def find_missed_mentions(text: str, drafts: list[EntityDraft]) -> None:
    """Add the mentions the model missed: word-bounded, case-sensitive matches of known names.

    Surfaces are searched longest first and never overlap a mention already found. A
    one-word surface that is also a common word ("May", "Will") is not searched for.
    """
    taken = Occupancy((m.start, m.end) for draft in drafts for m in draft.mentions)
    searches: list[tuple[str, EntityDraft]] = []
    for draft in drafts:
        surfaces = set(draft.surfaces(text))
        if choose_type(text, draft) is EntityType.PERSON:
            surfaces.add(surname(full_name(text, draft)))
        for surface in surfaces:
            if surface.lower() not in COMMON_WORDS:
                searches.append((surface, draft))
    searches.sort(key=lambda item: (-len(item[0]), item[0]))
    for surface, draft in searches:
        pattern = re.compile(r"(?<![\w&])" + re.escape(surface) + r"(?![\w&]|['’][a-rt-z])")
        for match in _literal_matches(text, surface, pattern):
            if not taken.overlaps(match.start(), match.end()):
                taken.add(match.start(), match.end())
                draft.mentions.append(Candidate(match.start(), match.end(), None))
        draft.mentions.sort(key=lambda m: m.start)


def _literal_matches(text: str, literal: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` gives, for a pattern that matches `literal` (with
    lookarounds) only: `str.find` jumps to each occurrence, where a pattern opening with a
    lookbehind is tried at every character (a third of a 1 MB text's quality layer)."""
    index = text.find(literal)
    while index >= 0:
        match = pattern.match(text, index)  # its lookbehind sees the text before `index`
        if match is None:
            index = text.find(literal, index + 1)
        else:
            yield match
            index = text.find(literal, max(match.end(), index + 1))


def is_given_name(word: str) -> bool:
    """Whether a word is a common given name (a PERSON cue)."""
    return word.lower() in GIVEN_NAMES


def surname(name: str) -> str:
    """A person's surname: the last word, with the particles before it ("Le Maire")."""
    words = name.split()
    index = len(words) - 1
    while index > 1 and words[index - 1].lower() in SURNAME_PARTICLES:
        index -= 1
    return " ".join(words[index:])


_FORENAME_BEFORE = re.compile(r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?) $")


def extend_forenames(text: str, drafts: list[EntityDraft]) -> None:
    """Give a person known only by a surname the forename the text writes before it.

    "Maya Lindqvist's first novel ... Lindqvist said": a model that tagged only the surname
    leaves a person called "Lindqvist". A capitalised word right before one of its mentions,
    that is not a common word or a title and does not open a sentence (unless it is a known
    given name), is taken as the forename: that mention grows to "Maya Lindqvist", which then
    names the entity. Works in place.
    """
    for draft in drafts:
        votes = draft.votes()
        if not votes or votes.most_common(1)[0][0] is not EntityType.PERSON:
            continue
        if any(" " in surface for surface in draft.surfaces(text)):
            continue
        for index, mention in enumerate(draft.mentions):
            found = _FORENAME_BEFORE.search(text, max(0, mention.start - 24), mention.start)
            if found is None:
                continue
            word = found.group(1)
            opens_sentence = text[: found.start()].rstrip()[-1:] in ("", ".", "!", "?", "\n")
            if word.lower() in COMMON_WORDS | PERSON_TITLES or (
                opens_sentence and not is_given_name(word)
            ):
                continue
            draft.mentions[index] = mention.with_range(found.start(), mention.end)
            break
