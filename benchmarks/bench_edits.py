"""Edits on a real pseudo-terminal at 100 / 1,000 / 5,000 highlights on one 1 MB article.

For each count, newsdesk opens a generated 1 MB article whose highlights were imported, and
the script times, key by key, a cycle of edits at the cursor: `h` (highlight the sentence),
`2` (colour), `a` + text + `ctrl+s` (the note's save is timed), `x` (delete), `u` three
times, `ctrl+r` (redo), `u`; then `)` to the next sentence (not an edit, not counted). Each
edit's first byte and repaint done (quiet 40 ms after the last byte) are kept; prints median
and p95 per count, with the minimal Textual app's cursor key in the same run for scale.
Notices (toasts) that appear and go are part of what is measured, as a user would see them.

With `--before DIR` (a checkout of an earlier commit, e.g. `git archive main | tar -x -C DIR`),
each count is also timed with that code (PYTHONPATH=DIR), in the same run, for a fair before
and after on this noisy machine.

Run: python benchmarks/bench_edits.py [--cycles 12] [--counts 100,1000,5000] [--before DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_keys import NEWSDESK, import_highlights, time_keys
from benchmarks.fixtures import SEED, long_article
from benchmarks.pty_timing import KeyTimes, PtyProgram

HERE = Path(__file__).resolve().parent
#: (bytes sent, timed?) for one cycle of edits.
CYCLE: list[tuple[bytes, bool]] = [
    (b"h", True),
    (b"2", True),
    (b"a", False),
    (b"n", False),
    (b"\x13", True),  # ctrl+s saves the note
    (b"x", True),
    (b"u", True),
    (b"u", True),
    (b"u", True),
    (b"\x12", True),  # ctrl+r
    (b"u", True),
    (b")", False),
]


#: How each timed key is shown in the per-key lines.
KEY_NAMES = {b"h": "h", b"2": "2", b"\x13": "note save", b"x": "x", b"u": "u", b"\x12": "ctrl+r"}


def time_edits(
    article: Path,
    library: Path,
    cycles: int,
    code: Path | None = None,
    by_key: dict[str, KeyTimes] | None = None,
) -> KeyTimes:
    """Every timed edit's figures; `by_key` gets them per key as well."""
    # The rules extractor: its analysis is over before the edits, so these figures are the
    # edits' own (the spaCy analysis of 1 MB holds the interpreter for a minute; issue 14
    # item 3 moves it out of the way).
    env = {"NEWSDESK_LIBRARY": str(library), "NEWSDESK_EXTRACTOR": "rules"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    # Run from `code`: `python -m` puts the working folder ahead of PYTHONPATH.
    program = PtyProgram([*NEWSDESK, str(article)], env=env, cwd=code)
    try:
        program.wait_for(b"\x1b[", timeout=60)
        program.settle(quiet=2.0)
        timed, untimed = KeyTimes(), KeyTimes()
        for _ in range(cycles):
            for key, counted in CYCLE:
                if not counted:
                    program.press(key, untimed)
                    continue
                one = KeyTimes()
                program.press(key, one)
                targets = [timed]
                if by_key is not None:
                    targets.append(by_key.setdefault(KEY_NAMES[key], KeyTimes()))
                for times in targets:
                    times.first.extend(one.first)
                    times.done.extend(one.done)
                    times.writes.extend(one.writes)
                    times.missed += one.missed
        return timed
    finally:
        program.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=12)
    parser.add_argument("--counts", default="100,1000,5000")
    parser.add_argument("--before", type=Path, help="earlier code to time in the same run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        article = long_article(Path(folder) / "long.txt")
        base = time_keys(
            [sys.executable, str(HERE / "_minimal_apps.py"), "cursor", str(SEED)], "jk", 60
        )
        print(f"minimal Textual app, cursor key (scale)   {base.summary()}")
        for count in (int(c) for c in args.counts.split(",")):
            library = Path(folder) / f"library-{count}"
            import_highlights(article, count, library)
            if args.before is not None:
                before_keys: dict[str, KeyTimes] = {}
                before = time_edits(
                    article, library, args.cycles, args.before.resolve(), by_key=before_keys
                )
                print(f"  before:  1 MB, {count:>5,} highlights, edits  {before.summary()}")
                for name, one in before_keys.items():
                    print(f"      before {name:<10} {one.summary()}")
            keys: dict[str, KeyTimes] = {}
            times = time_edits(article, library, args.cycles, by_key=keys)
            print(f"newsdesk 1 MB, {count:>5,} highlights, edits  {times.summary()}")
            for name, one in keys.items():
                print(f"    {name:<10} {one.summary()}")


if __name__ == "__main__":
    main()
