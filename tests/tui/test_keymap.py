"""Config keys reach every binding, also those of screens and dialogs imported on first use.

Each newsdesk class with bindings derives from `RemappableBindings`, which names its
bindings by their action as the class is made; the config's `[keys]` are checked against
every binding id newsdesk has, which imports every screen only when a config remaps keys.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tui.keymap import RemappableBindings, binding_ids, newsdesk_classes

ROOT = Path(__file__).resolve().parents[2]


def test_every_binding_of_every_newsdesk_class_has_an_id() -> None:
    ids = binding_ids()  # imports every tui module
    unnamed = [
        (cls.__qualname__, binding.key)
        for cls in newsdesk_classes()
        if cls._merged_bindings is not None
        for bindings in cls._merged_bindings.key_to_bindings.values()
        for binding in bindings
        if not binding.id
    ]
    assert unnamed == []
    with_bindings = [
        cls
        for cls in newsdesk_classes()
        if cls._merged_bindings is not None and cls._merged_bindings.key_to_bindings
    ]
    assert all(issubclass(cls, RemappableBindings) for cls in with_bindings)
    # The reader's, the library's, a dialog's and one Textual gives the article view.
    assert {"highlight", "open", "remove", "answer(True)", "scroll_up"} <= ids


_PROBE = """
import asyncio, sys, tempfile
from pathlib import Path
from annotations.library.store import LibraryStore
from annotations.sources.load import load_seed
from tui.app import NewsdeskApp

later = [name for name in ("tui.screens.library", "tui.screens.help") if name in sys.modules]

class Recording(NewsdeskApp):
    shown = []
    def notify(self, message, **kwargs):
        self.shown.append(message)
        super().notify(message, **kwargs)

async def main():
    with tempfile.TemporaryDirectory() as folder:
        store = LibraryStore(Path(folder))
        store.open_article("other", "other.txt", "Other", "f")
        app = Recording(load_seed(), store=store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("o")  # the library, imported now
            await app.workers.wait_for_complete()
            await pilot.pause()
            # tab: to the list (remove acts there); f6: remapped from d (remove)
            await pilot.press("tab", "down", "f6")
            await pilot.pause()
            asked = type(app.screen).__name__
            await app.workers.wait_for_complete()
        problems = [m for m in app.shown if m.startswith("config:")]
        print(later, problems, asked)

asyncio.run(main())
"""


def test_a_key_of_a_screen_imported_on_first_use_can_be_remapped(tmp_path: Path) -> None:
    # A fresh interpreter: here the library screen may be imported already by other tests.
    config = Path(os.environ["NEWSDESK_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\nremove = "f6"\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] [] ConfirmDialog"
