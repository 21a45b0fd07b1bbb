"""The README's key table, built from the live bindings the help screen shows.

`python -m tui.keys_table` prints it, `python -m tui.keys_table --update README.md` writes it
between the README's key markers; a test checks the README holds exactly this table, so the
README, the help screen and the bindings cannot drift apart.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from annotations.library.store import LibraryStore
from annotations.sources.load import load_seed
from tui.app import NewsdeskApp
from tui.screens.help import binding_rows


async def live_rows() -> list[tuple[str, str, str]]:
    """(section, keys, description) for the reader screen, read from a running app."""
    with tempfile.TemporaryDirectory() as folder:
        app = NewsdeskApp(load_seed(), store=LibraryStore(Path(folder)))
        async with app.run_test():
            rows = binding_rows(app.help_nodes())
            # Let the analysis thread finish writing its cache before the folder goes.
            await app.workers.wait_for_complete()
            return rows


def markdown_table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| Where | Keys | What |", "|---|---|---|"]
    for section, keys, description in rows:
        shown = keys.replace("|", "\\|")
        lines.append(f"| {section} | `{shown}` | {description} |")
    return "\n".join(lines)


START, END = "<!-- keys:start -->", "<!-- keys:end -->"


def readme_table(readme: str) -> str:
    """The table between the README's key markers."""
    return readme.split(START, 1)[1].split(END, 1)[0].strip()


def main() -> None:
    table = markdown_table(asyncio.run(live_rows()))
    if len(sys.argv) == 3 and sys.argv[1] == "--update":
        path = Path(sys.argv[2])
        readme = path.read_text(encoding="utf-8")
        head, rest = readme.split(START, 1)
        tail = rest.split(END, 1)[1]
        path.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
    else:
        print(table)


if __name__ == "__main__":
    main()
