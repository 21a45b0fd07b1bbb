"""Key bindings the user can remap from the config's ``[keys]`` table (Textual keymaps).

Textual's `App.set_keymap` replaces the keys of bindings by their id, as the posting app
does. newsdesk's bindings are named by their action: a screen or widget of newsdesk derives
from `RemappableBindings`, which gives every binding of the class that has no id (its own and
those it inherits from Textual) its action as id (``export_markdown``, ``highlight``,
``color('yellow')``, ``help``...) as the class is made. Textual copies a class's bindings into
each instance, so the ids are there whenever the class is imported: at start-up or, for a
screen or dialog not needed for the first frame, on first use.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Any

from textual.dom import DOMNode

TUI_FOLDER = Path(__file__).resolve().parent


class RemappableBindings:
    """Mixin (first among the bases) for newsdesk's Textual classes with bindings."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)  # Textual merges the class's bindings here
        if issubclass(cls, DOMNode):
            _name_bindings(cls)


def _name_bindings(cls: type[DOMNode]) -> None:
    merged = cls._merged_bindings  # Textual's bindings of the class, BINDINGS merged
    if merged is None:
        return
    for key, bindings in merged.key_to_bindings.items():
        merged.key_to_bindings[key] = [
            b if b.id else dataclasses.replace(b, id=b.action) for b in bindings
        ]


def _defined_in_tui(cls: type) -> bool:
    file = getattr(sys.modules.get(cls.__module__), "__file__", None)
    return file is not None and Path(file).resolve().is_relative_to(TUI_FOLDER)


def newsdesk_classes() -> list[type[DOMNode]]:
    """newsdesk's Textual classes imported so far (defined in the `tui` package)."""
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub not in found and _defined_in_tui(sub):
                found.append(sub)
    return found


def binding_ids() -> frozenset[str]:
    """Every binding id newsdesk has. Imports every module of `tui` first (screens and dialogs
    are otherwise imported on first use), so it is asked only when a config remaps keys."""
    import tui

    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        importlib.import_module(module.name)
    return frozenset(
        binding.id
        for cls in newsdesk_classes()
        if cls._merged_bindings is not None
        for bindings in cls._merged_bindings.key_to_bindings.values()
        for binding in bindings
        if binding.id
    )
