"""The highlight layer answers like a walk over every span, after any adds and removes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotations.library.span_layer import SpanLayer

Span = tuple[int, int, int]

spans = st.tuples(st.integers(0, 60), st.integers(0, 30), st.integers(0, 3)).map(
    lambda t: (t[0], t[0] + t[1], t[2])
)
#: ("add", span) or ("remove", index of a span added before, modulo their count)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), spans),
        st.tuples(st.just("remove"), st.integers(0, 1000)),
    ),
    max_size=40,
)


def walk_overlapping(kept: list[Span], start: int, end: int) -> list[Span]:
    return sorted(s for s in kept if s[0] < end and s[1] > start)


@given(st.lists(spans, max_size=20), steps, st.integers(0, 95), st.integers(1, 20))
def test_queries_match_a_walk_over_every_span(
    initial: list[Span], changes: list[tuple[str, object]], start: int, length: int
) -> None:
    layer = SpanLayer(initial)
    kept = [s for s in initial if s[1] > s[0]]
    for what, value in changes:
        if what == "add":
            assert isinstance(value, tuple)
            layer.add(*value)
            if value[1] > value[0]:
                kept.append(value)
        elif kept:
            assert isinstance(value, int)
            gone = kept.pop(value % len(kept))
            assert layer.remove(*gone)
    end = start + length
    assert sorted(layer.overlapping(start, end)) == walk_overlapping(kept, start, end)
    assert sorted(layer.at(start)) == walk_overlapping(kept, start, start + 1)
    assert sorted(layer) == sorted(kept)
    for s in kept:
        assert sorted(layer.exact(s[0], s[1])) == sorted(v for a, b, v in kept if (a, b) == s[:2])


def test_removing_the_longest_span_keeps_later_queries_right() -> None:
    layer = SpanLayer([(0, 100, 1), (50, 55, 2), (90, 95, 3)])
    assert layer.remove(0, 100, 1)
    assert layer.overlapping(52, 53) == [(50, 55, 2)]
    assert layer.at(99) == []
    assert not layer.remove(0, 100, 1)  # already gone
    assert layer.exact(90, 95) == [3]
