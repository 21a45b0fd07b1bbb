"""Snapshots of the main screens on the seed article, wide and narrow.

Every snapshot is taken in a settled state: the analysis worker has finished and no notice
is on screen (notices time out on a timer, so a snapshot that could catch one would pass or
fail with the machine's speed).
"""

from __future__ import annotations

from typing import Any

import pilot_support
import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from annotations.sources.load import load_seed
from tui.app import NewsdeskApp

SIZES = [(120, 40), (80, 24)]


async def analysed(pilot: Pilot[Any]) -> None:
    """Wait until the Entities and Quotes panes have filled, so every run looks the same."""
    await pilot_support.analysed(pilot.app)
    await pilot.pause()


def pressing(*keys: str) -> Any:
    """A run_before that presses `keys` once the panes are filled, then clears the notices."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await analysed(pilot)
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(NewsdeskApp(load_seed()), terminal_size=size, run_before=analysed)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(
        NewsdeskApp(load_seed()), terminal_size=size, run_before=pressing("question_mark")
    )


def test_search_in_progress(snap_compare: Any) -> None:
    keys = ["slash", *"Spotify", "enter", "n"]
    assert snap_compare(
        NewsdeskApp(load_seed()), terminal_size=(120, 40), run_before=pressing(*keys)
    )


def test_highlights_with_a_note(snap_compare: Any) -> None:
    keys = ["h", "right_curly_bracket", "v", "w", "w", "h", "3", "a", *"A note", "ctrl+s"]
    assert snap_compare(
        NewsdeskApp(load_seed()), terminal_size=(120, 40), run_before=pressing(*keys)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_note_dialog(snap_compare: Any, size: tuple[int, int]) -> None:
    """The note editor: a box over the reader, which shows around it as it is (dialogs do
    not dim it, so closing one redraws only the box)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pressing("h", "a", *"Why it matters")(pilot)
        # The editor's cursor steady, not blinking: a snapshot never catches a timer.
        pilot.app.screen.query_one(TextArea).cursor_blink = False
        await pilot.pause()

    assert snap_compare(NewsdeskApp(load_seed()), terminal_size=size, run_before=run_before)
