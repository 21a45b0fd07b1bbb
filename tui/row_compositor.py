"""Textual's compositor, but a partial update renders only what lies under its dirty regions.

Textual draws a partial update by rendering every visible widget that overlaps the union of
the dirty regions, each over its whole height, and then keeps only the dirty rows. An edit
dirties the masthead's status (the top row), a row of the article and the annotations pane,
so that union is the whole screen: every pane, scrollbar and footer key was rendered again
(from its line cache, but cropped, split and filtered row by row) for each key, ~2–3 ms of
the ~5 ms a frame took with 5,000 highlights. Here only widgets overlapping one of the dirty
regions are rendered, and only over the rows that are dirty. The terminal receives the same
bytes: a widget outside every dirty region has no cell in the update's spans.

Full updates (a resize, a screen coming back) are Textual's own.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class RowCompositor(Compositor):
    """A `Compositor` whose partial updates render only the widgets and rows that changed."""

    def repaint(self, region: Region) -> None:
        """Send `region` to the terminal again in the next update, as its widgets last drew
        it (none of them renders anew unless it changed)."""
        self._dirty_regions.add(region)

    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        screen = self.size.region
        regions = [region for region in update_regions if region.overlaps(screen)]
        spans = list(self._regions_to_spans(update_regions))
        rows = {y for y, _, _ in spans}
        chops = self._render_rows(regions, rows)
        chop_ends = [cut_set[1:] for cut_set in self.cuts]
        return ChopsUpdate(chops, spans, chop_ends)

    def _render_rows(
        self, regions: Sequence[Region], rows: Collection[int]
    ) -> Sequence[Mapping[int, Strip]]:
        """Each screen row's chops, filled where a widget under `regions` shows on `rows`
        (Textual's `_render_chops`, for those widgets and rows only)."""
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        # Front to back, as Textual paints: the first strip given for a cut wins.
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not shown or not any(shown.overlaps(dirty) for dirty in regions):
                continue
            widget_rows = [y for y in shown.line_range if y in rows]
            if not widget_rows:
                continue
            top, bottom = widget_rows[0], widget_rows[-1]
            crop = Region(shown.x - region.x, top - region.y, shown.width, bottom - top + 1)
            strips = widget.render_lines(crop)
            first_cut, last_cut = shown.column_span
            for y, strip in zip(range(top, bottom + 1), strips, strict=False):
                if y not in rows:
                    continue
                chops_line = chops[y]
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                pieces = strip.divide([cut - shown.x for cut in final_cuts[1:]])
                for cut, piece in zip(final_cuts, pieces, strict=False):
                    if chops_line.get(cut) is None:
                        chops_line[cut] = piece
        return chops  # type: ignore[return-value]  # every shown cut of a dirty row is set
