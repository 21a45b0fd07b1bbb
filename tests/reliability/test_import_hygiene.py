"""The domain package stands alone: importing all of it loads no UI code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import importlib, json, pkgutil, sys
import annotations

FORBIDDEN = {"textual", "rich", "tui", "cli"}

def forbidden_loaded():
    return sorted(name for name in sys.modules if name.split(".")[0] in FORBIDDEN)

imported, culprits = [], {}
for module in pkgutil.walk_packages(annotations.__path__, "annotations."):
    before = set(forbidden_loaded())
    importlib.import_module(module.name)
    imported.append(module.name)
    new = sorted({name.split(".")[0] for name in forbidden_loaded()} - before)
    if new:
        culprits[module.name] = new
print(json.dumps({"imported": imported, "culprits": culprits}))
"""


def test_importing_every_annotations_module_loads_no_textual_rich_tui_or_cli() -> None:
    # A fresh interpreter: this test process may already have textual loaded by other tests.
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "annotations.sources.load" in report["imported"]
    assert "annotations.article.segmentation" in report["imported"]
    # Names the module that first pulled each forbidden package in (directly or through a
    # dependency), so a failure says where to make the import lazy.
    assert report["culprits"] == {}
