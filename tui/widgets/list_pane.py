"""A titled side pane: a list of rows, or one plain sentence when there is nothing to list.

A pane owns its keys. It turns the option list's events into what the user meant (subclasses
post their own intent messages from `row_moved` and `row_chosen`), and it changes its rows
silently: refilling the list keeps the selected row by its id and posts nothing, so only a
user's move in a pane ever reaches the screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, cast

from rich.segment import Segment
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from annotations.visible_text import visible
from tui.keymap import RemappableBindings
from tui.widgets.row_lines import RowLines
from tui.widgets.steady_scroll import SteadyScrollView


class _IndexOfOption(dict[Option, int]):
    """Textual's map from option to index, brought up to date when read, not on every insert
    or removal (which renumbered every option after it: O(rows) for each edit)."""

    def __init__(self, options: list[Option]) -> None:
        super().__init__()
        self._options = options
        self._stale_from: int | None = None

    def renumber_from(self, start: int) -> None:
        """The options from `start` on moved: their indices are found again when asked."""
        if self._stale_from is None or start < self._stale_from:
            self._stale_from = start

    def _catch_up(self) -> None:
        start, self._stale_from = self._stale_from, None
        if start is not None:
            options = self._options
            self.update(zip(options[start:], range(start, len(options)), strict=True))

    def __getitem__(self, option: Option) -> int:
        self._catch_up()
        return super().__getitem__(option)

    def get(self, option: Option, default: Any = None) -> Any:
        self._catch_up()
        return super().get(option, default)

    def clear(self) -> None:
        self._stale_from = None
        super().clear()


class SteadyOptionList(OptionList, SteadyScrollView):
    """An OptionList that measures a row once per width and changes one row in place.

    Textual's OptionList forgets every row's height on any Resize (and Textual sends a
    ScrollView a Resize on every layout pass anywhere on the screen) and on every
    `set_options`, then wraps every row's text again to measure it: ~0.2 ms a row, 1 s for
    5,000 highlights. Here each `Option` keeps its height for the width it was measured at,
    so refilling the list with the same `Option` objects (the panes reuse those whose rows
    did not change) costs only the rows that changed. Lines are mapped to rows by prefix
    sums and bisect (`RowLines`), so `put_option` and `take_option` cost one row, and a
    change of the list's length repaints it without a layout of the screen when the
    scrollbar stays as it was. A drawn row does not carry its index (Textual's does, for
    the mouse, so every insert threw every drawn row away): the mouse finds its row from
    the line it is on, and drawn rows stay drawn when rows above them come or go.
    """

    _measured_width: int | None = None

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._line_cache = RowLines()  # type: ignore[assignment]
        self._option_to_index = _IndexOfOption(self._options)

    @property
    def _rows(self) -> RowLines:
        return cast(RowLines, self._line_cache)

    def _on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._measured_width:
            self._measured_width = width
            super()._on_resize()  # type: ignore[no-untyped-call]

    def _update_lines(self) -> None:
        """Measure the rows not measured yet (heights are kept on the options, see the
        class), and size the list to its lines."""
        if not self.scrollable_content_region:
            return
        rows = self._rows
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        if len(rows) < len(self.options):
            for option in self.options[len(rows) :]:
                rows.append(self._lines_of(option, width))
        last_divider = self.options and self.options[-1]._divider
        self._resize_to(Size(width, rows.total - (1 if last_divider else 0)))

    def _lines_of(self, option: Option, width: int | None = None) -> int:
        """The option's line count at `width` (the current one by default), measured once."""
        if width is None:
            width = self.scrollable_content_region.width - self._get_left_gutter_width()
        inner = width - self.get_component_styles("option-list--option").padding.width
        measured: tuple[int, int] | None = getattr(option, "_newsdesk_height", None)
        if measured is None or measured[0] != inner:
            rules = cast(RulesMap, self.styles)  # as Textual's OptionList does
            measured = (inner, self._get_visual(option).get_height(rules, inner))
            option._newsdesk_height = measured  # type: ignore[attr-defined]
        return measured[1] + option._divider

    def _resize_to(self, virtual_size: Size) -> None:
        """Set the scrollable size; a screen layout only when the scrollbar comes or goes
        or the list is sized by its content (in a pane, the pane gives it its height)."""
        old = self.virtual_size
        if virtual_size == old:
            return
        height = self.container_size.height
        sized_from_outside = not self.styles.auto_dimensions
        if (
            sized_from_outside
            and old.width == virtual_size.width
            and (old.height > height) == (virtual_size.height > height)
        ):
            self.set_reactive(OptionList.virtual_size, virtual_size)
            self._scroll_update(virtual_size)
            self._fitted_virtual_size = virtual_size  # the next layout has nothing to do
            self.refresh()
        else:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def put_option(self, index: int, option: Option, *, replace: bool) -> None:
        """Put `option` at `index`, replacing the option there or inserting it before.

        Only that row is measured and drawn anew; the others keep theirs. The selection
        stays on its row.
        """
        options, rows = self._options, self._rows
        # The line map follows the options at once: moving the selection below scrolls,
        # and scrolling reads the map.
        measured = index < len(rows) or (index == len(rows) and not replace)
        if replace:
            old = options[index]
            options[index] = option
            self._option_to_index.pop(old, None)  # not there if added since the last catch-up
            self._option_to_index[option] = index
            if old.id is not None:
                self._id_to_option.pop(old.id, None)
            if measured:
                rows.set(index, self._lines_of(option))
        else:
            options.insert(index, option)
            if measured:
                rows.insert(index, self._lines_of(option))
            self._reindex(index)
        if option.id is not None:
            self._id_to_option[option.id] = option
        if not replace and self.highlighted is not None and self.highlighted >= index:
            self._reset_highlight(self.highlighted + 1)
        self._update_lines()
        self.refresh()

    def take_option(self, index: int) -> None:
        """Remove the option at `index`, the others kept as they are drawn."""
        old = self._options.pop(index)
        rows = self._rows
        if index < len(rows):
            rows.pop(index)
        self._option_to_index.pop(old, None)
        if old.id is not None:
            self._id_to_option.pop(old.id, None)
        self._reindex(index)
        highlighted = self.highlighted
        if highlighted is not None and (highlighted > index or highlighted >= len(self._options)):
            self._reset_highlight(max(highlighted - 1, 0) if self._options else None)
        self._update_lines()
        self.refresh()

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """The option's drawn lines, as Textual's OptionList draws them but without its
        index in their meta (see the class)."""
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        cache_key = (option, style, padding)
        if (strips := self._option_render_cache.get(cache_key)) is None:
            visual = self._get_visual(option)
            if padding:
                visual = Padding(visual, padding)
            strips = [
                strip.extend_cell_length(width, style.rich_style)
                for strip in visual.to_strips(self, visual, width, None, style)
            ]
            if option._divider:
                rule = self.get_visual_style("option-list--separator").rich_style
                strips.append(Strip([Segment("─" * width, rule)], width))
            self._option_render_cache[cache_key] = strips
        return strips

    def _option_under(self, event: events.MouseEvent) -> int | None:
        """The index of the option under the mouse, if any."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = self.scroll_offset.y + offset.y
        if not 0 <= line < self._rows.total:
            return None
        return self._rows.row_at(line)

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # Textual's handler reads the index from the drawn row
        index = self._option_under(event)
        if index is not None and not self._options[index].disabled:
            self.highlighted = index
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        event.prevent_default()
        self._mouse_hovering_over = self._option_under(event)

    def _reset_highlight(self, index: int | None) -> None:
        with self.prevent(OptionList.OptionHighlighted):
            self.highlighted = index

    def _reindex(self, start: int) -> None:
        cast(_IndexOfOption, self._option_to_index).renumber_from(start)

    def index_of(self, option_id: str, hint: int | None = None) -> int:
        """The index of the option `option_id`: `hint` when the option is there (no look-up
        of the whole map), else found by its id.

        Raises:
            OptionDoesNotExist: No option has that id.
        """
        options = self._options
        if hint is not None and 0 <= hint < len(options) and options[hint].id == option_id:
            return hint
        return self.get_option_index(option_id)


class ListPane(RemappableBindings, Vertical):
    """A pane with a border title, an option list and a message for when it is empty."""

    DEFAULT_CLASSES = "pane"
    HELP_SECTION = "Any pane"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Next row", show=False),
        Binding("k", "move(-1)", "Previous row", show=False),
        Binding("g", "edge(-1)", "First row", show=False),
        Binding("G", "edge(1)", "Last row", show=False),
    ]

    def __init__(self, title: str, empty_message: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title
        self._empty_message = empty_message

    def compose(self) -> ComposeResult:
        yield Static(Content(self._empty_message), classes="pane-message")
        yield SteadyOptionList(classes="pane-list")

    def on_mount(self) -> None:
        self.show_message(self._empty_message)

    @property
    def option_list(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def selected_option_id(self) -> str | None:
        """The id of the selected row; None when the pane shows a message or nothing."""
        option_list = self.option_list
        if self.has_class("-message") or option_list.highlighted is None:
            return None
        return option_list.get_option_at_index(option_list.highlighted).id

    # -- the user's moves become intents ---------------------------------------------------------

    @on(OptionList.OptionHighlighted)
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if not event.option.disabled:
            self.row_moved(event.option.id or "")

    @on(OptionList.OptionSelected)
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.row_chosen(event.option.id or "")

    def row_moved(self, option_id: str) -> None:
        """The user moved to the row `option_id`: subclasses say what that means."""

    def row_chosen(self, option_id: str) -> None:
        """The user pressed enter on the row `option_id`: subclasses say what that means."""

    def action_move(self, delta: int) -> None:
        option_list = self.option_list
        if delta > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_edge(self, direction: int) -> None:
        option_list = self.option_list
        if direction > 0:
            option_list.action_last()
        else:
            option_list.action_first()

    def on_descendant_focus(self) -> None:
        """Entering the list lands on a real row, never on a group header or nowhere."""
        option_list = self.option_list
        index = option_list.highlighted
        if option_list.option_count and (
            index is None or option_list.get_option_at_index(index).disabled
        ):
            option_list.action_first()

    # -- changing the rows, silently ---------------------------------------------------------------

    def show_message(self, message: str) -> None:
        """Say something plainly instead of listing rows (empty, working, failed)."""
        self.query_one(".pane-message", Static).update(Content(visible(message)))
        self.set_class(True, "-message")
        option_list = self.option_list
        with option_list.prevent(OptionList.OptionHighlighted):
            option_list.clear_options()
        # An empty pane still takes focus, so tab visits every pane and it can say why.
        self.can_focus = True

    def show_options(self, options: Iterable[Option], empty_message: str | None = None) -> None:
        """Replace the rows, keeping the selected row by its id (or its place, if it went)."""
        rows = list(options)
        if not rows:
            self.show_message(empty_message or self._empty_message)
            return
        option_list = self.option_list
        previous_index = option_list.highlighted
        previous_id = self.selected_option_id
        with option_list.prevent(OptionList.OptionHighlighted):
            option_list.set_options(rows)
            index = self._index_of(previous_id)
            if index is None and previous_index is not None:
                index = min(previous_index, len(rows) - 1)
            option_list.highlighted = index
        self.set_class(False, "-message")
        had_focus = self.has_focus
        self.can_focus = False
        if had_focus:
            option_list.focus()

    def select_option(self, option_id: str, hint: int | None = None) -> None:
        """Select the row `option_id` without telling anyone (the screen already knows);
        `hint`: where it is likely to be (see `SteadyOptionList.index_of`)."""
        index = self._index_of(option_id, hint)
        if index is None:
            return
        option_list = self.option_list
        with option_list.prevent(OptionList.OptionHighlighted):
            option_list.highlighted = index

    def _index_of(self, option_id: str | None, hint: int | None = None) -> int | None:
        if option_id is None:
            return None
        option_list = self.option_list
        try:
            if isinstance(option_list, SteadyOptionList):
                return option_list.index_of(option_id, hint)
            return option_list.get_option_index(option_id)
        except OptionDoesNotExist:
            return None
