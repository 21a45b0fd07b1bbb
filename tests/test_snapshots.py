"""Snapshots of the main screens on the seed article, wide and narrow."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from annotations.sources import load_seed
from tui.app import NewsdeskApp

SIZES = [(120, 40), (80, 24)]


async def analysed(pilot: Pilot[Any]) -> None:
    """Wait until the Entities and Quotes panes have filled, so every run looks the same."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(NewsdeskApp(load_seed()), terminal_size=size, run_before=analysed)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(
        NewsdeskApp(load_seed()), terminal_size=size, press=["question_mark"], run_before=analysed
    )


def test_search_in_progress(snap_compare: Any) -> None:
    keys = ["slash", *"Spotify", "enter", "n"]
    assert snap_compare(
        NewsdeskApp(load_seed()), terminal_size=(120, 40), press=keys, run_before=analysed
    )


def test_highlights_with_a_note(snap_compare: Any) -> None:
    keys = ["h", "right_curly_bracket", "v", "w", "w", "h", "3", "a", *"A note", "ctrl+s"]
    assert snap_compare(
        NewsdeskApp(load_seed()), terminal_size=(120, 40), press=keys, run_before=analysed
    )
