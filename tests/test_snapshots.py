"""Snapshots of the main screen on the seed article, wide and narrow."""

from __future__ import annotations

from typing import Any

import pytest

from annotations.sources import load_seed
from tui.app import NewsdeskApp

SIZES = [(120, 40), (80, 24)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(NewsdeskApp(load_seed()), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(NewsdeskApp(load_seed()), terminal_size=size, press=["question_mark"])


def test_search_in_progress(snap_compare: Any) -> None:
    keys = ["slash", *"Spotify", "enter", "n"]
    assert snap_compare(NewsdeskApp(load_seed()), terminal_size=(120, 40), press=keys)
