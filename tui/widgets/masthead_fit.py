"""Where each part of the masthead goes on its one line: a pure function of the texts and width.

The rules the masthead's old row of labels had in CSS, kept cell for cell: the title takes
what is left (at least 8 cells), the source at most 30% and the status at most 40% of the
line, each cut with an ellipsis; the mode is a badge; the percentage keeps six cells, right
aligned. Drawn by one widget, a status of another width is a redraw of one line, never a
layout of the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

#: The part names, also the masthead's component classes (`masthead--<name>`).
PARTS = ("title", "source", "mode", "status", "progress")

TITLE_MIN = 8
SOURCE_SHARE = 0.30
STATUS_SHARE = 0.40
PROGRESS_CELLS = 6
#: Cells before the source, the mode badge and the status.
GAP = 2


@dataclass(frozen=True)
class Piece:
    """Cells of one part: `text` padded or cut to exactly `cells`."""

    part: str
    text: str

    @property
    def cells(self) -> int:
        return cell_len(self.text)


def cut(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, ending with an ellipsis when cut."""
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, cells - 1) + "…"


def fit(
    width: int, title: str, source: str, mode: str, status: str, progress: int | None
) -> list[Piece]:
    """The masthead's pieces, left to right, exactly `width` cells in all (padding included)."""
    inner = max(0, width - 2)
    percent = "" if progress is None else f"{progress}%"
    right = [Piece("progress", percent.rjust(PROGRESS_CELLS))]
    status_cells = min(GAP + cell_len(status), int(inner * STATUS_SHARE))
    status_piece = Piece("status", " " * GAP + cut(status, status_cells - GAP))
    mode_piece = Piece("mode", f" {mode} ") if mode else None
    source_cells = min(GAP + cell_len(source), int(inner * SOURCE_SHARE))
    source_piece = Piece("source", " " * GAP + cut(source, source_cells - GAP))
    fixed = sum(piece.cells for piece in right) + status_piece.cells + source_piece.cells
    fixed += GAP + mode_piece.cells if mode_piece else 0
    title_cells = max(TITLE_MIN, inner - fixed)
    title_piece = Piece("title", set_cell_size(cut(title, title_cells), title_cells))
    pieces = [Piece("pad", " "), title_piece, source_piece]
    if mode_piece:
        pieces += [Piece("pad", " " * GAP), mode_piece]
    pieces += [status_piece, *right]
    used = sum(piece.cells for piece in pieces)
    if used + 1 > width:  # too narrow for all: cut from the right, as the terminal would
        return _clip(pieces, width)
    return [*pieces, Piece("pad", " " * (width - used))]


def _clip(pieces: list[Piece], width: int) -> list[Piece]:
    clipped: list[Piece] = []
    room = width
    for piece in pieces:
        if room <= 0:
            break
        text = set_cell_size(piece.text, min(piece.cells, room))
        clipped.append(Piece(piece.part, text))
        room -= cell_len(text)
    return clipped
