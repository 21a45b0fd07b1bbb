"""The quality layer: from a backend's raw mentions to clean, merged, typed entities."""

from __future__ import annotations

import re

from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.entity_rules import (
    EntityDraft,
    choose_type,
    extend_forenames,
    find_missed_mentions,
    full_name,
    group_by_surface,
    merge_acronyms,
    merge_short_forms,
)
from annotations.analysis.entities.mention_rules import (
    acronym_definitions,
    complete_coordinations,
    drop_headline_only,
    drop_opening_common_word,
    drop_overlaps,
    drop_portfolio,
    drop_the_person,
    extend_cut_name,
    extend_over_org_tail,
    extend_to_surname,
    is_acronym,
    is_named_entity,
    join_adjacent,
    join_name_parts,
    known_places,
    place_after_in,
    split_at_line_breaks,
    split_coordination,
    split_inner_possessive,
    straighten_quotes,
    trim_mention,
)
from annotations.analysis.entities.model import Entity, Mention

#: Bump whenever a rule changes what extraction returns (part of the extractors' versions).
QUALITY_VERSION = "10"  # 10: "Inc.", numbers in acronyms, given names before place words

_ACRONYM_WORD = re.compile(r"\b[A-Z][A-Z0-9&]{1,5}s?\b")


def clean_mentions(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Apply the mention rules, in order, to a backend's raw mentions.

    Args:
        text: The text with straight quotes (see `straighten_quotes`).
        candidates: Raw mentions, in any order, possibly overlapping.

    Returns:
        Non-overlapping mentions that can be named entities, in text order.
    """
    acronyms = {word for word in _ACRONYM_WORD.findall(text) if is_acronym(word)}
    pieces = [piece for c in candidates for piece in split_at_line_breaks(text, c)]
    pieces = [extend_cut_name(text, c) for c in join_adjacent(text, pieces)]
    pieces = [piece for c in pieces for piece in split_inner_possessive(text, c)]
    trimmed = [t for c in pieces if (t := trim_mention(text, c)) is not None]
    split = [piece for c in trimmed for piece in split_coordination(text, c, acronyms)]
    cleaned = [t for c in split if (t := trim_mention(text, c)) is not None]
    cleaned = [t for c in cleaned if (t := drop_opening_common_word(text, c)) is not None]
    cleaned = [t for c in cleaned if (t := drop_portfolio(text, c)) is not None]
    cleaned = [
        extend_to_surname(text, t) for c in cleaned if (t := drop_the_person(text, c)) is not None
    ]
    cleaned = [extend_over_org_tail(text, c) for c in join_name_parts(text, cleaned)]
    named = [place_after_in(text, c) for c in cleaned if is_named_entity(c.surface(text))]
    named = acronym_definitions(text, drop_headline_only(text, named))
    completed = complete_coordinations(text, drop_overlaps(named))
    return drop_overlaps(known_places(text, completed))


def build_entities(text: str, candidates: list[Candidate]) -> list[Entity]:
    """Turn a backend's raw mentions into entities, most mentioned first.

    Args:
        text: The original text; mentions address it by offset.
        candidates: Raw mentions, with offsets into `text` (or its straightened copy).

    Returns:
        Entities sorted by mention count (descending), then by first mention.
    """
    straight = straighten_quotes(text)
    drafts = group_by_surface(straight, clean_mentions(straight, candidates))
    drafts = merge_acronyms(straight, drafts)
    drafts = merge_short_forms(straight, drafts)
    find_missed_mentions(straight, drafts)
    extend_forenames(straight, drafts)
    entities = [_to_entity(straight, draft) for draft in drafts if draft.mentions]
    return sorted(entities, key=lambda e: (-e.count, e.mentions[0].start))


def _to_entity(text: str, draft: EntityDraft) -> Entity:
    mentions = tuple(sorted({Mention(m.start, m.end) for m in draft.mentions}))
    name = full_name(text, draft)
    aliases = tuple(s for s, _ in draft.surfaces(text).most_common() if s != name)
    return Entity(name, choose_type(text, draft), mentions, aliases)
