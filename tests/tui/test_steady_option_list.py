"""The annotations pane's option list, changed a row at a time, still finds every row by its
id (its map from option to index is brought up to date only when read) and a hint."""

from __future__ import annotations

import random

import pytest
from textual.app import App, ComposeResult
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.widgets.list_pane import SteadyOptionList


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SteadyOptionList()


@pytest.mark.parametrize("seed", range(5))
async def test_rows_are_found_by_id_after_any_inserts_and_removals(seed: int) -> None:
    rng = random.Random(seed)
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(SteadyOptionList)
        rows.add_options([Option(f"row {n}", id=f"r{n}") for n in range(30)])
        await pilot.pause()
        expected = [f"r{n}" for n in range(30)]
        made = 30
        for _ in range(60):
            what = rng.choice(["insert", "take", "replace", "look"])
            if what == "insert" or not expected:
                index = rng.randrange(len(expected) + 1)
                rows.put_option(index, Option(f"row {made}", id=f"r{made}"), replace=False)
                expected.insert(index, f"r{made}")
                made += 1
            elif what == "take":
                index = rng.randrange(len(expected))
                rows.take_option(index)
                expected.pop(index)
            elif what == "replace":
                index = rng.randrange(len(expected))
                rows.put_option(index, Option(f"row {made}", id=f"r{made}"), replace=True)
                expected[index] = f"r{made}"
                made += 1
            else:  # a look-up in the middle of the changes
                index = rng.randrange(len(expected))
                assert rows.get_option_index(expected[index]) == index
        await pilot.pause()
        assert [rows.get_option_at_index(i).id for i in range(rows.option_count)] == expected
        for index, option_id in enumerate(expected):
            assert rows.get_option_index(option_id) == index
            assert rows.index_of(option_id, hint=index) == index
            assert rows.index_of(option_id, hint=(index + 1) % len(expected)) == index
        with pytest.raises(OptionDoesNotExist):
            rows.index_of("gone", hint=0)
