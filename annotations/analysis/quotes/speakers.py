"""Turning the words that name a speaker into a speaker's name.

A speaker phrase may be a name ("Mayor Linda Okafor", "Ms. Okafor", "EU regulators"), a
pronoun ("she", "it"), a description ("the company"), a possessive document ("Meta’s blog
post", "its statement") or an appositive ("Corvana’s chief executive, Raj Mehta"). Names
become the canonical name of the entity they match; pronouns and descriptions become the
nearest fitting entity mentioned before them. Anything unsure resolves to None.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from annotations.analysis.entities.model import Entity, EntityType
from annotations.analysis.quotes.context import MASK, QuoteContext
from annotations.analysis.quotes.lexicon import (
    CONJUNCTIONS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    NAME_TITLES,
    ORG_DESCRIPTIONS,
    ORG_PRONOUNS,
    OTHER_PRONOUNS,
    PERSON_DESCRIPTIONS,
    PERSON_PRONOUNS,
    PREPOSITIONS,
    VOICE_NOUNS,
)
from annotations.article.model import Article

_WORD = re.compile(r"[\w][\w’'.\-]*")
_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&]{1,7})\)")
_POSSESSIVE = re.compile(r"^(.*?\w)(?:[’']s|s[’'])$")
_OWNER_WORDS = frozenset(["its", "his", "her", "their"])
#: Antecedents of a pronoun or description are looked for this many paragraphs back.
ANTECEDENT_BLOCKS = 3
#: A pronoun's topic person is looked for this many sentences back.
SALIENT_SENTENCES = 2
# Strength of a resolution, to choose between the parts of an appositive.
_NAMED, _REFERRED = 2, 1


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().rstrip(".")

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    entity: Entity


class SpeakerResolver:
    """Resolves speaker phrases of one article against its entities (possibly none)."""

    def __init__(self, article: Article, entities: Sequence[Entity], context: QuoteContext):
        self.article = article
        self.text = article.text
        self.context = context
        self.entities = tuple(entities)
        mentions = [
            _Mention(mention.start, mention.end, entity)
            for entity in entities
            for mention in entity.mentions
            if not context.inside_quotation(mention.start, mention.end)
        ]
        mentions.sort(key=lambda item: (item.start, item.end))
        self._mentions = mentions
        self._mention_ends = [item.end for item in mentions]
        #: Speakers named so far that match no entity, newest last, with whether they are
        #: known to be people (a personal title or pronoun referred to them).
        self._named: list[tuple[str, bool]] = []
        #: Whether a word is written capitalised inside a sentence somewhere (see _proper_noun).
        self._mid_sentence: dict[str, bool] = {}

    # -- public -------------------------------------------------------------------------

    def resolve(self, start: int, end: int) -> str | None:
        """The speaker named by the phrase ``text[start:end]``, or None when unsure."""
        while end - start > 3 and self.text[end - 1] == "." and self.text[end - 2].isalpha():
            end -= 1  # the full stop after "…said Jane Smith."
        best: tuple[int, bool, str | None] = (0, False, None)
        for part_start, part_end in self._parts(start, end):
            strength, name = self._resolve_part(part_start, part_end)
            # "The secretary general of CEI, Nunzio Galantino": of two parts that name
            # someone, the person speaks rather than the organisation.
            ranked = (strength, strength > 0 and self._is_person(name), name)
            if ranked[:2] > best[:2]:
                best = ranked
        return best[2]

    def _is_person(self, name: str | None) -> bool:
        return any(e.name == name and e.type is EntityType.PERSON for e in self.entities)

    # -- phrase structure ---------------------------------------------------------------

    def _parts(self, start: int, end: int) -> list[tuple[int, int]]:
        """The comma-separated parts of a phrase, without introductory or relative parts."""
        parts: list[tuple[int, int]] = []
        position = start
        # "Office of Personnel Management (OPM) Director Kiran Ahuja" is one part: brackets
        # around an acronym are blanked (offsets kept) before splitting.
        phrase = _BRACKETED_ACRONYM.sub(lambda m: f" {m.group(1)} ", self.text[start:end])
        for piece in re.split(r"([,;—–()])", phrase):
            piece_start, position = position, position + len(piece)
            words = self._words(piece_start, position)
            if not words or piece in ",;—–()":
                continue
            first = words[0].lower
            if first in PREPOSITIONS or first in {"who", "which", "whose", "where", "when"}:
                continue
            parts.append((words[0].start, words[-1].end))
        return parts

    def _words(self, start: int, end: int) -> list[_Word]:
        masked = self.context.masked
        return [
            _Word(m.group(), m.start(), m.end())
            for m in _WORD.finditer(self.text, start, end)
            if MASK not in masked[m.start() : m.end()]
        ]

    def _resolve_part(self, start: int, end: int) -> tuple[int, str | None]:
        words = self._words(start, end)
        if not words:
            return 0, None
        lowered = [word.lower for word in words]
        if len(words) == 1 and lowered[0] in PERSON_PRONOUNS | ORG_PRONOUNS | OTHER_PRONOUNS:
            return _REFERRED, self._pronoun(lowered[0], words[0].start)
        owned = self._possessive(words)
        if owned is not None:
            return owned
        if lowered[-1] in DOCUMENT_NOUNS and len(words) >= 2:
            # "The Home Office letter", "a Meta blog post": the document's owner speaks.
            owner = [w for w in words[:-1] if w.lower not in DETERMINERS | DOCUMENT_NOUNS]
            if owner and all(w.capitalised for w in owner):
                name = self._name(owner)
                if name is not None:
                    return _NAMED, name
        # "a statement from Northgate Energy", "a spokesperson for Meta"
        for index, word in enumerate(lowered[:-1]):
            if word in DOCUMENT_NOUNS and lowered[index + 1] in {"from", "for", "by", "of"}:
                return self._resolve_part(words[index + 2].start, end)
        if lowered[0] in DETERMINERS and len(words) <= 4:
            described = self._described(lowered, words[0].start)
            if described is not None:
                return described
        name = self._name(words)
        return (_NAMED, name) if name is not None else (0, None)

    def _described(self, lowered: list[str], offset: int) -> tuple[int, str | None] | None:
        """ "the company", "the museum", "a department spokesman": the nearest fitting entity.

        An organisation word matches the nearest organisation whose name holds that word
        (the museum → British Museum), else any nearest organisation if it is a generic one.
        """
        head = lowered[-1]
        if head in PERSON_DESCRIPTIONS and len(lowered) <= 3:
            return _REFERRED, self._nearest(EntityType.PERSON, offset)
        voice = head in VOICE_NOUNS and len(lowered) >= 3
        noun = lowered[-2] if voice else head
        named = self._nearest(EntityType.ORG, offset, holding=noun)
        if named is not None:
            return _REFERRED, named
        # "the company" is the organisation in view; "a council spokeswoman" need not be.
        if noun in ORG_DESCRIPTIONS and not voice:
            return _REFERRED, self._nearest(EntityType.ORG, offset)
        return None

    def _possessive(self, words: list[_Word]) -> tuple[int, str | None] | None:
        """Resolve "Meta’s blog post" / "its statement" to the owner; None if no possessive."""
        for index, word in enumerate(words[:4]):
            owner_match = _POSSESSIVE.match(word.text)
            if word.lower not in _OWNER_WORDS and owner_match is None:
                continue
            if not any(later.lower in DOCUMENT_NOUNS for later in words[index + 1 :]):
                # "Tunisia's coach Nabil Maaloul" is Maaloul; "Corvana’s chief executive" is
                # not Corvana, and names no one.
                rest = words[index + 1 :]
                if any(w.capitalised and w.lower not in NAME_TITLES for w in rest):
                    name = self._name(rest)
                    return (_NAMED, name) if name is not None else (0, None)
                return 0, None
            if owner_match is None:
                return _REFERRED, self._pronoun(word.lower, word.start)
            owner_end = word.start + len(owner_match.group(1))
            return self._resolve_part(words[0].start, owner_end)
        return None

    # -- names ----------------------------------------------------------------------------

    def _name(self, words: list[_Word]) -> str | None:
        people = [
            m
            for m in self._mentions_between(words[0].start, words[-1].end)
            if m.entity.type is EntityType.PERSON
        ]
        if people:
            # "U.S. Office of Personnel Management (OPM) Director Kiran Ahuja": the person
            # the phrase names speaks, not the organisation before the title.
            return self._canonical(people[-1].entity)
        # "Mayor Anna Berg of Oslo said": the head comes before a prepositional tail, when
        # that part names someone ("the head of Meta" names no one before "of": keep it all).
        for index, word in enumerate(words[1:], start=1):
            if word.lower in _POST_MODIFIERS:
                head = words[:index]
                if self._mentions_between(head[0].start, head[-1].end) or any(
                    w.capitalised and w.lower not in NAME_TITLES for w in head[1:]
                ):
                    words = head
                break
        start, end = words[0].start, words[-1].end
        inside = self._mentions_between(start, end)
        if inside:
            # The head of "Meta CEO Mark Zuckerberg" is its last mention.
            return self._canonical(inside[-1].entity)
        run, titled = _name_run(words)
        if not run:
            return None
        if len(run) == 1 and not titled and not self._proper_noun(run[0]):
            return None  # "Critics said": a capitalised common noun at a sentence start
        written = self.text[run[0].start : run[-1].end]
        matched = self._match_entity(written)
        if matched is not None:
            return matched
        for known, _ in reversed(self._named):
            if known == written or known.split()[-1] == written.split()[-1]:
                return known
        self._named.append((written, titled or len(run) > 1))
        return written

    def _canonical(self, entity: Entity) -> str:
        """The entity's name, or the full name when an extractor kept a surname apart."""
        if entity.type is EntityType.PERSON and " " not in entity.name:
            fuller = {
                other.name
                for other in self.entities
                if other.type is EntityType.PERSON and other.name.split()[-1] == entity.name
            }
            if len(fuller) == 1:
                return fuller.pop()
        return entity.name

    def _proper_noun(self, word: _Word) -> bool:
        """Whether a capitalised word is a name: it stands, or appears elsewhere, mid-sentence."""
        if self.context.sentence_start(word.start) != word.start:
            return True
        known = self._mid_sentence.get(word.text)
        if known is None:
            # One search of the whole text per word: remembered, as long articles ask often.
            pattern = r"(?<=[a-z0-9,;:] )" + re.escape(word.text) + r"\b"
            known = self._mid_sentence[word.text] = re.search(pattern, self.text) is not None
        return known

    def _match_entity(self, written: str) -> str | None:
        """The entity a name refers to: same name, same surname, same acronym or first word."""
        tokens = written.split()
        candidates: list[Entity] = []
        for entity in self.entities:
            name_tokens = entity.name.split()
            if entity.name == written or (
                len(tokens) == 1
                and (
                    (entity.type is EntityType.PERSON and name_tokens[-1] == tokens[0])
                    or _acronym(entity.name) == tokens[0]
                    or (entity.type is EntityType.ORG and name_tokens[0] == tokens[0])
                )
            ):
                candidates.append(entity)
        names = {entity.name for entity in candidates}
        return names.pop() if len(names) == 1 else None

    def _mentions_between(self, start: int, end: int) -> list[_Mention]:
        index = bisect_left(self._mention_ends, start + 1)
        found: list[_Mention] = []
        # By index, not over a slice: `self._mentions[index:]` copied the rest of the list on
        # every call (quadratic in the text's length: 2.5 s of a 4 MB text's analysis).
        mentions = self._mentions
        while index < len(mentions) and mentions[index].start < end:
            if mentions[index].end > start:
                found.append(mentions[index])
            index += 1
        return found

    # -- reference --------------------------------------------------------------------------

    def _pronoun(self, word: str, offset: int) -> str | None:
        if word in PERSON_PRONOUNS:
            return self._salient_person(offset) or self._nearest(EntityType.PERSON, offset)
        if word in ORG_PRONOUNS:
            return self._nearest(EntityType.ORG, offset)
        return None

    def _salient_person(self, offset: int) -> str | None:
        """The person "he" or "she" most likely is: the nearest one named first in a sentence
        before `offset` (its topic, usually the subject: "Harry Kane won the award. He said";
        "For Kevin Allton, …, Warhol was a legend. He said"), looking back
        `SALIENT_SENTENCES` sentences. None when no sentence there opens with a person."""
        start = offset
        for _ in range(SALIENT_SENTENCES):
            if start <= 0:
                return None
            start = self.context.sentence_start(start - 1)
            first = self._first_mention(start, offset)
            if first is not None and first.entity.type is EntityType.PERSON:
                return self._canonical(first.entity)
            offset = start
        return None

    def _first_mention(self, start: int, end: int) -> _Mention | None:
        index = bisect_left(self._mention_ends, start + 1)
        if index < len(self._mentions) and self._mentions[index].start < end:
            return self._mentions[index]
        return None

    def _nearest(self, kind: EntityType, offset: int, holding: str | None = None) -> str | None:
        """The nearest entity of `kind` mentioned before `offset`, a few paragraphs back.

        With `holding`, only an entity whose name holds that (lower-case) word.
        """
        block = self.article.block_index_at(offset)
        horizon = self.article.blocks[max(0, block - ANTECEDENT_BLOCKS + 1)].start
        index = bisect_left(self._mention_ends, offset + 1) - 1
        while index >= 0 and self._mentions[index].end > horizon:
            mention = self._mentions[index]
            if (
                mention.entity.type is kind
                and mention.end <= offset
                and (holding is None or holding in mention.entity.name.lower().split())
            ):
                return self._canonical(mention.entity)
            index -= 1
        if holding is not None:
            return None
        if not self.entities and self._named:
            # No entities to go by: the latest named speaker that may be of this kind.
            for name, is_person in reversed(self._named):
                if is_person or kind is EntityType.ORG:
                    return name
        return None


#: Prepositions that open a tail after a speaker's name: "Anna Berg of Oslo", "Li at Acme".
_POST_MODIFIERS = frozenset({"of", "from", "at", "in", "with"})


def _name_run(words: list[_Word]) -> tuple[list[_Word], bool]:
    """The capitalised name in a phrase: after its last title, else its last capitalised run.

    Returns the name's words and whether a title stood before it.
    """
    last_title = -1
    for index, word in enumerate(words):
        if word.lower in NAME_TITLES:
            last_title = index
    titled = last_title >= 0
    candidates = words[last_title + 1 :] if titled else words
    runs: list[list[_Word]] = []
    for word in candidates:
        if word.capitalised and word.lower not in DETERMINERS | CONJUNCTIONS:
            if runs and runs[-1] and runs[-1][-1].end + 1 >= word.start:
                runs[-1].append(word)
            else:
                runs.append([word])
        else:
            runs.append([])
    runs = [run for run in runs if run]
    if not runs:
        return [], titled
    return (runs[0] if titled else runs[-1]), titled


def _acronym(name: str) -> str:
    """Initials of a name's capitalised words: "European Union" → "EU"."""
    return "".join(word[0] for word in name.split() if word[0].isupper())
