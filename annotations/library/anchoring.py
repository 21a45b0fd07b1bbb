"""Find a highlight again in an article whose text may have changed since it was made.

The approach follows Hypothesis's ``dom-anchor-text-quote``: trust the stored position when
the text there is still the quote; otherwise look for the quote itself, picking among exact
copies by how well their surroundings match the stored prefix and suffix and by nearness to
the old position; otherwise look for text *like* the quote, scored on quote similarity,
prefix, suffix and nearness. A highlight whose quote is too far gone is an orphan (None).

Approximate matching uses Myers' bit-parallel edit-distance algorithm on Python integers (one
integer holds the whole pattern's bit vector), so the cost per text character is a handful of
big-integer operations. On long texts it only scans windows where pieces of the quote or its
context still occur exactly, which keeps a 1 MB article fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from annotations.library.model import Annotation, TextPositionSelector, TextQuoteSelector

#: Characters of context kept on each side of a highlight.
DEFAULT_CONTEXT = 32
#: A match must share at least this fraction of the quote (1 - errors / length).
MIN_QUOTE_SIMILARITY = 0.7
#: An approximate match less like the quote than this must also have context like the
#: stored prefix or suffix: unrelated text scores about 0.1-0.4 on context, so without this
#: a deleted short quote could "match" some similar phrase far away.
CONTEXT_FREE_QUOTE_SIMILARITY = 0.9
MIN_CONTEXT_SIMILARITY = 0.5
#: Texts up to this long are scanned whole by the approximate search (a few ms in CPython).
FULL_SCAN_CHARS = 20_000
#: Pieces of the quote used to find candidate windows in longer texts.
PIECE_CHARS = 8
MAX_PIECES = 16
#: A piece found more often than this says little about where the quote is; it is skipped.
MAX_PIECE_HITS = 64
#: At most this many candidate windows are scanned in a long text.
MAX_WINDOWS = 24
#: At most this many candidate matches are scored (the ones with fewest errors).
MAX_CANDIDATES = 200

# Weights from dom-anchor-text-quote: the quote matters most, then context, then position.
_QUOTE_WEIGHT = 50.0
_PREFIX_WEIGHT = 20.0
_SUFFIX_WEIGHT = 20.0
_POSITION_WEIGHT = 2.0


def describe(
    text: str, start: int, end: int, context: int = DEFAULT_CONTEXT
) -> tuple[TextPositionSelector, TextQuoteSelector]:
    """The selectors that remember the range ``[start, end)`` of `text`."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"range {start}-{end} outside a text of {len(text)} characters")
    quote = TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )
    return TextPositionSelector(start, end), quote


def anchor(
    text: str, position: TextPositionSelector, quote: TextQuoteSelector
) -> tuple[int, int] | None:
    """Where the highlight described by `position` and `quote` is in `text`, or None."""
    exact = quote.exact
    in_text = position.end <= len(text)  # a slice past the end would compare as ""
    if in_text and text[position.start : position.end] == exact:
        return position.start, position.end
    if not exact:
        return None
    found = _best_exact_match(text, position.start, quote)
    if found is not None:
        return found
    return _best_approximate_match(text, position.start, quote)


def reanchor_all(
    text: str, annotations: Iterable[Annotation]
) -> tuple[list[Annotation], list[Annotation]]:
    """Anchor every annotation in `text`.

    Returns the anchored annotations (those that moved get new selectors describing where
    they are now; those still in place are returned as they were) and the orphans, unchanged.
    """
    anchored: list[Annotation] = []
    orphans: list[Annotation] = []
    for annotation in annotations:
        found = anchor(text, annotation.position, annotation.quote)
        if found is None:
            orphans.append(annotation)
        elif found == (annotation.start, annotation.end):
            anchored.append(annotation)
        else:
            context = max(len(annotation.quote.prefix), len(annotation.quote.suffix))
            position, quote = describe(text, *found, context=context or DEFAULT_CONTEXT)
            anchored.append(annotation.with_position(position, quote))
    return anchored, orphans


# --- exact copies ---------------------------------------------------------------------------


def _best_exact_match(text: str, hint: int, quote: TextQuoteSelector) -> tuple[int, int] | None:
    """The exact copy of the quote whose context agrees best, nearest `hint` on ties."""
    exact = quote.exact
    context_chars = len(quote.prefix) + len(quote.suffix)
    best: tuple[float, int] | None = None
    start = text.find(exact)
    while start >= 0:
        end = start + len(exact)
        agreement = _common_suffix_len(
            quote.prefix, text[max(0, start - len(quote.prefix)) : start]
        )
        agreement += _common_prefix_len(quote.suffix, text[end : end + len(quote.suffix)])
        context_score = agreement / context_chars if context_chars else 1.0
        # Context decides; nearness (always < 0.1 apart) only breaks ties between equals.
        score = context_score + 0.1 * _nearness(start, hint, len(text))
        if best is None or score > best[0]:
            best = (score, start)
        start = text.find(exact, start + 1)
    return None if best is None else (best[1], best[1] + len(exact))


def _common_prefix_len(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix_len(a: str, b: str) -> int:
    return _common_prefix_len(a[::-1], b[::-1])


def _nearness(start: int, hint: int, text_length: int) -> float:
    return 1.0 - min(abs(start - hint), text_length) / max(text_length, 1)


# --- approximate matches --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    errors: int


def _best_approximate_match(
    text: str, hint: int, quote: TextQuoteSelector
) -> tuple[int, int] | None:
    exact = quote.exact
    max_errors = int(len(exact) * (1.0 - MIN_QUOTE_SIMILARITY))
    if max_errors == 0:
        return None  # Too short to tell a changed quote from a different text.
    candidates: list[_Candidate] = []
    for window_start, window_end in _windows(text, hint, quote, max_errors):
        candidates.extend(_matches_in(text, window_start, window_end, exact, max_errors))
    if not candidates:
        return None
    candidates.sort(key=lambda candidate: candidate.errors)
    scored = [
        (score, candidate)
        for candidate in candidates[:MAX_CANDIDATES]
        if (score := _score(text, hint, quote, candidate)) is not None
    ]
    if not scored:
        return None
    best = max(scored, key=lambda pair: pair[0])[1]
    return best.start, best.end


def _score(text: str, hint: int, quote: TextQuoteSelector, candidate: _Candidate) -> float | None:
    """How well a candidate matches, from 0 to 1; None if it is not acceptable at all."""
    quote_score = 1.0 - candidate.errors / len(quote.exact)
    before = text[max(0, candidate.start - len(quote.prefix)) : candidate.start]
    after = text[candidate.end : candidate.end + len(quote.suffix)]
    prefix_score = _similarity(quote.prefix, before)
    suffix_score = _similarity(quote.suffix, after)
    if (
        quote_score < CONTEXT_FREE_QUOTE_SIMILARITY
        and max(prefix_score, suffix_score) < MIN_CONTEXT_SIMILARITY
    ):
        return None
    position_score = _nearness(candidate.start, hint, len(text))
    total = (
        _QUOTE_WEIGHT * quote_score
        + _PREFIX_WEIGHT * prefix_score
        + _SUFFIX_WEIGHT * suffix_score
        + _POSITION_WEIGHT * position_score
    )
    return total / (_QUOTE_WEIGHT + _PREFIX_WEIGHT + _SUFFIX_WEIGHT + _POSITION_WEIGHT)


def _similarity(expected: str, actual: str) -> float:
    """1.0 for equal strings, falling to 0.0 as edits approach the longer length."""
    if not expected:
        return 1.0  # No stored context: nothing to disagree with.
    longest = max(len(expected), len(actual))
    return 1.0 - _edit_distance(expected, actual) / longest


def _windows(
    text: str, hint: int, quote: TextQuoteSelector, max_errors: int
) -> list[tuple[int, int]]:
    """Ranges of `text` worth scanning for the quote, merged and in order."""
    length = len(quote.exact)
    if len(text) <= FULL_SCAN_CHARS:
        return [(0, len(text))]
    votes = _expected_starts(text, quote)
    bucket = max(length // 2, 16)
    by_bucket: Counter[int] = Counter()
    for expected_start, count in votes.items():
        by_bucket[expected_start // bucket] += count
    chosen = sorted(
        by_bucket,
        key=lambda key: (-by_bucket[key], abs(key * bucket - hint)),
    )[:MAX_WINDOWS]
    starts = [key * bucket for key in chosen]
    starts.append(hint)  # The old place, in case the quote was edited where it stood.
    slack = max_errors + bucket
    ranges = sorted(
        (max(0, start - slack), min(len(text), start + length + slack)) for start in starts
    )
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _expected_starts(text: str, quote: TextQuoteSelector) -> Counter[int]:
    """Votes for where the quote starts, from exact hits of its pieces and of its context."""
    exact = quote.exact
    piece_chars = max(PIECE_CHARS, len(exact) // MAX_PIECES)
    # (piece, offset of the piece from the quote's start)
    pieces = [
        (exact[offset : offset + piece_chars], offset)
        for offset in range(0, max(len(exact) - piece_chars, 0) + 1, piece_chars)
    ]
    if len(quote.prefix) >= PIECE_CHARS:
        pieces.append((quote.prefix, -len(quote.prefix)))
    if len(quote.suffix) >= PIECE_CHARS:
        pieces.append((quote.suffix, len(exact)))
    votes: Counter[int] = Counter()
    for piece, offset in pieces:
        hits = _find_all(text, piece, MAX_PIECE_HITS + 1)
        if piece and len(hits) <= MAX_PIECE_HITS:
            for hit in hits:
                votes[hit - offset] += 1
    return votes


def _find_all(text: str, piece: str, limit: int) -> list[int]:
    hits: list[int] = []
    index = text.find(piece)
    while index >= 0 and len(hits) < limit:
        hits.append(index)
        index = text.find(piece, index + 1)
    return hits


def _matches_in(
    text: str, window_start: int, window_end: int, pattern: str, max_errors: int
) -> list[_Candidate]:
    """The best match ending in each run of acceptable end positions inside the window."""
    errors_by_end = _myers_scan(pattern, text, window_start, window_end, anchored=False)
    candidates: list[_Candidate] = []
    run_best: tuple[int, int] | None = None  # (errors, end) of the current run
    for index, errors in enumerate(errors_by_end):
        end = window_start + index + 1
        if errors <= max_errors:
            if run_best is None or errors < run_best[0]:
                run_best = (errors, end)
            continue
        if run_best is not None:
            candidates.append(_with_start(text, window_start, pattern, *run_best))
            run_best = None
    if run_best is not None:
        candidates.append(_with_start(text, window_start, pattern, *run_best))
    return candidates


def _with_start(text: str, window_start: int, pattern: str, errors: int, end: int) -> _Candidate:
    """Find where the best match ending at `end` starts, by scanning backwards from it."""
    lowest = max(window_start, end - len(pattern) - errors)
    reversed_text = text[lowest:end][::-1]
    costs = _myers_scan(pattern[::-1], reversed_text, 0, len(reversed_text), anchored=True)
    # costs[i] is the distance from the pattern to text[end - i - 1 : end]; prefer the
    # cheapest and, among equals, the length closest to the pattern's.
    best_index = min(
        range(len(costs)),
        key=lambda i: (costs[i], abs(i + 1 - len(pattern))),
        default=None,
    )
    if best_index is None:
        return _Candidate(end, end, len(pattern))
    return _Candidate(end - best_index - 1, end, max(errors, costs[best_index]))


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between `a` and `b`."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    return _myers_scan(a, b, 0, len(b), anchored=True)[-1]


def _myers_scan(pattern: str, text: str, start: int, end: int, *, anchored: bool) -> list[int]:
    """Edit distances of `pattern` against text ending at each position of ``[start, end)``.

    With ``anchored=False`` entry ``i`` is the smallest distance from the pattern to any
    substring of ``text[start:]`` ending at ``start + i + 1``; with ``anchored=True`` the
    substring must begin at `start`. Myers (1999), bit vectors held in one Python int.
    """
    length = len(pattern)
    mask = (1 << length) - 1
    high_bit = 1 << (length - 1)
    equal: dict[str, int] = {}
    for index, char in enumerate(pattern):
        equal[char] = equal.get(char, 0) | (1 << index)
    carry_in = 1 if anchored else 0
    positive, negative, score = mask, 0, length
    scores: list[int] = []
    for char in text[start:end]:
        eq = equal.get(char, 0)
        x_vertical = eq | negative
        x_horizontal = (((eq & positive) + positive) ^ positive) | eq
        positive_h = (negative | ~(x_horizontal | positive)) & mask
        negative_h = positive & x_horizontal
        if positive_h & high_bit:
            score += 1
        elif negative_h & high_bit:
            score -= 1
        positive_h = ((positive_h << 1) | carry_in) & mask
        negative_h = (negative_h << 1) & mask
        positive = (negative_h | ~(x_vertical | positive_h)) & mask
        negative = positive_h & x_vertical
        scores.append(score)
    return scores
