"""The Annotations pane's map of lines to rows answers as the flat list it replaces would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.widgets.row_lines import RowLines

#: (operation, where as a fraction of the rows, height)
Step = tuple[str, float, int]
steps = st.lists(
    st.tuples(
        st.sampled_from(["insert", "append", "pop", "set", "truncate"]),
        st.floats(0, 1, exclude_max=True),
        st.integers(1, 4),
    ),
    max_size=60,
)


def flat(heights: list[int]) -> list[tuple[int, int]]:
    """What Textual's OptionList kept: one (row, line within the row) per line."""
    return [(row, offset) for row, height in enumerate(heights) for offset in range(height)]


@given(steps)
def test_every_change_reads_as_the_flat_list(script: list[Step]) -> None:
    rows = RowLines()
    model: list[int] = []
    for operation, where, height in script:
        index = int(where * (len(model) + 1))
        if operation == "insert":
            rows.insert(index, height)
            model.insert(index, height)
        elif operation == "append":
            rows.append(height)
            model.append(height)
        elif model and operation in ("pop", "set"):
            index = min(index, len(model) - 1)
            if operation == "pop":
                rows.pop(index)
                del model[index]
            else:
                rows.set(index, height)
                model[index] = height
        elif operation == "truncate":
            rows.truncate(index)
            del model[index:]
        lines = flat(model)
        assert len(rows.lines) == len(lines) == rows.total
        assert [rows.lines[y] for y in range(len(lines))] == lines  # by bisect
        assert list(rows.lines) == lines
        if lines:
            assert rows.lines[-1] == lines[-1]
        starts = [sum(model[:row]) for row in range(len(model))]
        assert [rows.index_to_line[row] for row in range(len(model))] == starts
        assert [rows.heights[row] for row in range(len(model))] == model


def test_a_line_past_the_end_is_no_row() -> None:
    """OptionList draws a blank for a line past the last row: it expects IndexError."""
    rows = RowLines()
    rows.append(2)
    try:
        rows.lines[2]
    except IndexError:
        pass
    else:
        raise AssertionError("line 2 of a 2-line list")
    assert 1 not in rows.heights and rows.index_to_line.get(1) is None
