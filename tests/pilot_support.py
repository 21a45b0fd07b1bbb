"""Waiting for the app the way a user would see it settle: events, never timers."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App

from tui.screens.reader import ReaderScreen

#: A bound for a wait that would otherwise hang a broken test; never a synchronisation.
GIVE_UP_SECONDS = 120


async def analysed(app: App[Any]) -> None:
    """Wait until the reader shows its analysis (or says why not) and every worker is done.

    The analysis starts after the first frame, so waiting for workers alone can return
    before it has even begun on a busy machine.
    """
    readers = [screen for screen in app.screen_stack if isinstance(screen, ReaderScreen)]
    for reader in readers:
        await asyncio.wait_for(reader.analysed.wait(), GIVE_UP_SECONDS)
    await app.workers.wait_for_complete()
