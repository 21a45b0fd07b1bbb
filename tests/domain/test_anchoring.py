"""Finding highlights again after the article's text changed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotations.library.anchoring import FULL_SCAN_CHARS, anchor, describe, reanchor_all
from annotations.library.model import Annotation, TextPositionSelector, TextQuoteSelector

SEED = (Path(__file__).parents[2] / "seeds" / "meta-spotify-open-source-ai.txt").read_text(
    encoding="utf-8"
)


def highlight(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def anchored_text(text: str, selectors: tuple[TextPositionSelector, TextQuoteSelector]) -> str:
    found = anchor(text, *selectors)
    assert found is not None
    return text[found[0] : found[1]]


def test_describe_keeps_quote_and_context() -> None:
    text = "The quick brown fox jumps over the lazy dog."
    position, quote = describe(text, 10, 19, context=6)
    assert position == TextPositionSelector(10, 19)
    assert quote == TextQuoteSelector("brown fox", prefix="quick ", suffix=" jumps")


def test_describe_at_text_edges_has_short_context() -> None:
    _, quote = describe("abcdef", 0, 6)
    assert quote == TextQuoteSelector("abcdef", "", "")


def test_describe_rejects_ranges_outside_the_text() -> None:
    with pytest.raises(ValueError):
        describe("abc", 2, 5)


def test_unchanged_text_keeps_the_position() -> None:
    span = highlight(SEED, "open source")
    assert anchor(SEED, *describe(SEED, *span)) == span


def test_moved_text_is_found_at_its_new_place() -> None:
    span = highlight(SEED, "open source")
    selectors = describe(SEED, *span)
    edited = "An editor's note added at the top.\n\n" + SEED
    found = anchor(edited, *selectors)
    assert found == (span[0] + 36, span[1] + 36)


def test_edited_quote_is_found_approximately() -> None:
    phrase = SEED[SEED.index("open source") : SEED.index("open source") + 60]
    span = highlight(SEED, phrase)
    selectors = describe(SEED, *span)
    changed = phrase.replace("open source", "open-source")
    edited = "Preface.\n\n" + SEED.replace(phrase, changed)
    found = anchor(edited, *selectors)
    assert found is not None
    assert edited[found[0] : found[1]] == changed


def test_deleted_quote_becomes_an_orphan() -> None:
    start = SEED.index("open source")
    phrase = SEED[start : start + 80]
    selectors = describe(SEED, start, start + 80)
    assert anchor(SEED.replace(phrase, ""), *selectors) is None


def test_deleted_quote_does_not_jump_to_a_similar_phrase_in_other_context() -> None:
    kept = (
        "Officials in Paris expect that the budget would be balanced in a decade; some doubt it. "
    )
    removed = "At the Treasury, the minister said the budget would be balanced by next year. "
    text = kept + "Filler words follow here. " * 4 + removed + "Markets closed higher."
    span = highlight(text, "the budget would be balanced by next year")
    selectors = describe(text, *span)
    assert anchor(text.replace(removed, ""), *selectors) is None
    # The same change with the highlight's own context still around it is found.
    reworded = removed.replace("by next year", "in a decade")
    found = anchor(text.replace(removed, reworded), *selectors)
    assert found is not None and found[0] > len(kept)


def test_short_quote_that_is_gone_is_an_orphan() -> None:
    selectors = describe("one two three", 4, 7)
    assert anchor("one six three", *selectors) is None


def test_repeated_quote_is_chosen_by_context() -> None:
    text = (
        "Shares fell sharply, the company said on Monday. Analysts were surprised. "
        "Profits will rise, the company said on Tuesday, citing new products."
    )
    span = highlight(text, "the company said", occurrence=1)
    selectors = describe(text, *span, context=12)
    # Move everything so the stored position points at neither copy.
    edited = "Markets. " + text
    found = anchor(edited, *selectors)
    assert found is not None
    assert edited[found[1] : found[1] + 11] == " on Tuesday"


def test_repeated_quote_with_equal_context_picks_the_nearest() -> None:
    text = "x. " * 50 + "same words here" + " y." * 50 + "same words here" + " y." * 50
    second = highlight(text, "same words here", occurrence=1)
    selectors = describe(text, *second, context=0)
    edited = "zz" + text
    assert anchor(edited, *selectors) == (second[0] + 2, second[1] + 2)


def test_approximate_match_prefers_the_candidate_with_matching_context() -> None:
    text = (
        "In March the minister said the budget was balanced and fair. "
        + "Filler sentence. " * 10
        + "In June the minister said the budget was balanced and fair. "
        + "Closing words."
    )
    span = highlight(text, "the minister said the budget was balanced", occurrence=1)
    selectors = describe(text, *span, context=10)
    edited = text.replace("said the budget", "says the budget")
    found = anchor(edited, *selectors)
    assert found is not None
    assert edited[found[0] - 5 : found[0]] == "June "


def test_approximate_match_in_a_long_text_uses_windows() -> None:
    rng = random.Random(7)
    words = SEED.split()
    text = " ".join(rng.choice(words) for _ in range(20 * FULL_SCAN_CHARS // 5))
    assert len(text) > 4 * FULL_SCAN_CHARS
    start = len(text) // 2
    start = text.index(" ", start) + 1
    selectors = describe(text, start, start + 70)
    original = text[start : start + 70]
    changed = original[:30] + "XXXX" + original[34:]
    edited = "A new first line.\n" + text[:start] + changed + text[start + 70 :]
    assert anchored_text(edited, selectors) == changed


def test_empty_quote_is_anchored_only_in_place() -> None:
    selectors = (TextPositionSelector(3, 3), TextQuoteSelector(""))
    assert anchor("abcdef", *selectors) == (3, 3)
    assert anchor("ab", *selectors) is None


def make(text: str, start: int, end: int) -> Annotation:
    return Annotation.new("a1", *describe(text, start, end))


def test_reanchor_all_updates_moved_and_keeps_orphans_unchanged() -> None:
    text = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu."
    in_place = make(text, 0, 10)
    moved = make(text, *highlight(text, "Iota kappa lambda"))
    orphan = make(text, *highlight(text, "Epsilon zeta eta theta"))
    edited = text.replace(" Epsilon zeta eta theta.", "") + " Nu xi."
    anchored, orphans = reanchor_all(edited, [in_place, moved, orphan])
    assert orphans == [orphan]
    assert anchored[0] == in_place  # not touched, not even `updated`
    assert anchored[1].id == moved.id
    assert edited[anchored[1].start : anchored[1].end] == "Iota kappa lambda"
    assert anchored[1].quote.exact == "Iota kappa lambda"
    assert anchored[1].quote.prefix == edited[: anchored[1].start][-32:]


def test_reanchor_all_gives_edited_quotes_their_new_text() -> None:
    text = "Lorem ipsum. The government announced a plan on Friday. Dolor sit amet."
    annotation = make(text, *highlight(text, "The government announced a plan on Friday"))
    edited = text.replace("announced a plan", "unveiled a plan")
    anchored, orphans = reanchor_all(edited, [annotation])
    assert orphans == []
    assert anchored[0].quote.exact == "The government unveiled a plan on Friday"
    assert anchored[0].updated >= annotation.updated


# --- properties ---------------------------------------------------------------------------

_inserted = st.text(alphabet="abcdefghij .,\n", min_size=1, max_size=40)


@st.composite
def random_edits(draw: st.DrawFn, length: int) -> list[tuple[str, int, object]]:
    """Random insertions and deletions; `apply_edits` skips those touching the highlight."""
    result: list[tuple[str, int, object]] = []
    for _ in range(draw(st.integers(0, 6))):
        where = draw(st.integers(0, length))
        if draw(st.booleans()):
            result.append(("insert", where, draw(_inserted)))
        else:
            result.append(("delete", where, draw(st.integers(1, 60))))
    return result


def apply_edits(
    text: str, start: int, end: int, edits: list[tuple[str, int, object]]
) -> tuple[str, int, int]:
    """Apply edits outside ``[start, end)``; returns the new text and the range's new place."""
    for _kind, where, what in edits:
        where = min(where, len(text))
        if isinstance(what, str):
            if start < where < end:
                continue
            text = text[:where] + what + text[where:]
            if where <= start:
                start, end = start + len(what), end + len(what)
        else:
            assert isinstance(what, int)
            stop = min(where + what, len(text))
            if stop > start and where < end:
                continue  # would touch the highlight
            text = text[:where] + text[stop:]
            if stop <= start:
                start, end = start - (stop - where), end - (stop - where)
    return text, start, end


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_highlight_is_found_after_edits_elsewhere(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(SEED) - 20), label="start")
    end = data.draw(st.integers(start + 12, min(len(SEED), start + 200)), label="end")
    quote = SEED[start:end]
    assume(SEED.count(quote) == 1)
    selectors = describe(SEED, start, end)
    edits = data.draw(random_edits(len(SEED)), label="edits")
    edited, new_start, new_end = apply_edits(SEED, start, end, edits)
    assume(edited.count(quote) == 1)
    assert anchor(edited, *selectors) == (new_start, new_end)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_highlight_with_one_changed_character_is_found_nearby(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(SEED) - 40), label="start")
    end = data.draw(st.integers(start + 30, min(len(SEED), start + 200)), label="end")
    selectors = describe(SEED, start, end)
    where = data.draw(st.integers(start, end - 1), label="where")
    replacement = data.draw(st.sampled_from("#@%&"), label="replacement")
    edits = data.draw(random_edits(len(SEED)), label="edits")
    changed = SEED[:where] + replacement + SEED[where + 1 :]
    edited, new_start, new_end = apply_edits(changed, start, end, edits)
    found = anchor(edited, *selectors)
    assert found is not None
    assert abs(found[0] - new_start) <= 1
    assert abs(found[1] - new_end) <= 1
