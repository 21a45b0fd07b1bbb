"""The real command line spaces out young garbage collections; a test calling `main` does not."""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys

from annotations.gc_pacing import YOUNG_THRESHOLD, collect_young_if_due
from cli.main import main

PROBE = """
import gc, sys
from cli.main import main
sys.argv = ["newsdesk", "--version"]
try:
    main()
except SystemExit:
    pass
print(gc.get_threshold()[0])
"""


def test_the_command_line_collects_young_objects_less_often() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split()[-1] == str(YOUNG_THRESHOLD)


def test_main_called_with_arguments_leaves_the_collector_alone() -> None:
    before = gc.get_threshold()
    with contextlib.suppress(SystemExit):
        main(["--version"])
    assert gc.get_threshold() == before


def test_young_objects_are_collected_only_when_due() -> None:
    gc.collect()
    kept: list[list[int]] = [[] for _ in range(200)]
    assert not collect_young_if_due(due=10_000_000)
    assert gc.get_count()[0] >= 200
    assert collect_young_if_due(due=200)
    assert gc.get_count()[0] < 200
    assert len(kept) == 200
