"""How long `q` takes to end the process while the analysis still runs, against an idle app.

Run: ``python benchmarks/bench_quit.py``. Each run starts the app headless on a short
article; its extractor either never finishes (stuck) or returns at once (idle). Once the
analysis has started, the script presses `q` and the process prints the time from that key
to just before it exits; the table shows the median of five runs of each. Target: < 1 s
(issue 14: ≤ 0.5 s). The `workers:` rows open a generated 1 MB article with a real extractor,
whose analysis runs in worker processes, and press `q` once its first chunk is back: the
time includes ending the workers. The `model loading` row is timed on a pseudo-terminal until
the process is gone: `newsdesk` on the seed with a new library, `q` as soon as its first words
show, while the app's first pool is still loading spaCy's model.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fixtures import SEED, long_article  # noqa: E402
from benchmarks.pty_timing import PtyProgram  # noqa: E402

RUNS = 5

SCRIPT = """
import asyncio, atexit, sys, threading, time
from pathlib import Path
from annotations.article.model import article_from_plain_text
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp

stuck = sys.argv[2] == "stuck"
started = threading.Event()
pressed = []

class Extractor:
    name = "bench"
    version = "bench-" + sys.argv[2]
    def extract(self, text):
        started.set()
        if stuck:
            threading.Event().wait()
        return []

workers = sys.argv[2].startswith("workers")
if workers:  # a real extractor on a long article: the analysis runs in worker processes
    from annotations.analysis.entities import get_extractor
    from tui.screens.reader import ReaderScreen
    shown = ReaderScreen._show_progress
    def spy(screen, progress):
        started.set()  # the first chunk is back: the workers are running
        shown(screen, progress)
    ReaderScreen._show_progress = spy

async def press_q(pilot):
    await asyncio.get_running_loop().run_in_executor(None, started.wait)
    await pilot.app.workers.wait_for_complete() if sys.argv[2] == "idle" else None
    pressed.append(time.perf_counter())
    await pilot.press("q")

# Runs after the app returned and after the interpreter joined what it joins.
atexit.register(lambda: print(f"{time.perf_counter() - pressed[0]:.4f}", flush=True))
if workers:
    text = Path(sys.argv[3]).read_text(encoding="utf-8")
    extractor = get_extractor(sys.argv[2].split(":")[1])
else:
    text, extractor = "Title\\n\\nA short body.", Extractor()
article = article_from_plain_text(text, source="s", source_key="k")
app = NewsdeskApp(article, store=LibraryStore(Path(sys.argv[1])), extractor=extractor)
app.run(headless=True, auto_pilot=press_q)
"""


def quit_seconds(kind: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        long = long_article(Path(folder) / "long.txt", 1_000_000)
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(Path(folder) / "lib"), kind, str(long)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    return float(done.stdout.strip().splitlines()[-1])


def gone_seconds_while_the_model_loads() -> float:
    """From `q`, pressed as the first words show, until the process is gone."""
    with tempfile.TemporaryDirectory() as folder:
        env = {"NEWSDESK_LIBRARY": str(Path(folder) / "lib")}
        program = PtyProgram([sys.executable, "-m", "cli.main", str(SEED)], env=env, cwd=ROOT)
        try:
            if program.wait_for(b"Meta", timeout=60) is None:
                raise SystemExit("the seed's first words never showed")
            pressed = time.perf_counter()
            os.write(program.fd, b"q")
            while not os.waitpid(program.pid, os.WNOHANG)[0]:
                program.drain(0.01)
                if time.perf_counter() - pressed > 30:
                    raise SystemExit("still running 30 s after q")
            gone = time.perf_counter() - pressed
            program.pid = -1  # reaped: nothing left to end
            return gone
        finally:
            program.close()


def main() -> None:
    print(f"{'analysis when q is pressed':<30}{'median s':>10}{'max s':>8}")
    for kind in ("idle", "stuck", "workers:rules", "workers:spacy-md"):
        times = [quit_seconds(kind) for _ in range(RUNS)]
        print(f"{kind:<30}{statistics.median(times):>10.3f}{max(times):>8.3f}")
    times = [gone_seconds_while_the_model_loads() for _ in range(RUNS)]
    name = "model loading (process gone)"
    print(f"{name:<30}{statistics.median(times):>10.3f}{max(times):>8.3f}")


if __name__ == "__main__":
    main()
