"""Entity extraction without a model: capitalised word runs, typed by cues in their context.

Used when spaCy is not installed. It finds runs of capitalised words (joined by connectors
such as "of", "de" or "&"), leaves out common words that are capitalised only because they
open a sentence, splits runs at titles ("Meta CEO Mark Zuckerberg"), and votes a type from
the words around each run. The shared quality layer then does the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.entity_rules import is_given_name, type_cue
from annotations.analysis.entities.lexicon import (
    COMMON_WORDS,
    CONNECTORS,
    DEMONYMS,
    NOT_ENTITY_ACRONYMS,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_PREPOSITIONS,
    PORTFOLIO_TITLES,
    SPEECH_VERBS,
    word_set,
)
from annotations.analysis.entities.mention_rules import (
    is_acronym,
    lower_case_words,
    straighten_quotes,
)
from annotations.analysis.entities.model import Entity, EntityType
from annotations.analysis.entities.pipeline import QUALITY_VERSION, build_entities

RULES_VERSION = "4"  # 4: people of places in coordinations; lone openers

# Dotted initialisms ("U.S."), then words with inner apostrophes, hyphens and "&".
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w&\-]|['’](?=\w))*")
_ABBREVIATED_TITLES = word_set("mr mrs ms dr prof st gen sen rep gov lt col capt")
#: What may stand between a sentence end and the next word: spaces, opening quotes, brackets.
_SENTENCE_OPENERS = frozenset("\"'“‘([")
_SENTENCE_ENDS = frozenset(".!?:\n")
#: A line is headline-cased when at least this share of its common words are capitalised.
HEADLINE_CAPITALISED_SHARE = 0.7


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    text: str
    sentence_initial: bool


class RuleExtractor:
    """The rule-based backend: no model, no state, safe in any thread."""

    name = "built-in rules"
    version = f"rules-{RULES_VERSION}+q{QUALITY_VERSION}"
    #: How a worker process makes the same extractor (see `annotations.analysis.engine`).
    backend = "rules"

    def candidates(self, straight: str, start: int, end: int) -> list[Candidate]:
        """Raw mentions of the lines that begin in ``[start, end)`` of the straightened text.

        Whole lines, each in the one chunk where it begins, and judged against the whole
        text (a word is a name when the text writes it so elsewhere): chunk by chunk gives
        exactly what `extract` gives at once.
        """
        if start > 0 and straight[start - 1] != "\n":
            newline = straight.find("\n", start)
            start = len(straight) if newline < 0 else newline + 1
        found: list[Candidate] = []
        for match in _LINE.finditer(straight, start):
            if match.start() >= end:
                break
            line = match.group()
            if not _is_headline_cased(line):
                found.extend(_line_candidates(straight, match.start(), line))
        return found

    def extract(self, text: str) -> list[Entity]:
        """Entities of `text`, most mentioned first, with offsets into `text`."""
        straight = straighten_quotes(text)
        candidates = [
            candidate
            for line_start, line in _lines(straight)
            if not _is_headline_cased(line)
            for candidate in _line_candidates(straight, line_start, line)
        ]
        return build_entities(text, candidates)


_LINE = re.compile(r"[^\n]+")


def _lines(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _LINE.finditer(text)]


def _is_headline_cased(line: str) -> bool:
    """A title-case headline ("Ministers Split Over Tax") capitalises its common words too.

    Name-dense sentences ("Meta CEO Mark Zuckerberg and ...") are not headlines: their common
    words stay lower case.
    """
    words: list[str] = [w for w in _WORD.findall(line) if w[0].isalpha()]
    common = [w for w in words[1:] if w.lower() in COMMON_WORDS]
    if len(words) < 4 or not common:
        return False
    capitalised = sum(w[0].isupper() for w in common)
    return capitalised / len(common) >= HEADLINE_CAPITALISED_SHARE


def _starts_sentence(line: str, start: int) -> bool:
    """Whether the word at `start` follows a sentence end (or the line's start), with only
    spaces, opening quotes or brackets between.

    Walks back from the word instead of searching the line before it with an end-anchored
    pattern, which scanned from the line's start for every word: quadratic in paragraph length.
    """
    index = start
    while index > 0 and (line[index - 1].isspace() or line[index - 1] in _SENTENCE_OPENERS):
        if line[index - 1] == "\n":
            return True  # a line break ends a sentence too
        index -= 1
    return index == 0 or line[index - 1] in _SENTENCE_ENDS


def _line_candidates(text: str, line_start: int, line: str) -> list[Candidate]:
    words = [
        _Word(
            line_start + m.start(),
            line_start + m.end(),
            m.group(),
            _starts_sentence(line, m.start()),
        )
        for m in _WORD.finditer(line)
    ]
    candidates: list[Candidate] = []
    for run in _capitalised_runs(text, words):
        if (
            len(run) == 1
            and run[0].sentence_initial
            and (
                re.match(r"[,:;]| [a-z]", text[run[0].end : run[0].end + 2])
                or run[0].text.endswith(("ing", "ly"))
            )
            and not _used_as_name(text, run[0].text)
        ):
            continue  # "Speaking", "Perhaps", "Congratulations": capitalised only to open
        for titled_part, title in _split_at_titles(run):
            for index, part in enumerate(_split_person_of_place(titled_part, title)):
                # Only the person keeps the title's PERSON cue: "Mayor Anna Berg | of Oslo".
                candidate = _typed(text, part, title and index == 0)
                if candidate is not None:
                    candidates.append(candidate)
    return candidates


def _used_as_name(text: str, word: str) -> bool:
    """Whether the text also writes `word` capitalised inside a sentence, or it is an acronym.

    A lone word that is capitalised only where it opens sentences ("Allegedly, ...",
    "Looking at ...", "Congratulations to ...") is no name; "Gawker" is written mid-sentence
    somewhere in an article about it.
    """
    if is_acronym(word):
        return True
    return _written_mid_sentence(text, re.split(r"['’]", word)[0])


@lru_cache(maxsize=4096)
def _written_mid_sentence(text: str, word: str) -> bool:
    """One search of the whole text per word (remembered: long texts repeat their openers)."""
    return re.search(r"(?<=[a-z0-9,;] )" + re.escape(word) + r"\b", text) is not None


def _split_person_of_place(part: list[_Word], titled: bool) -> list[list[_Word]]:
    """ "Anna Berg of Oslo" names a person and a place; "Bank of England" is one name.

    Split at "of" when the words before it read as a person's name (a title came before them,
    or they open with a common given name) and the word before "of" is not an organisation
    head ("Bank", "University").
    """
    for index, word in enumerate(part):
        if word.text.lower() != "of" or index == 0 or index == len(part) - 1:
            continue
        # "… Springs and Luke Delaney of Debary": the person starts after the last "and".
        joins = [i for i in range(index) if part[i].text == "and"]
        head = part[: joins[-1]] if joins else []
        person = part[joins[-1] + 1 : index] if joins else part[:index]
        if not person:
            continue
        if len(person) > 2 and person[0].text.lower().rstrip(".") in PERSON_TITLES:
            person, titled = person[1:], True  # "Professor Helen Eastman of ..."
        plain = 2 <= len(person) <= 3 and not any(
            w.text.lower() in ORG_HEADS or w.text.lower() in COMMON_WORDS or is_acronym(w.text)
            for w in person
        )
        looks_personal = titled or is_given_name(person[0].text) or plain
        if looks_personal and len(person) >= 2 and person[-1].text.lower() not in ORG_HEADS:
            rest = _split_person_of_place(part[index + 1 :], False)
            return [*([head] if head else []), person, *rest]
    return [part]


def _is_name_word(text: str, word: _Word) -> bool:
    """A capitalised word that can be part of a name here."""
    first = word.text[0]
    if not (first.isupper() or (word.text[1:2].isupper() and first.islower())):
        return False
    if re.search(r"-[a-z]+$", word.text) or re.fullmatch(r"I(?:['’]\w+)?", word.text):
        return False  # "Warhol-like", "Scientology-related"; the pronoun "I", "I've"
    if word.sentence_initial and word.text.lower() in COMMON_WORDS:
        return False
    if word.sentence_initial and not is_acronym(word.text):
        # A sentence opener that the text also writes in lower case is a common word.
        stem = re.split(r"['’]", word.text)[0].lower()
        if stem in COMMON_WORDS or word.text.lower() in lower_case_words(text):
            return False
    return bool(word.text not in NOT_ENTITY_ACRONYMS)


def _capitalised_runs(text: str, words: list[_Word]) -> list[list[_Word]]:
    """Runs of name words, joined by single spaces, connectors and abbreviated titles."""
    runs: list[list[_Word]] = []
    run: list[_Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        if _is_name_word(text, word):
            gap = text[run[-1].end : word.start] if run else ""
            if run and (not _joins(run[-1], gap) or _is_weekday(word) or _is_weekday(run[-1])):
                runs.append(run)  # "Prime Minister's Questions | Wednesday"
                run = []
            if not _is_weekday(word):
                run.append(word)
        elif (
            run
            and word.text.lower() in CONNECTORS - {"the"}
            and index + 1 < len(words)
            and not _is_weekday(run[-1])
        ):
            following = words[index + 1]
            joined = text[run[-1].end : word.start] == " " == text[word.end : following.start]
            # "Daughters of the American Revolution": "of the" joins; a lone "the" never
            # does ("Rathbun the Scientology property").
            article = (
                following.text == "the"
                and word.text.lower() in ("of", "for")
                and index + 2 < len(words)
                and text[following.end : words[index + 2].start] == " "
                and _is_name_word(text, words[index + 2])
            )
            if joined and article:
                run.extend([word, following])
                index += 1
            elif joined and _is_name_word(text, following):
                run.append(word)
            else:
                runs.append(run)
                run = []
        elif run:
            runs.append(run)
            run = []
        index += 1
    if run:
        runs.append(run)
    return runs


_WEEKDAYS = word_set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")


def _is_weekday(word: _Word) -> bool:
    return word.text in _WEEKDAYS


def _joins(previous: _Word, gap: str) -> bool:
    """Whether `gap` keeps two name words in one name: a space, after "Dr." or "Farmers'"."""
    if gap == " ":
        return True
    if gap == ". ":
        return previous.text.lower() in _ABBREVIATED_TITLES
    return gap in ("' ", "’ ") and previous.text.endswith("s")


def _split_at_titles(run: list[_Word]) -> list[tuple[list[_Word], bool]]:
    """Cut a run at title words: "Meta CEO Mark Zuckerberg" → "Meta", "Mark Zuckerberg".

    Returns each part with whether a title came right before it. A one-word part before a
    portfolio title ("Finance Minister") and a leading demonym ("German") are dropped.
    """
    parts: list[tuple[list[_Word], bool]] = []
    current: list[_Word] = []
    titled = False
    if type_cue(" ".join(w.text for w in run)) not in (None, EntityType.PERSON):
        return [(run, False)]
    for word in run:
        key = word.text.lower().rstrip(".")
        if key in PERSON_TITLES or word.text.rstrip(".") in ("CEO", "CFO", "CTO"):
            portfolio = key in PORTFOLIO_TITLES
            current = _without_demonym(current)
            if current and not (portfolio and len(current) == 1):
                parts.append((current, titled))
            current, titled = [], True
            continue
        current.append(word)
    if current:
        parts.append((current, titled))
    return [(_without_demonym(part), titled) for part, titled in parts if part]


def _without_demonym(part: list[_Word]) -> list[_Word]:
    if not part:
        return part
    ends_as_org = part[-1].text.lower() in ORG_HEADS
    if len(part) > 1 and part[0].text in DEMONYMS and not ends_as_org:
        return part[1:]
    return part


def _typed(text: str, part: list[_Word], titled: bool) -> Candidate | None:
    """A candidate for `part`, with the type its context suggests."""
    while part and part[-1].text.lower() in CONNECTORS:
        part = part[:-1]
    if not part:
        return None
    start, end = part[0].start, part[-1].end
    name = text[start:end]
    if len(part) == 1 and name in DEMONYMS:
        return None
    return Candidate(start, end, _context_type(text, start, end, name, titled))


def _context_type(text: str, start: int, end: int, name: str, titled: bool) -> EntityType | None:
    cue = type_cue(name)
    if cue is not None:
        return cue
    words = name.split()
    before = re.findall(r"[\w']+", text[max(0, start - 40) : start])
    after = re.findall(r"[\w']+", text[end : end + 30])
    previous = before[-1].lower() if before else ""
    following = after[0].lower() if after else ""
    has_connector = any(w in CONNECTORS for w in words)
    personal = 2 <= len(words) <= 3 and not has_connector
    if titled or previous in PERSON_TITLES:
        return EntityType.PERSON
    if personal and is_given_name(words[0]):
        return EntityType.PERSON
    if personal and (following in SPEECH_VERBS or previous in SPEECH_VERBS):
        return EntityType.PERSON
    if previous in PLACE_PREPOSITIONS and not has_connector:
        return EntityType.PLACE
    if is_acronym(name) or has_connector:
        return EntityType.ORG
    if len(words) == 1:
        # A lone word may be a surname or a company: let its other mentions decide.
        return None
    return EntityType.PERSON if personal else EntityType.ORG
