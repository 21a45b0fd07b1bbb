"""Write docs/screenshot.svg: the seed article with a highlight and a note, panes filled.

Run: python docs/make_screenshot.py
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from annotations.library.store import LibraryStore
from annotations.sources.load import load_seed
from tui.app import NewsdeskApp

HERE = Path(__file__).resolve().parent


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = NewsdeskApp(load_seed(), store=LibraryStore(Path(folder)))
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("right_curly_bracket", "h", "3", "a", *"Which regions?", "ctrl+s")
            await pilot.press("right_parenthesis", "right_parenthesis", "v")
            await pilot.press("w", "w", "w", "w", "w", "h")
            await pilot.pause(0.5)
            app.clear_notifications()
            await pilot.pause()
            app.save_screenshot("screenshot.svg", str(HERE))


if __name__ == "__main__":
    asyncio.run(main())
