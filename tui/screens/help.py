"""The help screen, built from the live key bindings so it can never drift from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import RemappableBindings

#: Textual key names shown as the character a user types.
KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "space": "space",
    "escape": "esc",
}


class HasBindings(Protocol):
    """What the help reads of a node: its bindings (a section name is optional)."""

    _bindings: BindingsMap


@dataclass
class BindingGroup:
    """Bindings listed under a section of their own, e.g. the keys every pane shares."""

    HELP_SECTION: str
    bindings: Iterable[BindingType]
    _bindings: BindingsMap = field(init=False)

    def __post_init__(self) -> None:
        self._bindings = BindingsMap(self.bindings)


def binding_rows(nodes: Iterable[HasBindings]) -> list[tuple[str, str, str]]:
    """(section, keys, description) for every described binding of the given nodes.

    Keys are shown as typed (``)`` rather than ``right_parenthesis``); a binding's tooltip,
    when it has one, is the longer description the footer has no room for.
    """
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for node in nodes:
        section = getattr(node, "HELP_SECTION", type(node).__name__)
        # BindingsMap holds one entry per key: gather each binding's keys back together.
        grouped: dict[tuple[str, str], list[str]] = {}
        for key, binding in node._bindings:
            if not binding.description:
                continue
            ident = (binding.action, binding.tooltip or binding.description)
            grouped.setdefault(ident, []).append(KEY_NAMES.get(key, key))
        for ident, keys in grouped.items():
            if ident not in seen:
                seen.add(ident)
                rows.append((section, " / ".join(keys), ident[1]))
    return rows


class HelpScreen(RemappableBindings, ModalScreen[None]):
    """Every key of the reader, its panes and the app, from the bindings in force."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help", show=False),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
        Binding("g,home", "edge(-1)", "Top", show=False),
        Binding("G,end", "edge(1)", "Bottom", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]

    def __init__(self, nodes: list[HasBindings]) -> None:
        super().__init__()
        self._binding_nodes = nodes

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        section = None
        for row_section, keys, description in binding_rows(self._binding_nodes):
            if row_section != section:
                if section is not None:
                    lines.append(Content(""))
                lines.append(Content.styled(row_section, "bold $accent"))
                section = row_section
            lines.append(Content.assemble((f"{keys:>22}", "bold"), "  ", description))
        lines.append(Content(""))
        lines.append(Content.styled("esc or ? closes this help", "dim"))
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            yield Static(Content("\n").join(lines))

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        body = self.body
        body.scroll_to(y=body.scroll_offset.y + lines, animate=False, immediate=True)

    def action_page(self, direction: int) -> None:
        self.action_scroll(direction * max(self.body.scrollable_content_region.height - 1, 1))

    def action_edge(self, direction: int) -> None:
        body = self.body
        body.scroll_to(y=body.max_scroll_y if direction > 0 else 0, animate=False, immediate=True)
