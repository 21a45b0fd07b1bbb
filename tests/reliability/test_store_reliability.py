"""The library survives writers killed mid-save, concurrent writers and truncated files.

These tests run real subprocesses; together they take a few seconds. They synchronise with
the writers by what the writers print and read (ready, go, each save acknowledged), never by
sleeping, so a busy machine changes how long they take, not what they check.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from annotations.library.anchoring import describe
from annotations.library.model import Annotation
from annotations.library.storage import TEMP_SUFFIX
from annotations.library.store import ANNOTATIONS_FOLDER, INDEX_FILE, LibraryStore

REPO = Path(__file__).resolve().parents[2]

#: Prints "ready" once imported and waits for a line on stdin; then saves highlights forever
#: (or `count` times), printing "<article> <id>" once each save has returned. Every tenth
#: save also touches the articles index.
WRITER = """
import sys
from pathlib import Path

from annotations.library.model import Annotation, TextPositionSelector, TextQuoteSelector
from annotations.library.store import LibraryStore

folder, name, count, articles = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4:]
print("ready", flush=True)
sys.stdin.readline()  # go
store = LibraryStore(folder)
saved = 0
while count < 0 or saved < count:
    article = articles[saved % len(articles)]
    if saved < len(articles) or saved % 10 == 0:
        store.open_article(article, f"source {article}", f"Title {article}", f"fp{saved}")
        store.set_reading_position(article, saved)
    annotation = Annotation.new(
        article,
        TextPositionSelector(saved, saved + 5),
        TextQuoteSelector("quote", "before ", " after"),
        note=f"note {name} {saved} ✓",
        tags=[name, "reliability"],
    )
    store.add(annotation)
    print(article, annotation.id, flush=True)
    saved += 1
"""


def start_writer(folder: Path, name: str, count: int, articles: list[str]) -> subprocess.Popen[str]:
    """Start a writer and wait until it says it is ready (imported, waiting for go)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), name, str(count), *articles],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "ready\n"
    return writer


def go(writer: subprocess.Popen[str]) -> None:
    assert writer.stdin is not None
    writer.stdin.write("go\n")
    writer.stdin.flush()


def acknowledged(output: str) -> dict[str, str]:
    """Saved ids and their article, from a writer's output (a cut-off last line is unsaved)."""
    result: dict[str, str] = {}
    for line in output.splitlines(keepends=True):
        parts = line.split()
        if line.endswith("\n") and len(parts) == 2:
            result[parts[1]] = parts[0]
    return result


def stored_ids(store: LibraryStore, articles: list[str]) -> set[str]:
    return {annotation.id for article in articles for annotation in store.annotations(article)}


def test_writer_killed_again_and_again_loses_no_acknowledged_save(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    articles = [f"article{number}" for number in range(12)]
    rng = random.Random(20240501)
    saved: dict[str, str] = {}
    for _ in range(14):
        writer = start_writer(folder, "killed", -1, articles)
        assert writer.stdout is not None
        go(writer)
        # Killed after a chosen number of acknowledged saves: the writer is then somewhere
        # in its next save, at a moment the machine's load decides.
        seen = "".join(writer.stdout.readline() for _ in range(rng.randint(8, 30)))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        saved.update(acknowledged(seen + rest))

        store = LibraryStore(folder)
        assert store.warnings == []
        assert set(saved) <= stored_ids(store, articles)
        assert {record.id for record in store.articles()} <= set(articles)
        # Temp files of the killed writer are gone once a store has opened the library.
        leftovers = list(folder.glob(f".*{TEMP_SUFFIX}"))
        leftovers += (folder / ANNOTATIONS_FOLDER).glob(f".*{TEMP_SUFFIX}")
        assert leftovers == []
    assert len(saved) >= 14 * 8  # the writer really was saving when it was killed


def test_two_processes_saving_concurrently_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    LibraryStore(folder)
    writers = [
        start_writer(folder, "left", 150, ["shared", "left-only"]),
        start_writer(folder, "right", 150, ["shared", "right-only"]),
    ]
    for writer in writers:  # both are imported and waiting: their saves overlap
        go(writer)
    saved: dict[str, str] = {}
    for writer in writers:
        output, _ = writer.communicate(timeout=60)
        assert writer.returncode == 0
        saved.update(acknowledged(output))

    assert len(saved) == 300
    store = LibraryStore(folder)
    assert stored_ids(store, ["shared", "left-only", "right-only"]) == set(saved)
    assert len(store.annotations("shared")) == 150
    assert {record.id for record in store.articles()} == {"shared", "left-only", "right-only"}
    assert store.warnings == []


def test_truncated_library_files_are_moved_aside_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    store = LibraryStore(folder)
    store.open_article("a1", "source", "Title", "fp")
    for start in range(3):
        store.add(Annotation.new("a1", *describe("some article text", start, start + 4)))
    annotations_path = folder / ANNOTATIONS_FOLDER / "a1.json"
    index_path = folder / INDEX_FILE
    for path in (index_path, annotations_path):
        content = path.read_bytes()
        path.write_bytes(content[: len(content) // 2])

    reopened = LibraryStore(folder)
    assert reopened.annotations("a1") == []
    assert reopened.articles() == []
    assert len(reopened.warnings) == 2
    for path in (index_path, annotations_path):
        moved = list(path.parent.glob(f"{path.name}.corrupt-*"))
        assert len(moved) == 1
        assert any(str(moved[0]) in warning for warning in reopened.warnings)
    # The library goes on working with fresh files.
    reopened.open_article("a1", "source", "Title", "fp")
    assert reopened.get_article("a1") is not None
