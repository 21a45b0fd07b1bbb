"""Key bindings the user can remap from the config's ``[keys]`` table (Textual keymaps).

Textual's `App.set_keymap` replaces the keys of bindings by their id, as the posting app
does. newsdesk's bindings are named by their action, so `give_binding_ids` gives every
binding of newsdesk's own widgets and screens that has no id its action as id
(``export_markdown``, ``highlight``, ``color('yellow')``, ``help``...). It must run before
the app is made: Textual copies a class's bindings into each instance.
"""

from __future__ import annotations

import dataclasses

from textual.binding import Binding
from textual.dom import DOMNode


def _newsdesk_classes() -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("tui."):
                found.append(sub)
    return found


def give_binding_ids() -> set[str]:
    """Give ids to newsdesk's bindings that have none; returns every binding id there is."""
    ids: set[str] = set()
    for cls in _newsdesk_classes():
        merged = cls._merged_bindings  # Textual's bindings of the class, BINDINGS merged
        if merged is None:
            continue
        for key, bindings in merged.key_to_bindings.items():
            named: list[Binding] = [
                b if b.id else dataclasses.replace(b, id=b.action) for b in bindings
            ]
            merged.key_to_bindings[key] = named
            ids.update(b.id for b in named if b.id)
    return ids
