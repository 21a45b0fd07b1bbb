"""Who said a quotation, read from the narration around it (patterns, no parser).

The cues, strongest first: a reporting verb right after the quotation ("…,” she said",
"…,” warns Meta’s blog post"); a colon introduction ("Bell told lawmakers: “…”"), also at the
end of the paragraph before; the subject of a reporting verb earlier in the same sentence
("Spotify labeled it as “extortion”", "according to Dr. Haddad, … “…”"); and a verb with
"as" ("praised him as “…”").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.analysis.quotes.context import MASK, QuoteContext
from annotations.analysis.quotes.detection import QuotedSpan
from annotations.analysis.quotes.lexicon import (
    AUXILIARIES,
    CONJUNCTIONS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    NAME_TITLES,
    ORG_DESCRIPTIONS,
    ORG_NAME_HEADS,
    PERSON_DESCRIPTIONS,
    PREPOSITIONS,
    REPORTING_VERB_RE,
    word_set,
)
from annotations.analysis.quotes.speakers import SpeakerResolver

_WORD = re.compile(r"[\w][\w’'.\-]*|" + MASK + "+")
_WORD_OR_COMMA = re.compile(r"[\w][\w’'.\-]*|,")
_LEADING_PUNCTUATION = re.compile(r"[\s,;—–-]*")
#: Words that end a speaker phrase after a verb ("said Professor Eastman of …").
_PHRASE_STOPS = word_set("""
    who which that whose of in at on for from to with during after before and but adding
    speaking when while as according last this via
    """)
#: Conjunctions that may open a clause whose subject follows ("but he replied").
_LEADING_CONJUNCTIONS = word_set("but and so yet")
#: Words that end a clause: the subject of a later verb comes after them.
_CLAUSE_OPENERS = word_set("that because if when whether though although")
#: Lower-case words that may belong to the noun phrase opening a sentence.
_SUBJECT_WORDS = (
    DETERMINERS | NAME_TITLES | DOCUMENT_NOUNS | ORG_DESCRIPTIONS | PERSON_DESCRIPTIONS
) | word_set("its his her their")
#: Longest subject phrase accepted before a verb (appositives included).
MAX_SUBJECT_WORDS = 12
#: Longest speaker phrase accepted between a quotation and the verb after it.
MAX_TRAILING_SUBJECT_WORDS = 7


@dataclass(frozen=True, slots=True)
class Attribution:
    """What the narration says about who spoke."""

    #: True when a cue attributes the quotation to someone (even one not resolved).
    cue: bool
    speaker: str | None = None


NO_CUE = Attribution(cue=False)


class Attributor:
    """Attributes the quoted spans of one article."""

    def __init__(self, context: QuoteContext, resolver: SpeakerResolver) -> None:
        self.context = context
        self.resolver = resolver
        self.article = context.article
        self.text = context.article.text
        self.masked = context.masked

    def attribute(self, span: QuotedSpan) -> Attribution:
        sentence_start = self.context.sentence_start(span.open_mark)
        for found in (
            self._after(span),
            self._before(sentence_start, span.open_mark),
            self._previous_paragraph_colon(span, sentence_start),
            self._previous_sentence(span, sentence_start),
        ):
            if found is not None:
                return found
        return NO_CUE

    # -- after the quotation ------------------------------------------------------------

    def _after(self, span: QuotedSpan) -> Attribution | None:
        start = span.region_end
        end = self.context.sentence_end(start)
        next_region = self.context.next_region_start(start)
        if next_region is not None:
            end = min(end, next_region)
        start = _LEADING_PUNCTUATION.match(self.masked, start, end).end()  # type: ignore[union-attr]
        if start >= end:
            return None
        quoted = self.text[span.start : span.end].rstrip("\"'”’»› ")
        if quoted.endswith(".") and self.text[start].isupper():
            return None  # the quotation ended its sentence; a new one starts here
        verb = REPORTING_VERB_RE.match(self.masked, start, end)
        if verb is not None and verb.group().endswith("ing"):
            return None  # "…,” noting that …": the sentence's subject, found before it
        if verb is not None:
            phrase = self._phrase_after(verb.end(), end)
            return Attribution(True, None if phrase is None else self.resolver.resolve(*phrase))
        verb = REPORTING_VERB_RE.search(self.masked, start, end)
        if verb is None:
            return None
        words = _WORD.findall(self.masked, start, verb.start())
        if len(words) > MAX_TRAILING_SUBJECT_WORDS or any(
            word.lower() in _CLAUSE_OPENERS or MASK in word for word in words
        ):
            return None
        phrase = self._phrase_before(start, verb.start())
        if phrase is None:
            return None  # "…” and said …": the verb's subject is the sentence's, told before
        return Attribution(True, self.resolver.resolve(*phrase))

    # -- before the quotation -----------------------------------------------------------

    def _before(self, sentence_start: int, open_mark: int) -> Attribution | None:
        lead = self.masked[sentence_start:open_mark].rstrip()
        if lead.endswith(":"):
            return self._colon_clause(sentence_start, sentence_start + len(lead) - 1)
        found = self._verb_subject(sentence_start, open_mark)
        if found is not None:
            return found
        if re.search(r"\bas$", lead):
            return self._as_phrase(sentence_start, sentence_start + len(lead) - 2)
        return None

    def _colon_clause(self, start: int, colon: int) -> Attribution:
        found = self._verb_subject(start, colon)
        if found is not None:
            return found
        # "Sunak defended the record whilst promising …:": the sentence's subject speaks,
        # after an opening phrase ("During questions on Wednesday, Sunak …").
        opening = _WORD.match(self.masked, start)
        comma = self.masked.find(",", start, colon)
        if opening is not None and opening.group().lower() in PREPOSITIONS and comma > 0:
            start = comma + 1
        subject = self._sentence_subject(start, colon)
        if subject is not None:
            speaker = self.resolver.resolve(*subject)
            if speaker is not None:
                return Attribution(True, speaker)
        return Attribution(True, self.resolver.resolve(start, colon))

    def _verb_subject(self, start: int, end: int) -> Attribution | None:
        """The subject of the last reporting verb in ``[start, end)`` that has one."""
        verbs = list(REPORTING_VERB_RE.finditer(self.masked, start, end))
        for verb in reversed(verbs):
            phrase: tuple[int, int] | None
            if verb.group().lower() == "in the words of":
                # "in the words of the Crown prosecutor, Mark Tedeschi, QC, “…”": its parts
                # are weighed in `resolve`, the name winning over the description.
                phrase = (verb.end(), end)
            elif verb.group().lower() == "according to":
                phrase = self._phrase_after(verb.end(), end)
            else:
                phrase = self._phrase_before(start, verb.start())
                if phrase is None and _ends_with_conjunction(self.masked, start, verb.start()):
                    # "Okonjo thanked the museum but said …": the sentence's subject spoke.
                    phrase = self._sentence_subject(start, verb.start())
            if phrase is not None:
                return Attribution(True, self.resolver.resolve(*phrase))
        return Attribution(True) if verbs else None

    def _as_phrase(self, start: int, as_start: int) -> Attribution | None:
        """ "dismissed the criticism as “…”": the subject of the verb before "as"."""
        words = list(_WORD.finditer(self.masked, start, as_start))
        for word in reversed(words[-6:]):
            if word.group().islower() and word.group().endswith("ed"):
                phrase = self._phrase_before(start, word.start())
                if phrase is not None:
                    return Attribution(True, self.resolver.resolve(*phrase))
                return Attribution(True)
        return None

    def _previous_paragraph_colon(
        self, span: QuotedSpan, sentence_start: int
    ) -> Attribution | None:
        """A paragraph that is a quotation introduced by "X was blunt:" at the end of the last."""
        block = self.article.blocks[span.block]
        if span.block == 0 or self.masked[block.start : span.open_mark].strip():
            return None
        previous = self.article.blocks[span.block - 1]
        lead = self.masked[previous.start : previous.end].rstrip()
        if not lead.endswith(":"):
            return None
        colon = previous.start + len(lead) - 1
        return self._colon_clause(self.context.sentence_start(colon), colon)

    def _previous_sentence(self, span: QuotedSpan, sentence_start: int) -> Attribution | None:
        """A quotation that opens its sentence, after "Wilkins also said Warhol was …." in the
        same paragraph: the speaker of the sentence before speaks on. Only a resolved speaker
        counts, and only when that sentence quotes no one itself (a quotation before this one
        passes its speaker on in `find_quotes`)."""
        block = self.article.blocks[span.block]
        if self.masked[sentence_start : span.open_mark].strip() or sentence_start <= block.start:
            return None
        previous = self.context.sentence_start(sentence_start - 1)
        if MASK in self.masked[previous:sentence_start]:
            return None
        found = self._verb_subject(previous, sentence_start)
        return found if found is not None and found.speaker is not None else None

    # -- phrases ----------------------------------------------------------------------------

    def _phrase_after(self, start: int, end: int) -> tuple[int, int] | None:
        """The speaker phrase after a verb: "said Mayor Linda Okafor, who …" → its name."""
        first: int | None = None
        last = start
        taken: list[str] = []
        for word in _WORD.finditer(self.masked, start, end):
            between = self.masked[last : word.start()]
            # "… Management (OPM) Director Kiran Ahuja": brackets around an acronym go on.
            bracketed = between.strip() in ("(", ")") and (
                word.group().isupper() or between.strip() == ")"
            )
            # "said Ingenuity’s project manager, Teddy Tzanetos": a name after a title goes on.
            appositive = (
                between.strip() == ","
                and bool(taken)
                and taken[-1] in NAME_TITLES
                and word.group()[:1].isupper()
            )
            if MASK in word.group() or (
                taken and between.strip() and not (bracketed or appositive)
            ):
                break  # punctuation or a quotation ends the phrase
            lower = word.group().lower().rstrip(".")
            only_titles = all(w in NAME_TITLES for w in taken)
            after_document = bool(taken) and taken[-1] in DOCUMENT_NOUNS
            # "Office of Personnel Management": "of" after an organisation word goes on.
            of_name = lower == "of" and bool(taken) and taken[-1] in ORG_NAME_HEADS
            if lower in _PHRASE_STOPS and taken and not (only_titles or after_document or of_name):
                break
            if lower in _PHRASE_STOPS and not taken and lower not in {"the", "a", "an"}:
                return None
            taken.append(lower)
            first = word.start() if first is None else first
            last = word.end()
            if len(taken) >= MAX_SUBJECT_WORDS:
                break
        return None if first is None else (first, last)

    def _sentence_subject(self, start: int, end: int) -> tuple[int, int] | None:
        """The noun phrase that opens a sentence, appositives included.

        It runs over capitalised words, determiners, titles and descriptions, and up to two
        other words after a possessive ("Nigeria’s culture minister, Ade Okonjo,").
        """
        first: int | None = None
        last = start
        after_possessive = 0
        for word in _WORD_OR_COMMA.finditer(self.masked, start, end):
            token = word.group()
            lower = token.lower().rstrip(".")
            if token == ",":
                after_possessive = 0
                continue
            if token[0].isupper() or lower in _SUBJECT_WORDS:
                after_possessive = 2 if re.search(r"[’']s?$", token) else after_possessive
            elif lower in ("of", "for") and self.masked[word.end() + 1 : word.end() + 2].isupper():
                pass  # "The secretary general of CEI, Nunzio Galantino,"
            elif after_possessive > 0:
                after_possessive -= 1
            else:
                break
            first = word.start() if first is None else first
            last = word.end()
        return None if first is None else (first, last)

    def _phrase_before(self, start: int, verb_start: int) -> tuple[int, int] | None:
        """The subject phrase before a verb, or None when it is no plain subject."""
        region_start = max(start, self.masked.rfind(MASK, start, verb_start) + 1)
        words = list(_WORD.finditer(self.masked, region_start, verb_start))
        while words and _is_filler(words[-1].group()):
            words.pop()
        for index in range(len(words) - 1, -1, -1):
            if words[index].group().lower() in _CLAUSE_OPENERS:
                words = words[index + 1 :]
                break
        for index in range(len(words) - 1, -1, -1):
            if words[index].group().lower() == "with" and index + 1 < len(words):
                # "…, with Boswell stating:": the subject of an absolute "with" clause.
                words = words[index + 1 :]
                break
        if len(words) > 1 and words[0].group().lower() in _LEADING_CONJUNCTIONS:
            words = words[1:]  # "but he replied"
        if not words or words[-1].group().lower() in CONJUNCTIONS:
            return None
        if words[0].group().lower() in CONJUNCTIONS:
            return None
        if len(words) > MAX_SUBJECT_WORDS:
            # "Cynthia Thompson, curator and director of exhibits at …, said": the noun
            # phrase that opens the sentence, when the long subject starts it.
            if region_start == start:
                return self._sentence_subject(start, verb_start)
            return None
        return words[0].start(), words[-1].end()


def _ends_with_conjunction(text: str, start: int, end: int) -> bool:
    words = _WORD.findall(text, start, end)
    return bool(words) and words[-1].lower() in CONJUNCTIONS


def _is_filler(word: str) -> bool:
    """Words between a subject and its verb: "has", "also", "repeatedly"."""
    lower = word.lower()
    return lower in AUXILIARIES or lower == "not" or (word.islower() and lower.endswith("ly"))
