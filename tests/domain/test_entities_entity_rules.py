"""Each entity-level quality rule: grouping, merges, types and missed mentions."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.context_cues import context_cue
from annotations.analysis.entities.entity_rules import (
    EntityDraft,
    _literal_matches,
    choose_type,
    extend_forenames,
    find_missed_mentions,
    full_name,
    group_by_surface,
    merge_acronyms,
    merge_short_forms,
    shape_cue,
    surname,
    type_cue,
)
from annotations.analysis.entities.model import EntityType

ORG, PERSON, PLACE, OTHER = EntityType.ORG, EntityType.PERSON, EntityType.PLACE, EntityType.OTHER


def mentions(text: str, surface: str, kind: EntityType | None) -> list[Candidate]:
    """Every word-bounded occurrence of `surface`, voted `kind`."""
    pattern = r"(?<!\w)" + re.escape(surface) + r"(?!\w)"
    return [Candidate(m.start(), m.end(), kind) for m in re.finditer(pattern, text)]


def names(text: str, drafts: list[EntityDraft]) -> list[str]:
    return sorted(full_name(text, d) for d in drafts)


def test_group_by_surface_puts_equal_surfaces_together() -> None:
    text = "Meta and Apple. Meta again."
    drafts = group_by_surface(text, mentions(text, "Meta", ORG) + mentions(text, "Apple", ORG))
    assert [len(d.mentions) for d in drafts] == [2, 1]


def test_full_name_prefers_the_fullest_non_acronym_surface() -> None:
    text = "EU rules. The European Union said. EU again."
    draft = EntityDraft(mentions(text, "EU", ORG) + mentions(text, "European Union", ORG))
    assert full_name(text, draft) == "European Union"


def test_merge_acronyms_by_initials() -> None:
    text = "the European Union and the EU, and the Digital Markets Act (DMA) and DMA"
    found = (
        mentions(text, "European Union", ORG)
        + mentions(text, "EU", ORG)
        + mentions(text, "Digital Markets Act", OTHER)
        + mentions(text, "DMA", ORG)
    )
    drafts = merge_acronyms(text, group_by_surface(text, found))
    assert names(text, drafts) == ["Digital Markets Act", "European Union"]


def test_merge_acronyms_by_a_parenthesis_when_initials_differ() -> None:
    text = "the Bundesamt für Migration (BAMF) said; BAMF later added"
    found = mentions(text, "Bundesamt für Migration", ORG) + mentions(text, "BAMF", ORG)
    drafts = merge_acronyms(text, group_by_surface(text, found))
    assert names(text, drafts) == ["Bundesamt für Migration"]


def test_merge_acronyms_leaves_an_ambiguous_acronym_alone() -> None:
    text = "European Union, Electric Utilities and EU"
    found = (
        mentions(text, "European Union", ORG)
        + mentions(text, "Electric Utilities", ORG)
        + mentions(text, "EU", ORG)
    )
    assert len(merge_acronyms(text, group_by_surface(text, found))) == 3


def test_merge_short_forms_merges_a_surname_into_a_full_name() -> None:
    text = "Mark Zuckerberg spoke. Zuckerberg left. Bruno Le Maire spoke; Le Maire left."
    found = (
        mentions(text, "Mark Zuckerberg", PERSON)
        + mentions(text, "Zuckerberg", ORG)
        + mentions(text, "Bruno Le Maire", PERSON)
        + mentions(text, "Le Maire", ORG)
    )
    drafts = merge_short_forms(text, group_by_surface(text, found))
    assert names(text, drafts) == ["Bruno Le Maire", "Mark Zuckerberg"]


def test_merge_short_forms_skips_a_surname_two_people_share() -> None:
    text = "Hillary Clinton and Bill Clinton met. Clinton said."
    found = (
        mentions(text, "Hillary Clinton", PERSON)
        + mentions(text, "Bill Clinton", PERSON)
        + mentions(text, "Clinton", PERSON)
    )
    assert len(merge_short_forms(text, group_by_surface(text, found))) == 3


def test_merge_short_forms_merges_an_organisation_first_word_and_head() -> None:
    text = "Northwind Foods grew. Northwind said. The European Commission and the Commission."
    found = (
        mentions(text, "Northwind Foods", ORG)
        + mentions(text, "Northwind", ORG)
        + mentions(text, "European Commission", ORG)
        + mentions(text, "Commission", ORG)
    )
    drafts = merge_short_forms(text, group_by_surface(text, found))
    assert names(text, drafts) == ["European Commission", "Northwind Foods"]


def test_merge_short_forms_keeps_a_place_apart_from_a_club_named_after_it() -> None:
    text = "Manchester City won in Manchester. Manchester celebrated."
    found = mentions(text, "Manchester City", ORG) + [
        c for c in mentions(text, "Manchester", PLACE) if text[c.end] != " "
    ]
    drafts = merge_short_forms(text, group_by_surface(text, found))
    assert names(text, drafts) == ["Manchester", "Manchester City"]


def test_choose_type_by_majority() -> None:
    text = "Spotify, Spotify, Spotify"
    votes = mentions(text, "Spotify", ORG)
    votes[0] = Candidate(votes[0].start, votes[0].end, PLACE)
    assert choose_type(text, EntityDraft(votes)) is ORG


def test_choose_type_tie_goes_to_the_fullest_surface() -> None:
    text = "Marco Bellini spoke. Bellini said"
    draft = EntityDraft([Candidate(0, 13, PERSON), Candidate(21, 28, ORG)])
    assert choose_type(text, draft) is PERSON


def test_choose_type_name_cue_beats_votes() -> None:
    text = "the James Webb Space Telescope saw"
    draft = EntityDraft(mentions(text, "James Webb Space Telescope", PERSON))
    assert choose_type(text, draft) is OTHER


def test_choose_type_without_votes_defaults_to_organisation() -> None:
    text = "with Lazard advising"
    assert choose_type(text, EntityDraft(mentions(text, "Lazard", None))) is ORG


def test_type_cue_from_name_words() -> None:
    assert type_cue("Deutsche Bank") is ORG
    assert type_cue("University of Cambridge") is ORG
    assert type_cue("Max Planck Institute for Astronomy") is ORG
    assert type_cue("Digital Markets Act") is OTHER
    assert type_cue("River Avon") is PLACE
    assert type_cue("Castle Street") is PLACE
    assert type_cue("iPhone") is OTHER
    assert type_cue("Germany") is PLACE
    assert type_cue("Mark Zuckerberg") is None


def test_shape_cue_for_person_shaped_names() -> None:
    assert shape_cue("Anneke de Vries") is PERSON
    assert shape_cue("Sarah Okafor") is PERSON
    assert shape_cue("Goldman Sachs") is None


def test_context_cues() -> None:
    def cue(text: str, surface: str) -> EntityType | None:
        start = text.index(surface)
        return context_cue(text, start, start + len(surface))

    assert cue("Residents of Thornbury met", "Thornbury") is PLACE
    assert cue("plants in Devon closed", "Devon") is PLACE
    assert cue("shares in Northwind rose", "Northwind") is None
    assert cue("the ride-hailing company Veloz said", "Veloz") is ORG
    assert cue("from Severn Trent, the water company.", "Severn Trent") is ORG
    assert cue("Taco Dibbits, the museum's director, said", "Taco Dibbits") is PERSON
    assert cue("Mike Dawson said", "Mike Dawson") is PERSON


def test_surname_keeps_particles() -> None:
    assert surname("Mark Zuckerberg") == "Zuckerberg"
    assert surname("Bruno Le Maire") == "Le Maire"
    assert surname("Anneke de Vries") == "de Vries"
    assert surname("Cher") == "Cher"


def test_find_missed_mentions_word_bounded_and_case_sensitive() -> None:
    text = "Apple said. Apple's rules, apple pie, Applebee's and Apple."
    draft = EntityDraft([Candidate(0, 5, ORG)])
    find_missed_mentions(text, [draft])
    assert [text[m.start : m.end] for m in draft.mentions] == ["Apple", "Apple", "Apple"]


def test_find_missed_mentions_adds_surnames_of_people() -> None:
    text = "Mark Zuckerberg spoke. Later Zuckerberg left."
    draft = EntityDraft(mentions(text, "Mark Zuckerberg", PERSON))
    find_missed_mentions(text, [draft])
    assert [text[m.start : m.end] for m in draft.mentions] == ["Mark Zuckerberg", "Zuckerberg"]


def test_find_missed_mentions_skips_common_words() -> None:
    text = "Theresa May spoke. In May, May said."
    draft = EntityDraft(mentions(text, "Theresa May", PERSON))
    find_missed_mentions(text, [draft])
    assert len(draft.mentions) == 1


def test_extend_forenames_gives_a_surname_its_forename() -> None:
    text = "The first novel by Maya Lindqvist sold out. Lindqvist said she was surprised."
    drafts = group_by_surface(text, mentions(text, "Lindqvist", EntityType.PERSON))
    extend_forenames(text, drafts)
    assert names(text, drafts) == ["Maya Lindqvist"]
    # At a sentence start only a known given name counts as a forename.
    opener = "Anna Berg won. Berg said so."
    drafts = group_by_surface(opener, mentions(opener, "Berg", EntityType.PERSON))
    extend_forenames(opener, drafts)
    assert names(opener, drafts) == ["Anna Berg"]


def test_extend_forenames_skips_titles_sentence_openers_and_organisations() -> None:
    text = "Mr Hale spoke. Tuesday Hale left. The Hale Group grew. Hale agreed."
    person = group_by_surface(text, mentions(text, "Hale", EntityType.PERSON))
    extend_forenames(text, person)
    assert names(text, person) == ["Hale"]
    org_text = "Acme Widgets grew. Widgets sold well."
    org = group_by_surface(org_text, mentions(org_text, "Widgets", EntityType.ORG))
    extend_forenames(org_text, org)
    assert names(org_text, org) == ["Widgets"]


@given(
    st.text(alphabet=st.sampled_from("ab &'’s\n"), max_size=60),
    st.text(alphabet=st.sampled_from("ab &"), min_size=1, max_size=4),
)
def test_literal_matches_are_what_finditer_gives(text: str, literal: str) -> None:
    """Jumping with `str.find` finds exactly the matches of the lookbehind pattern, even for
    a literal that overlaps itself ("aba" in "ababa") or follows a rejected place."""
    pattern = re.compile(r"(?<![\w&])" + re.escape(literal) + r"(?![\w&]|['’][a-rt-z])")
    found = [m.span() for m in _literal_matches(text, literal, pattern)]
    assert found == [m.span() for m in pattern.finditer(text)]
