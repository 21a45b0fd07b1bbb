"""The README's key table, built from the live bindings the help screen shows.

`python -m tui.keys_table` prints it; a test checks the README holds exactly this table, so
the README, the help screen and the bindings cannot drift apart.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from annotations.sources import load_seed
from annotations.store import LibraryStore
from tui.app import NewsdeskApp
from tui.screens.help import binding_rows


async def live_rows() -> list[tuple[str, str, str]]:
    """(section, keys, description) for the reader screen, read from a running app."""
    with tempfile.TemporaryDirectory() as folder:
        app = NewsdeskApp(load_seed(), store=LibraryStore(Path(folder)))
        async with app.run_test():
            return binding_rows(app.help_nodes())


def markdown_table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| Where | Keys | What |", "|---|---|---|"]
    for section, keys, description in rows:
        shown = keys.replace("|", "\\|")
        lines.append(f"| {section} | `{shown}` | {description} |")
    return "\n".join(lines)


def main() -> None:
    print(markdown_table(asyncio.run(live_rows())))


if __name__ == "__main__":
    main()
