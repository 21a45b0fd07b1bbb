"""`q` quits at once while the analysis still runs: exiting never waits for that thread."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: Opens an article whose entity extraction never finishes; once it has started (a ready file,
#: written by the extractor), presses q. Prints "exited" after the app returns.
SCRIPT = """
import asyncio, sys, threading
from pathlib import Path
from annotations.article.model import article_from_plain_text
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp

ready = Path(sys.argv[2])
started = threading.Event()

class Stuck:
    name = "stuck"
    version = "stuck-1"
    def extract(self, text):
        started.set()
        ready.write_text("started")
        threading.Event().wait()  # never set: an analysis that does not end

async def press_q(pilot):
    await asyncio.get_running_loop().run_in_executor(None, started.wait)
    await pilot.press("q")

article = article_from_plain_text("Title\\n\\nA short body.", source="s", source_key="k")
app = NewsdeskApp(article, store=LibraryStore(Path(sys.argv[1])), extractor=Stuck())
app.run(headless=True, auto_pilot=press_q)
print("exited", flush=True)
"""


def test_quit_does_not_wait_for_a_running_analysis(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    process = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "lib"), str(ready)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard only: the old code never exited at all
    )
    assert ready.read_text() == "started"  # q came while the analysis ran
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "exited"
