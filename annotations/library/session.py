"""One article's highlights while it is open: anchored, edited, undone, kept in step with the store.

`AnnotationSession` is what the app talks to. It anchors the stored highlights in the article's
current text (those that cannot be placed are kept as orphans, never dropped), writes every
change to the store the moment it is made, and keeps an undo/redo history of those changes.

A change that cannot be saved (disk full, read-only, permission denied) raises `SaveError`
and changes nothing, in memory or on disk, so the reader can try again; opening an article
on such a disk still works (the problem is added to the store's warnings).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from annotations.article.model import Article
from annotations.dates import utc_now
from annotations.errors import NewsdeskError
from annotations.library.anchoring import describe, reanchor_all
from annotations.library.corrections import Correction
from annotations.library.model import Annotation, ArticleRecord, Color
from annotations.library.span_layer import SpanLayer
from annotations.library.storage import os_error_reason
from annotations.library.store import LibraryStore


class AlreadyHighlighted(ValueError):
    """Exactly that range is highlighted already: a second, identical highlight is refused."""

    def __init__(self, existing: Annotation) -> None:
        super().__init__("Already highlighted")
        self.existing = existing


class SaveError(NewsdeskError):
    """A change could not be saved; nothing changed. The message is one line to show."""


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable change: the annotation (or correction of the analysis) before and after,
    None where it did not exist. Corrections are only ever added or taken away."""

    before: Annotation | Correction | None
    after: Annotation | Correction | None
    what: str


class AnnotationSession:
    """The highlights of one open article, and the history of the changes made to them."""

    def __init__(self, store: LibraryStore, article: Article) -> None:
        self.store = store
        self.article = article
        previous = store.get_article(article.id)
        #: True when the text differs from the one last opened here (a page that changed):
        #: the highlights were re-anchored, and the reader should say so.
        self.text_changed = previous is not None and previous.fingerprint != article.fingerprint
        try:
            self.record = store.open_article(
                article.id, article.source, article.title, article.fingerprint
            )
        except OSError as error:
            now = utc_now()
            self.record = previous or ArticleRecord(
                article.id, article.source, article.title, article.fingerprint, now, now
            )
            store.warn(f"could not record this article in the library ({os_error_reason(error)})")
        # The library keeps what was read, so a page that vanishes or a lost network still
        # reopens it, with its highlights.
        try:
            store.keep_article(article)
        except OSError as error:
            store.warn(f"could not keep a copy of this article ({os_error_reason(error)})")
        self._highlights: list[Annotation] = []
        #: Built on first look-up after a change: by position (bisect) and by id.
        self._by_position: SpanLayer[Annotation] | None = None
        self._by_id: dict[str, Annotation] | None = None
        self._orphans: list[Annotation] = []
        #: The reader's corrections of the analysis, oldest first.
        self.corrections: list[Correction] = []
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._revision: object = None
        self.reload()

    @property
    def highlights(self) -> list[Annotation]:
        """The placed highlights, in reading order (replace the list, never change it)."""
        return self._highlights

    @highlights.setter
    def highlights(self, highlights: list[Annotation]) -> None:
        self._highlights = highlights
        self._by_position = self._by_id = None

    @property
    def orphans(self) -> list[Annotation]:
        """Highlights whose text could not be found (replace the list, never change it)."""
        return self._orphans

    @orphans.setter
    def orphans(self, orphans: list[Annotation]) -> None:
        self._orphans = orphans
        self._by_id = None

    # -- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the article's annotations from the store and anchor them in the text."""
        revision = self.store.revision(self.article.id)
        try:
            stored = self.store.annotations(self.article.id)
        except OSError as error:
            # Keep showing what was read before; the next poll tries again.
            self.store.warn(f"could not read the highlights ({os_error_reason(error)})")
            return
        self._revision = revision
        anchored, orphans = reanchor_all(self.article.text, stored)
        by_id = {annotation.id: annotation for annotation in stored}
        for annotation in anchored:
            if annotation != by_id[annotation.id]:
                # The text moved under this highlight: remember where it is now (if the disk
                # refuses, the stored position stays, and anchoring finds it again next time).
                try:
                    self.store.update(annotation)
                except OSError:
                    continue
                if not self._own_write_followed_ours():
                    self._revision = None  # someone saved meanwhile: the next poll reads again
        self.highlights = sorted(anchored, key=_reading_order)
        self.orphans = orphans
        self.corrections = self.store.corrections(self.article.id)

    def _own_write_followed_ours(self) -> bool:
        """After writing: take the revision our write left as current, if nobody else wrote
        since we last read; returns False (and changes nothing) if someone did."""
        found, left = self.store.last_write(self.article.id)
        if found != self._revision:
            return False
        self._revision = left
        return True

    def changed_elsewhere(self) -> bool:
        """True when another process changed this article's annotations since we last read."""
        return self.store.revision(self.article.id) != self._revision

    # -- finding --------------------------------------------------------------------------------

    def get(self, annotation_id: str) -> Annotation | None:
        if self._by_id is None:
            self._by_id = {a.id: a for a in (*self.orphans, *self.highlights)}
        return self._by_id.get(annotation_id)

    def at(self, offset: int) -> Annotation | None:
        """The highlight under `offset`: the innermost (shortest) when several overlap."""
        covering = self.covering(offset)
        return covering[0] if covering else None

    def covering(self, offset: int) -> list[Annotation]:
        """Every highlight under `offset`, innermost (shortest) first, then oldest first."""
        if self._by_position is None:
            self._by_position = SpanLayer((a.start, a.end, a) for a in self.highlights)
        covering = [a for _start, _end, a in self._by_position.at(offset)]
        return sorted(covering, key=lambda a: (a.end - a.start, a.created))

    def with_range(self, start: int, end: int) -> Annotation | None:
        """The highlight of exactly ``[start, end)``, if there is one."""
        for annotation in self.highlights:
            if (annotation.start, annotation.end) == (start, end):
                return annotation
        return None

    def next_after(self, offset: int) -> Annotation | None:
        starts = [a.start for a in self.highlights]
        index = bisect_right(starts, offset)
        return self.highlights[index] if index < len(self.highlights) else None

    def previous_before(self, offset: int) -> Annotation | None:
        starts = [a.start for a in self.highlights]
        index = bisect_left(starts, offset)
        return self.highlights[index - 1] if index else None

    @property
    def tags_in_use(self) -> list[str]:
        """Every tag used on this article, first spelling kept, in order of first use."""
        seen: dict[str, str] = {}
        for annotation in self.highlights:
            for tag in annotation.tags:
                seen.setdefault(tag.casefold(), tag)
        return list(seen.values())

    # -- changing -------------------------------------------------------------------------------

    def create(
        self,
        start: int,
        end: int,
        *,
        color: Color = Color.YELLOW,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Annotation:
        """Highlight ``[start, end)``; raises `AlreadyHighlighted` when exactly that range is."""
        existing = self.with_range(start, end)
        if existing is not None:
            raise AlreadyHighlighted(existing)
        position, quote = describe(self.article.text, start, end)
        annotation = Annotation.new(
            self.article.id, position, quote, color=color, note=note, tags=tags
        )
        self._apply(Change(None, annotation, "highlight"))
        return annotation

    def correct(self, correction: Correction) -> Correction:
        """Save the reader's correction of the analysis (undoable like any edit)."""
        self._apply(Change(None, correction, correction.what))
        return correction

    def delete(self, annotation: Annotation) -> None:
        self._apply(Change(annotation, None, "delete"))

    def recolor(self, annotation: Annotation, color: Color) -> Annotation:
        return self._replace(annotation, annotation.with_color(color), "colour")

    def set_note(self, annotation: Annotation, note: str) -> Annotation:
        return self._replace(annotation, annotation.with_note(note), "note")

    def set_tags(self, annotation: Annotation, tags: Iterable[str]) -> Annotation:
        return self._replace(annotation, annotation.with_tags(tags), "tags")

    def _replace(self, before: Annotation, after: Annotation, what: str) -> Annotation:
        if replace(after, updated=before.updated) == before:
            return before  # the same colour, note or tags again: nothing to save or undo
        self._apply(Change(before, after, what))
        return after

    # -- history -------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> Change | None:
        """Take back the last change; returns it, or None when there is nothing to undo."""
        if not self._undo:
            return None
        change = self._undo[-1]
        self._write(Change(change.after, change.before, change.what))  # may raise SaveError
        self._undo.pop()
        self._redo.append(change)
        return change

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        change = self._redo[-1]
        self._write(change)  # may raise SaveError
        self._redo.pop()
        self._undo.append(change)
        return change

    def _apply(self, change: Change) -> None:
        self._write(change)
        self._undo.append(change)
        self._redo.clear()

    def _write(self, change: Change) -> None:
        """Save a change to the store first, then mirror it in memory.

        Raises:
            SaveError: The store could not write it; nothing changed (each store write is
                atomic, so the file holds the change whole or not at all).
        """
        if isinstance(change.before, Correction) or isinstance(change.after, Correction):
            self._write_correction(change)
            return
        before, after = change.before, change.after
        try:
            if before is None and after is not None:
                self.store.add(after)
            elif after is None and before is not None:
                self.store.delete(before.id, before.article_id)
            elif after is not None and not self.store.update(after):
                # Deleted by another process meanwhile: the user's edit still wins, as a new save.
                self.store.add(after)
        except OSError as error:
            raise SaveError(
                f"Could not save the {change.what}: {os_error_reason(error)}. "
                "Nothing was changed; try again once the library can be written."
            ) from error
        if not self._own_write_followed_ours():
            self.reload()  # another window saved in between: show theirs as well as ours
            return
        gone = before.id if before is not None else None
        was_orphan = any(a.id == gone for a in self.orphans)
        self.highlights = [a for a in self.highlights if a.id != gone]
        self.orphans = [a for a in self.orphans if a.id != gone]
        if after is None:
            return
        if was_orphan:  # a note or tag edited on an orphan keeps it an orphan
            self.orphans = [*self.orphans, after]
        else:
            self.highlights = sorted([*self.highlights, after], key=_reading_order)

    def _write_correction(self, change: Change) -> None:
        before, after = change.before, change.after
        try:
            if isinstance(after, Correction):
                self.store.add_correction(after)
            elif isinstance(before, Correction):
                self.store.delete_correction(before.id, before.article_id)
        except OSError as error:
            raise SaveError(
                f"Could not save the {change.what}: {os_error_reason(error)}. "
                "Nothing was changed; try again once the library can be written."
            ) from error
        if not self._own_write_followed_ours():
            self.reload()
            return
        gone = before.id if isinstance(before, Correction) else None
        self.corrections = [c for c in self.corrections if c.id != gone]
        if isinstance(after, Correction):
            self.corrections.append(after)


def _reading_order(annotation: Annotation) -> tuple[int, int, str]:
    return annotation.start, -annotation.end, annotation.created
