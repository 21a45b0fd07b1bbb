"""Quality rules that clean up single mentions: quotes, spans, possessives, coordinations.

Each rule is a small function over the text and `Candidate` ranges, so it can be tested on
its own and shared by every backend. Rules only ever move a range's ends; the text itself
is never changed, so offsets always point into what the article says.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from functools import cache, lru_cache

from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.lexicon import (
    COMMON_WORDS,
    CONNECTORS,
    DEMONYMS,
    KNOWN_PLACES,
    NOT_ENTITY_ACRONYMS,
    ORG_HEADS,
    OTHER_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
    PORTFOLIO_TITLES,
)
from annotations.analysis.entities.model import EntityType

# Single quotes and primes become "'", double ones '"': one character for one.
_QUOTE_MAP = str.maketrans("‘’‚‛′“”„‟″", "'''''\"\"\"\"\"")
_QUOTE_PAIRS = tuple((chr(curly), chr(straight)) for curly, straight in _QUOTE_MAP.items())

#: One word of a name: letters (with digits, apostrophes, hyphens and dots inside).
WORD = re.compile(r"[^\W_][\w'’.\-&]*[\w.]|[^\W_]|&")
_APOSTROPHES = "'’"
_LEADING_ARTICLES = ("the ", "The ", "THE ")
_TRAILING_JUNK = " \t\n\r,;:.!?\"“”‘'’()[]{}-–—«»‹›„"
_LEADING_JUNK = " \t\n\r,;:.!?\"“”‘'’()[]{}-–—«»‹›„"
_NUMBERISH = re.compile(r"^[\d\s.,:/%£$€¥+\-–]+[a-z]{0,3}$")
_COORDINATORS = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def straighten_quotes(text: str) -> str:
    """Map curly quotes and apostrophes to straight ones, one character for one.

    The model has mostly seen straight quotes; keeping the length keeps every offset valid
    for the original text.
    """
    # One `replace` per mark: `str.translate` with a mapping took ~0.2 s per MB (20 times
    # longer), in the app's process too, where the engine straightens the whole text.
    for curly, straight in _QUOTE_PAIRS:
        text = text.replace(curly, straight)
    return text


def split_at_line_breaks(text: str, candidate: Candidate) -> list[Candidate]:
    """Cut a mention that runs over a line break: a name never spans two lines."""
    pieces: list[Candidate] = []
    start = candidate.start
    for match in re.finditer(r"\n", text[candidate.start : candidate.end]):
        end = candidate.start + match.start()
        if end > start:
            pieces.append(candidate.with_range(start, end))
        start = candidate.start + match.end()
    if candidate.end > start:
        pieces.append(candidate.with_range(start, candidate.end))
    return pieces


def trim_mention(text: str, candidate: Candidate) -> Candidate | None:
    """Drop what surrounds a name: punctuation, a leading "the", titles, a possessive.

    "the European Union" → "European Union", "Meta's" → "Meta", "Farmers'" → "Farmers",
    "Councillor Ravi Patel" → "Ravi Patel". Returns None when nothing is left.
    """
    start, end = candidate.start, candidate.end
    while True:
        before = (start, end)
        while start < end and text[start] in _LEADING_JUNK:
            start += 1
        while (
            end > start
            and text[end - 1] in _TRAILING_JUNK
            and not _is_initial_dot(text, start, end)
        ):
            end -= 1
        end = _without_possessive(text, start, end)
        end = _without_trailing_connector(text, start, end)
        start = _without_leading_article(text, start, end)
        if _may_start_with_title(text[start:end], candidate.type):
            start = _without_leading_titles(text, start, end)
        if (start, end) == before:
            break
    return candidate.with_range(start, end) if start < end else None


def _may_start_with_title(surface: str, kind: EntityType | None) -> bool:
    """Titles are stripped from people only: "General Motors" and "General Data Protection
    Regulation" keep their first word."""
    if kind not in (None, EntityType.PERSON):
        return False
    last = _last_word(surface).lower()
    return last not in ORG_HEADS and last not in OTHER_HEADS and last not in PLACE_HEADS


def _is_initial_dot(text: str, start: int, end: int) -> bool:
    """Whether the final "." belongs to the name: a dotted initialism such as "U.S.", or a
    company's "Inc." or "Corp." ("AeroVironment Inc.")."""
    if text[end - 1] != ".":
        return False
    surface = text[start:end]
    if re.search(r"\s(?:Inc|Corp|Ltd|Co|Bros|Jr|Sr)\.$", surface):
        return True
    return re.search(r"(?:^|\s)(?:\w\.){2,}$", surface) is not None


def _without_possessive(text: str, start: int, end: int) -> int:
    if end - start > 2 and text[end - 2] in _APOSTROPHES and text[end - 1] in "sS":
        return end - 2
    if end - start > 1 and text[end - 1] in _APOSTROPHES:
        return end - 1
    return end


def _without_trailing_connector(text: str, start: int, end: int) -> int:
    """Drop a dangling "and"/"of" the model left at the end ("the App Drivers and")."""
    head, _, last = text[start:end].rpartition(" ")
    if head and last in CONNECTORS and last.islower():
        return start + len(head.rstrip())
    return end


def _without_leading_article(text: str, start: int, end: int) -> int:
    for article in _LEADING_ARTICLES:
        if text.startswith(article, start) and start + len(article) < end:
            return start + len(article)
    return start


def _without_leading_titles(text: str, start: int, end: int) -> int:
    """Skip title words ("Dr.", "Councillor", "Mrs") while a name follows them."""
    while True:
        match = WORD.match(text, start, end)
        if match is None or match.end() >= end:
            return start
        word = match.group().rstrip(".").lower()
        following = text[match.end() : end].lstrip(". ")
        if word not in PERSON_TITLES or not following[:1].isupper():
            return start
        start = end - len(following)


def split_inner_possessive(text: str, candidate: Candidate) -> list[Candidate]:
    """Split "Meta's AI" into "Meta" and "AI": a possessive inside a span joins two names.

    Only "'s" is a split point; a bare trailing apostrophe inside a name ("Farmers' Union",
    "St Mary's Church Hall" is the exception the next rule keeps) may be part of it.
    """
    surface = candidate.surface(text)
    # "Lloyd's of London" keeps its possessive: a lower-case word follows it.
    match = re.search(r"['’]s\s+(?=[^\s a-z])", surface)
    if match is None or _is_place_of_saint(surface, match.start()):
        return [candidate]
    # The model's type was for the whole span, which the part before "'s" rarely shares.
    left = Candidate(candidate.start, candidate.start + match.start(), None)
    right = candidate.with_range(candidate.start + match.end(), candidate.end)
    return [left, *split_inner_possessive(text, right)]


def _is_place_of_saint(surface: str, apostrophe: int) -> bool:
    """Whether "St Mary's Church" or "King's College" keep a possessive that is in the name."""
    words = surface[:apostrophe].split()
    return len(words) >= 2 and words[-2].rstrip(".").lower() in {"st", "saint", "king", "queen"}


def split_coordination(
    text: str, candidate: Candidate, acronyms: Iterable[str] = ()
) -> list[Candidate]:
    """Split names the model glued with "and", "or" or commas ("Facebook and Instagram").

    A coordination is kept whole when it is one name: its initials are an acronym used in
    the text ("Competition and Markets Authority" with "CMA"), or only its last part ends
    with an organisation word ("App Drivers and Couriers Union"). "&" never splits.
    """
    surface = candidate.surface(text)
    parts = list(_COORDINATORS.finditer(surface))
    if not parts:
        return [candidate]
    if initials(surface) in set(acronyms) or _titled_by_the(text, candidate.start):
        return [candidate]
    defined = _DEFINED_ACRONYM.match(text, candidate.end)
    if defined is not None and abbreviates(defined.group(1), surface):
        return [candidate]  # "Department of Environment and Natural Resources (DENR)"
    if candidate.type is EntityType.OTHER and re.fullmatch(r"\w+ and \w+", surface):
        return [candidate]  # "Cowboys and Indians", "War and Peace": one title
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in parts:
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, len(surface)))
    heads = [_org_head(surface[a:b]) for a, b in pieces]
    if heads[-1] and not any(heads[:-1]):
        return [candidate]
    if not all(surface[a:b][:1].isupper() for a, b in pieces):
        return [candidate]
    if any(not _can_stand_alone(text, surface[a:b]) for a, b in pieces):
        # "For Inspiration and Recognition of Science", "Tang Museum and Art Gallery": a part
        # that opens with a function word, or has no word of a name, is no name by itself.
        return [candidate]
    if any(" " not in surface[a:b] and _is_common(text, surface[a:b]) for a, b in pieces):
        # "Health and Social Care Alliance": "Health" cannot be a name on its own.
        return [candidate]
    # A law/work/event label was the model reading the whole as a title ("War and Peace");
    # once it is a coordination, that reading is refuted and the parts get no vote.
    kind = None if candidate.type is EntityType.OTHER else candidate.type
    return [Candidate(candidate.start + a, candidate.start + b, kind) for a, b in pieces]


def _org_head(piece: str) -> bool:
    """Whether a part ends with an organisation word, maybe followed by a place or acronym
    ("Space Technology Development Agency Thailand")."""
    words = piece.split()
    if len(words) > 1 and (words[-1] in KNOWN_PLACES or is_acronym(words[-1])):
        words = words[:-1]
    if any(
        word in ("of", "for") and words[index - 1].lower() in ORG_HEADS
        for index, word in enumerate(words[1:-1], start=1)
    ):
        return True  # "Block Museum of Art"
    return bool(words) and words[-1].lower() in ORG_HEADS


def _can_stand_alone(text: str, piece: str) -> bool:
    """Whether a part of a coordination could be a name on its own."""
    words = piece.split()
    if not words or words[0].lower() in CONNECTORS or words[0].lower() in _FUNCTION_WORDS:
        return False
    heads = ORG_HEADS | PLACE_HEADS
    return len(words) == 1 or any(w.lower() not in heads and not _is_common(text, w) for w in words)


_FUNCTION_WORDS = frozenset(["for", "of", "in", "on", "at", "to", "by", "with", "from", "as"])


def _titled_by_the(text: str, start: int) -> bool:
    """Whether a capitalised "The" stands right before `start` inside a sentence: "in The
    Globe and Mail" is one title-cased name."""
    return text[max(0, start - 4) : start] == "The " and not is_sentence_initial(text, start - 4)


def _last_word(surface: str) -> str:
    words = surface.split()
    return words[-1] if words else ""


def initials(name: str) -> str:
    """The acronym a name abbreviates: first letters of its capitalised words.

    "European Union" → "EU", "Organisation for Economic Co-operation and Development" →
    "OECD" (connectors and hyphenated tails do not count).
    """
    letters = [word[0] for word in name.replace("-", " - ").split() if word[:1].isupper()]
    return "".join(letters)


def extend_cut_name(text: str, candidate: Candidate) -> Candidate:
    """Extend a mention the model cut after a connector over the capitalised words that follow.

    "the Organisation for Economic Co-operation and" + " Development" → the whole name.
    """
    surface = candidate.surface(text).rstrip()
    last = _last_word(surface)
    if last.lower() not in CONNECTORS or last.lower() == "the":
        return candidate
    end = candidate.start + len(surface)
    extended = end
    for match in WORD.finditer(text, end):
        if text[extended : match.start()].strip() or not match.group()[:1].isupper():
            break
        extended = match.end()
    return candidate.with_range(candidate.start, extended) if extended > end else candidate


def is_named_entity(surface: str) -> bool:
    """Whether a cleaned-up surface can be a named entity at all.

    Rejects numbers, amounts and dates written with digits, lower-case words, single letters,
    acronyms of concepts and jobs (AI, CEO, GDP), and lone common words ("Reading").
    """
    if len(surface) < 2 or not any(char.isalpha() for char in surface):
        return False
    if _NUMBERISH.match(surface):
        return False
    if surface in NOT_ENTITY_ACRONYMS:
        return False
    words = surface.split()
    if not any(word[:1].isupper() or _is_lower_camel(word) for word in words):
        return False
    if len(words) == 1 and surface in DEMONYMS:
        return False
    lower = [w for w in words[1:] if w[:1].islower() and w not in CONNECTORS]
    if len(words) >= 3 and 2 * len(lower) > len(words) - 1:
        return False  # "Nous ne céderons pas": a sentence, not a name
    return not (len(words) == 1 and surface.lower().strip(".") in COMMON_WORDS)


def _is_lower_camel(word: str) -> bool:
    """Whether a word is written like "iPhone" or "eBay": lower case, then upper case."""
    return len(word) > 2 and word[0].islower() and word[1].isupper()


def is_lower_camel(name: str) -> bool:
    """Whether a name is written like a product ("iPhone", "iOS")."""
    return _is_lower_camel(name.split()[0]) if name.split() else False


def is_acronym(surface: str) -> bool:
    """Two to six capitals, possibly with digits or "&" ("EU", "OECD", "G7", "AT&T")."""
    return (
        re.fullmatch(r"[A-Z][A-Z0-9&]{1,5}s?", surface) is not None
        and sum(char.isupper() or char.isdigit() for char in surface) >= 2
    )


def join_adjacent(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Join mentions separated by a single space: the model cut one name in two.

    "St Mary's" + "Church Hall" → "St Mary's Church Hall". The joined mention keeps the
    type of its last part, whose final word usually says what the name is.
    """
    joined: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.start):
        if (
            joined
            and text[joined[-1].end : candidate.start] == " "
            and not _person_beside_other(joined[-1], candidate)
        ):
            joined[-1] = Candidate(joined[-1].start, candidate.end, candidate.type)
        else:
            joined.append(candidate)
    return joined


def is_title_case_line(line: str) -> bool:
    """Whether a line is a title-case headline: three words or more, every word of four letters
    or more capitalised, and no full stop at its end ("NASA Opens Astronaut Applications")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line)]
    long_words = [w for w in words if len(w) >= 4]
    return (
        len(words) >= 3
        and bool(long_words)
        and all(w[0].isupper() for w in long_words)
        and not line.rstrip().endswith(".")
    )


def drop_headline_only(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Drop a mention on a title-case line that the text never writes anywhere else.

    In "NASA’s Laser Navigation Tech Enables Commercial Lunar Exploration" every word is
    capitalised, so a model cannot tell names from the rest; a real name in a headline is
    almost always repeated in the article ("NASA"), and is kept.
    """
    kept: list[Candidate] = []
    # One verdict per line: a one-paragraph article is one line holding every candidate.
    headline: dict[int, bool] = {}
    for candidate in candidates:
        line_start = text.rfind("\n", 0, candidate.start) + 1
        line_end = text.find("\n", candidate.end)
        line_end = len(text) if line_end < 0 else line_end
        if line_start not in headline:
            headline[line_start] = is_title_case_line(text[line_start:line_end])
        if headline[line_start]:
            surface = candidate.surface(text)
            elsewhere = text[:line_start].count(surface) + text[line_end:].count(surface)
            if not elsewhere:
                continue
        kept.append(candidate)
    return kept


_DEFINED_ACRONYM = re.compile(r" ?\(([A-Z][A-Za-z0-9&]{1,7})\)")
#: An acronym, up to three more words ("FIRST Global competition"), then its expansion.
_EXPANDED_ACRONYM = re.compile(
    r"\b([A-Z][A-Z0-9&]{1,7})(?: [\w-]+){0,3} ?\(([A-Z][^()\n]{3,150})\)"
)
_NAME_RUN_BEFORE = re.compile(
    r"(?:[A-Z][\w&'’.-]*|and|of|for|the|on|de|du|des|la|le|&)"
    r"(?:,? (?:[A-Z0-9][\w&'’.-]*|and|of|for|the|on|de|du|des|la|le|&))*$"
)


def abbreviates(acronym: str, name: str) -> bool:
    """Whether `acronym` abbreviates `name`: its letters, in order, open capitalised words or
    their hyphenated parts, starting with the first ("GISTDA" for "Geo-Informatics and Space
    Technology Development Agency", "DENR" for "Department of Environment and Natural
    Resources Philippines"). Acronyms of two letters must be the name's exact initials."""
    # "Movimento 5 Stelle" (M5S): a number counts as a capital.
    capitals = [
        part[0] for part in re.split(r"[\s-]+", name) if part[:1].isupper() or part[:1].isdigit()
    ]
    letters = [char for char in acronym.rstrip("s") if char.isupper() or char.isdigit()]
    if len(letters) < 2 or not capitals or letters[0] != capitals[0]:
        return False
    if len(letters) == 2:
        return initials(name) == "".join(letters)
    position = 0
    for letter in letters:
        while position < len(capitals) and capitals[position] != letter:
            position += 1
        if position == len(capitals):
            return False
        position += 1
    return True


def acronym_definitions(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Make a name defined with its acronym one mention, whatever the model cut.

    "World Food Agency (WFA)" and "FIRST (For Inspiration and Recognition of Science and
    Technology)": the capitalised words before a bracketed acronym they abbreviate, or the
    bracketed words an acronym abbreviates, become one organisation mention; mentions inside
    them give way, and the acronym never joins the name.
    """
    found: list[Candidate] = []
    for match in _DEFINED_ACRONYM.finditer(text):
        acronym = match.group(1)
        before = _NAME_RUN_BEFORE.search(text, max(0, match.start() - 160), match.start())
        if before is None:
            continue
        words = before.group().split(" ")
        # The shortest tail of the run that still abbreviates to the acronym.
        for index in range(len(words) - 1, -1, -1):
            tail = " ".join(words[index:])
            if words[index].endswith(","):
                continue  # a name never starts with the word before a comma
            if words[index][:1].isupper() and abbreviates(acronym, tail):
                start = match.start() - len(tail)
                found.append(Candidate(start, match.start(), EntityType.ORG))
                break
    for match in _EXPANDED_ACRONYM.finditer(text):
        if abbreviates(match.group(1), match.group(2)):
            found.append(Candidate(match.start(2), match.end(2), EntityType.ORG))
    # A model mention that ends with a whole defined name ("U.S. Office of Personnel
    # Management" before "(OPM)") is kept as it is; the others, among them one that ran on
    # into the bracket ("World Food Agency (WFA"), give way to the defined names.
    # Per end, the earliest start of a model mention ending there: one look-up per found
    # name (a scan of every mention per name was quadratic on long texts).
    first_start: dict[int, int] = {}
    for c in candidates:
        first_start[c.end] = min(c.start, first_start.get(c.end, c.start))
    found = [
        f
        for f in found
        if not first_start.get(f.end, f.start + 1) <= f.start and f.surface(text).strip()
    ]
    if not found:
        return candidates
    covered = Occupancy((c.start, c.end) for c in found)
    kept = [c for c in candidates if not covered.overlaps(c.start, c.end)]
    return sorted(kept + found, key=lambda c: c.start)


_AMPERSAND_BEFORE = re.compile(r"(?:[A-Z][\w'’-]* )+& (?:[A-Z][\w'’-]* )*$")


def join_name_parts(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Join what the model cut out of one name, and cut what it glued.

    - "University of North Carolina" + " at " + "Chapel Hill": a campus is one name;
    - "Block Museum of Art at Northwestern University": two organisations, cut at " at ";
    - "Mary & Leigh " + "Block Museum of Art": "&" joins the words before into the name;
    - "Tang Teaching Museum" + " and " + "Art Gallery": a part that cannot stand alone.
    """
    result: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.start):
        before = _AMPERSAND_BEFORE.search(text, max(0, candidate.start - 40), candidate.start)
        if before is not None:
            candidate = candidate.with_range(before.start(), candidate.end)
        surface = candidate.surface(text)
        cut = re.search(r" at (?=[A-Z])", surface)
        two = cut is not None and _org_head(surface[: cut.start()])
        if cut is not None and two and _org_head(surface[cut.end() :]):
            result.append(candidate.with_range(candidate.start, candidate.start + cut.start()))
            candidate = candidate.with_range(candidate.start + cut.end(), candidate.end)
        if result:
            previous = result[-1]
            gap = text[previous.end : candidate.start]
            previous_surface = previous.surface(text)
            campus = gap == " at " and _org_head_first(previous_surface)
            part = (
                gap == " and "
                and _org_head(previous_surface)
                and (not _can_stand_alone(text, candidate.surface(text)))
            )
            if campus or part:
                result[-1] = Candidate(previous.start, candidate.end, previous.type)
                continue
        result.append(candidate)
    return result


_CAPITALISED_TAIL = re.compile(r"((?: and)?(?: [A-Z][\w'’-]+){1,3})")


def extend_over_org_tail(text: str, candidate: Candidate) -> Candidate:
    """Extend a mention over capitalised common words ending with an organisation word.

    "Mohammad Bin Rashid" + " Space Centre", "Tang Teaching Museum" + " and Art Gallery": words
    that are no name by themselves finish the name before them, which is then an organisation.
    """
    tail = _CAPITALISED_TAIL.match(text, candidate.end)
    if tail is None:
        return candidate
    words = tail.group(1).split()
    if words[0] == "and" and not _org_head(candidate.surface(text)):
        return candidate  # only an organisation's name goes on after "and"
    for end in range(len(words), 0, -1):
        part = [w for w in words[:end] if w != "and"]
        if (
            part
            and part[-1].lower() in ORG_HEADS
            and all(_is_common(text, w) or w.lower() in ORG_HEADS for w in part)
        ):
            length = len(" " + " ".join(words[:end]))
            return Candidate(candidate.start, candidate.end + length, EntityType.ORG)
    return candidate


def _org_head_first(surface: str) -> bool:
    """ "University of North Carolina": an organisation word opens the name."""
    first = surface.split()[0].lower() if surface.split() else ""
    return first in {"university", "college", "institute"}


_SURNAME_AFTER = re.compile(r" ([A-Z][\w'’-]+)(?![\w'’-]| [A-Z])")


def extend_to_surname(text: str, candidate: Candidate) -> Candidate:
    """Give a one-word person the capitalised word right after it: the model cut "Hélène
    Marchand" after "Hélène". Not a common word, nor an organisation or place word."""
    surface = candidate.surface(text)
    if candidate.type is not EntityType.PERSON or " " in surface:
        return candidate
    after = _SURNAME_AFTER.match(text, candidate.end)
    if after is None:
        return candidate
    word = after.group(1)
    lower = word.lower()
    if _is_common(text, word) or lower in ORG_HEADS or lower in PLACE_HEADS or is_acronym(word):
        return candidate
    return candidate.with_range(candidate.start, after.end(1))


def drop_the_person(text: str, candidate: Candidate) -> Candidate | None:
    """A one-word "person" after "the" is none: "the center of the Zeitgeist"."""
    surface = candidate.surface(text)
    after_the = re.search(r"\bthe $", text[max(0, candidate.start - 4) : candidate.start])
    if candidate.type is EntityType.PERSON and " " not in surface and after_the:
        return None
    return candidate


def _person_beside_other(left: Candidate, right: Candidate) -> bool:
    """Whether a person stands beside a place or organisation the model told apart: "United
    States Hamdullah Mohib", "Refugee Council Enver Solomon" are two names, not one."""
    kinds = {left.type, right.type}
    return EntityType.PERSON in kinds and None not in kinds and len(kinds) == 2


def drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping mentions, so each character belongs to one mention."""
    kept: list[Candidate] = []
    taken = Occupancy()
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if not taken.overlaps(candidate.start, candidate.end):
            taken.add(candidate.start, candidate.end)
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;]|\n)[\s\"'(\[—–-]*$")


def is_sentence_initial(text: str, start: int) -> bool:
    """Whether `start` opens a sentence, a line or a quotation."""
    return _SENTENCE_OPENING.search(text, max(0, start - 12), start) is not None


def drop_portfolio(text: str, candidate: Candidate) -> Candidate | None:
    """Drop the portfolio of a job title: "Health" in "Health Secretary Neil Gray"."""
    surface = candidate.surface(text)
    following = re.match(r" ([A-Z][a-z]+)\b", text[candidate.end : candidate.end + 20])
    if following is None or following.group(1).lower() not in PORTFOLIO_TITLES:
        return candidate
    if candidate.type is EntityType.PLACE or surface in KNOWN_PLACES:
        return candidate  # "Oregon Governor Jane Roe": Oregon is a place, not a portfolio
    if " " in surface:
        # "Shadow Home Secretary Yvette Cooper": a portfolio the text names only before a
        # title; "United Nations Secretary-General" names the United Nations, met elsewhere.
        elsewhere = re.search(re.escape(surface) + r"(?! (?:[A-Z][a-z]+ )?[A-Z][a-z]+ [A-Z])", text)
        return candidate if elsewhere is not None else None
    return None


def drop_opening_common_word(text: str, candidate: Candidate) -> Candidate | None:
    """Drop a common word capitalised only because it opens a sentence.

    "Telescope spots water ..." (the text also says "telescope"), "Residents of Thornbury"
    → "Thornbury", "Credit to Riverside" → "Riverside". A word counts as common when it is in
    the common-word list or the text also writes it in lower case.
    """
    if not is_sentence_initial(text, candidate.start):
        return candidate
    match = WORD.match(text, candidate.start, candidate.end)
    if match is None or is_acronym(match.group()) or not _is_common(text, match.group()):
        return candidate
    rest = re.match(r"(?:\s+[a-z]+)*\s+", text[match.end() : candidate.end])
    if rest is None:
        return None
    return candidate.with_range(match.end() + rest.end(), candidate.end)


def _is_common(text: str, word: str) -> bool:
    lower = word.lower()
    return lower in COMMON_WORDS or lower in lower_case_words(text)


#: The text `lower_case_words` saw last, by identity, and its words.
_last_lower_case: tuple[str, frozenset[str]] = ("", frozenset())


def lower_case_words(text: str) -> frozenset[str]:
    """The words `text` writes in lower case (computed once per text).

    The same string object is answered without comparing it: a cache keyed by value compares
    a long text character by character whenever an equal copy is the key (a straightened copy
    made elsewhere), once per call; that made the mention rules quadratic in the text's length.
    """
    global _last_lower_case
    last_text, last_words = _last_lower_case
    if last_text is text:
        return last_words
    words = _lower_case_words(text)
    _last_lower_case = (text, words)
    return words


@lru_cache(maxsize=4)
def _lower_case_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"(?<![\w'’-])[a-z][\w'’-]*", text)) | frozenset(
        re.findall(r"(?<![\w])[a-z]\w*", text)
    )


class Occupancy:
    """Non-overlapping ranges with an O(log n) overlap test, for adding mentions."""

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self._ranges: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_left(self._ranges, (end, end))
        return index > 0 and self._ranges[index - 1][1] > start

    def add(self, start: int, end: int) -> None:
        insort(self._ranges, (start, end))


_COORDINATED_AFTER = re.compile(r",? (?:and|or) ((?:[A-Z][\w&'-]*)(?: [A-Z][\w&'-]*){0,3})")
_COORDINATED_BEFORE = re.compile(r"((?:[A-Z][\w&'-]*)(?: [A-Z][\w&'-]*){0,3}),? (?:and|or) $")


def complete_coordinations(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Add the other half of "Barclays and HSBC" when the model found only one of them.

    The added name takes the found one's type; it must be capitalised, not open a sentence,
    and be a possible named entity.
    """
    added: list[Candidate] = []
    for candidate in candidates:
        after = _COORDINATED_AFTER.match(text, candidate.end)
        if after is not None:
            added.append(Candidate(after.start(1), after.end(1), candidate.type))
        before = _COORDINATED_BEFORE.search(text, max(0, candidate.start - 60), candidate.start)
        if before is not None and not is_sentence_initial(text, before.start(1)):
            added.append(Candidate(before.start(1), before.end(1), candidate.type))
    taken = Occupancy((c.start, c.end) for c in candidates)
    fresh: list[Candidate] = []
    for c in added:
        surface = c.surface(text)
        named = is_named_entity(surface) and not _is_common(text, surface)
        if named and not taken.overlaps(c.start, c.end):
            taken.add(c.start, c.end)
            fresh.append(c)
    return candidates + fresh


def place_after_in(text: str, candidate: Candidate) -> Candidate:
    """Retype a PERSON right after "in" ("in Devon") as a place: people are not "in" text."""
    before = text[max(0, candidate.start - 4) : candidate.start]
    if candidate.type is EntityType.PERSON and re.search(r"(?<!\w)in $", before):
        return Candidate(candidate.start, candidate.end, EntityType.PLACE)
    return candidate


def known_places(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Add mentions of well-known places (countries, continents, big cities) the model missed."""
    found = [
        Candidate(match.start(), match.end(), EntityType.PLACE)
        for match in _known_places_pattern().finditer(text)
    ]
    taken = Occupancy((c.start, c.end) for c in candidates)
    return candidates + [c for c in found if not taken.overlaps(c.start, c.end)]


@cache
def _known_places_pattern() -> re.Pattern[str]:
    names = sorted(KNOWN_PLACES, key=len, reverse=True)
    # Not before "$": "US$ 20,000" is a currency.
    return re.compile(r"(?<![\w&])(?:" + "|".join(map(re.escape, names)) + r")(?![\w&$])")
