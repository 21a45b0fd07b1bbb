"""The masthead's one line: every part in its place at any width, exactly the line's width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.widgets.masthead_fit import TITLE_MIN, Piece, fit

texts = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Mn", "Me", "Cf")), max_size=80)


def shown(pieces: list[Piece], part: str) -> str:
    return "".join(piece.text for piece in pieces if piece.part == part)


@given(
    width=st.integers(min_value=1, max_value=200),
    title=texts,
    source=texts,
    mode=st.sampled_from(["", "SELECT", "UNSAVED 3"]),
    status=texts,
    progress=st.one_of(st.none(), st.integers(0, 100)),
)
def test_the_line_is_exactly_as_wide_as_the_masthead(
    width: int, title: str, source: str, mode: str, status: str, progress: int | None
) -> None:
    pieces = fit(width, title, source, mode, status, progress)
    assert sum(cell_len(piece.text) for piece in pieces) == width


@given(title=texts, source=texts, status=st.text(alphabet="abc —/0123456789", max_size=40))
def test_at_80_columns_the_state_keeps_its_room(title: str, source: str, status: str) -> None:
    pieces = fit(80, title, source, "SELECT", status, 42)
    line = "".join(piece.text for piece in pieces)
    assert line.endswith("42% ")  # the percentage at the right, before the padding
    assert shown(pieces, "mode") == " SELECT "
    if cell_len(status) <= int(78 * 0.4) - 2:
        assert shown(pieces, "status") == "  " + status  # whole
    assert cell_len(shown(pieces, "title")) >= TITLE_MIN


def test_a_long_title_gives_way_with_an_ellipsis() -> None:
    pieces = fit(40, "A" * 100, "src", "", "match 2/8", 6)
    assert shown(pieces, "title").endswith("…")
    assert shown(pieces, "status") == "  match 2/8"
    assert shown(pieces, "source") == "  src"
    assert "".join(piece.text for piece in pieces).endswith("    6% ")


def test_a_long_source_takes_at_most_thirty_percent() -> None:
    pieces = fit(102, "Title", "s" * 100, "", "", None)
    assert cell_len(shown(pieces, "source")) == 30  # 30% of the 100 cells inside the padding
    assert shown(pieces, "source").endswith("…")
