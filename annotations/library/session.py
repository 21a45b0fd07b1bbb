"""One article's highlights while it is open: anchored, edited, undone, kept in step with the store.

`AnnotationSession` is what the app talks to. It anchors the stored highlights in the article's
current text (those that cannot be placed are kept as orphans, never dropped), writes every
change to the store the moment it is made, and keeps an undo/redo history of those changes.

A change that cannot be saved (disk full, read-only, permission denied) raises `SaveError`
and changes nothing, in memory or on disk, so the reader can try again; opening an article
on such a disk still works (the problem is added to the store's warnings).
"""

from __future__ import annotations

import contextlib
import json
import threading
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from annotations.article.model import Article
from annotations.dates import utc_now
from annotations.errors import NewsdeskError
from annotations.library.anchoring import describe, reanchor_all
from annotations.library.corrections import Correction
from annotations.library.model import Annotation, ArticleRecord, Color
from annotations.library.span_layer import SpanLayer
from annotations.library.storage import os_error_reason, write_tables
from annotations.library.store import LibraryStore, annotations_file, opened_record
from annotations.library.write_queue import WriteQueue


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


@dataclass(frozen=True, slots=True)
class Loaded:
    """What `AnnotationSession.load` read: the highlights anchored, and those that moved."""

    revision: object
    highlights: list[Annotation]
    orphans: list[Annotation]
    corrections: list[Correction]
    moved: dict[str, Annotation]
    #: The session's edit count when the read began.
    edits: int


class AnnotationSession:
    """The highlights of one open article, and the history of the changes made to them.

    With a `WriteQueue` (the app's), changes are shown at once and saved by the queue's
    thread; without one (the command line, tests of the domain), each is saved before it is
    shown.
    """

    def __init__(
        self, store: LibraryStore, article: Article, writer: WriteQueue | None = None
    ) -> None:
        self.store = store
        self.article = article
        self.writer = writer
        #: Told (from the writer's thread) in one line when a queued save failed.
        self.on_save_failed: Callable[[str], None] | None = None
        #: Changes made here, counted: a read from the store that began before one is stale.
        self.edits = 0
        #: The change the latest edit made in memory; None after a read from the store
        #: replaced everything (the reader then shows everything again).
        self.last_change: Change | None = None
        #: Guards what the writer's thread shares with the reader's.
        self._guard = threading.Lock()
        self._pending_annotations: dict[str, Annotation | None] = {}
        self._pending_corrections: dict[str, Correction | None] = {}
        self._saving = False
        self._failed = False
        previous = store.get_article(article.id)
        #: True when the text differs from the one last opened here (a page that changed):
        #: the highlights were re-anchored, and the reader should say so.
        self.text_changed = previous is not None and previous.fingerprint != article.fingerprint
        now = utc_now()
        #: The article's library record as opening it makes it (reading position included).
        self.record = opened_record(
            previous, article.id, article.source, article.title, article.fingerprint, now
        )
        if writer is None:
            self.record = self._record_opening(now) or self.record
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
        loaded = self.load()
        if writer is not None:
            # Written by the writer's thread, so the reader's first frame never waits for the
            # disk; queued before any change to this article, so it is written before them.
            # Reads above come first: a read waits for what is queued.
            # The record above is what it writes (`self.record` may change meanwhile: `at`).
            writer.submit(("opened", article.id), lambda: self._record_opening(now))
        if loaded is not None:
            self.adopt(loaded)

    def _record_opening(self, now: str) -> ArticleRecord | None:
        """Record in the library that the article was opened, and keep a copy of it (so a
        page that vanishes or a lost network still reopens it, with its highlights). A disk
        that refuses either is a warning: the article is read all the same. Returns the
        record written (None if it was not)."""
        article, store = self.article, self.store
        record = None
        try:
            record = store.open_article(
                article.id, article.source, article.title, article.fingerprint, now=now
            )
        except OSError as error:
            store.warn(f"could not record this article in the library ({os_error_reason(error)})")
        try:
            store.keep_article(article)
        except OSError as error:
            store.warn(f"could not keep a copy of this article ({os_error_reason(error)})")
        return record

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
        loaded = self.load()
        if loaded is not None:
            self.adopt(loaded)

    def load(self) -> Loaded | None:
        """Read and anchor what the store holds, changing nothing here: safe in a worker
        thread (the reader polls this way). None when it could not be read (a warning says
        why; what was read before stays)."""
        revision = self.store.revision(self.article.id)
        try:
            stored = self.store.annotations(self.article.id)
            corrections = self.store.corrections(self.article.id)
        except OSError as error:
            # Keep showing what was read before; the next poll tries again.
            self.store.warn(f"could not read the highlights ({os_error_reason(error)})")
            return None
        anchored, orphans = reanchor_all(self.article.text, stored)
        by_id = {annotation.id: annotation for annotation in stored}
        moved = {a.id: a for a in anchored if a != by_id[a.id]}
        return Loaded(
            revision, sorted(anchored, key=_reading_order), orphans, corrections, moved, self.edits
        )

    def adopt(self, loaded: Loaded) -> bool:
        """Show what `load` read, unless an edit was made here since it started reading or
        one is still being written (it would be lost from sight): then False."""
        if loaded.edits != self.edits or self.busy:
            return False
        self.edits += 1
        self.last_change = None
        self._revision = loaded.revision
        self.highlights = loaded.highlights
        self.orphans = loaded.orphans
        self.corrections = loaded.corrections
        if loaded.moved:
            # The text moved under these highlights: remember where they are now (if the disk
            # refuses, the stored positions stay, and anchoring finds them again next time).
            if self.writer is None:
                with contextlib.suppress(OSError):
                    self._save_now(loaded.moved, {})
            else:
                self._queue(loaded.moved, {})
        return True

    def changed_elsewhere(self) -> bool:
        """True when another process changed this article's annotations since we last read
        (one `stat`: cheap enough for the UI thread). False while our own writes are queued
        or running: a read then would hide them."""
        if self.busy:
            return False
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
        covering = [a for _start, _end, a in self._positions().at(offset)]
        return sorted(covering, key=lambda a: (a.end - a.start, a.created))

    def with_range(self, start: int, end: int) -> Annotation | None:
        """The highlight of exactly ``[start, end)``, if there is one (the oldest, should an
        import have brought two)."""
        same = self._positions().exact(start, end)
        return min(same, key=lambda a: a.created) if same else None

    def _positions(self) -> SpanLayer[Annotation]:
        """The highlights by position (built when first asked after a rebuild)."""
        if self._by_position is None:
            self._by_position = SpanLayer((a.start, a.end, a) for a in self.highlights)
        return self._by_position

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
        """Save a change and mirror it in memory.

        Without a writer the store is written first (raising `SaveError`, with nothing
        changed, when it cannot be). With one, memory changes at once and the save is queued:
        a failed save is kept as unsaved, retried with the next change or `retry_unsaved`,
        and told through `on_save_failed`.
        """
        annotations, corrections = _changes_of(change)
        if self.writer is not None:
            self._mirror(change)
            self._queue(annotations, corrections)
            return
        try:
            followed = self._save_now(annotations, corrections)
        except OSError as error:
            raise SaveError(_not_saved(change.what, error)) from error
        if not followed:
            self.reload()  # another window saved in between: show theirs as well as ours
            return
        self._mirror(change)

    def _mirror(self, change: Change) -> None:
        """Make the change in memory: the lists the reader shows, and the look-ups by id and
        by position, each changed where the change is (no rebuild of thousands)."""
        self.edits += 1
        self.last_change = change
        before, after = change.before, change.after
        if isinstance(before, Correction) or isinstance(after, Correction):
            gone = before.id if isinstance(before, Correction) else None
            self.corrections = [c for c in self.corrections if c.id != gone]
            if isinstance(after, Correction):
                self.corrections.append(after)
            return
        assert not isinstance(after, Correction)
        by_id, by_position = self._by_id, self._by_position
        highlights = self._highlights
        if before is not None:
            if any(a.id == before.id for a in self._orphans):
                # A note or tag edited on an orphan keeps it an orphan.
                kept = [a for a in self._orphans if a.id != before.id]
                self._orphans = kept if after is None else [*kept, after]
                if by_id is not None:
                    by_id.pop(before.id, None)
                    if after is not None:
                        by_id[after.id] = after
                return
            index = self.position_of(before)
            if index < len(highlights) and highlights[index].id == before.id:
                highlights = [*highlights[:index], *highlights[index + 1 :]]
            else:  # not where reading order puts it: find it by id
                highlights = [a for a in highlights if a.id != before.id]
            if by_position is not None and not by_position.remove(before.start, before.end, before):
                self._by_position = by_position = None  # out of step: rebuilt when next asked
            if by_id is not None:
                by_id.pop(before.id, None)
        if after is not None:
            highlights = list(highlights) if before is None else highlights
            insort(highlights, after, key=_reading_order)
            if by_position is not None:
                by_position.add(after.start, after.end, after)
            if by_id is not None:
                by_id[after.id] = after
        self._highlights = highlights  # the look-ups were kept in step above

    def position_of(self, annotation: Annotation) -> int:
        """Where `annotation` is (or would go) in `highlights`, by reading order."""
        return bisect_left(self._highlights, _reading_order(annotation), key=_reading_order)

    # -- saving ----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Changes are waiting to be saved, being saved, or failed to save."""
        with self._guard:
            return bool(self._pending_annotations or self._pending_corrections or self._saving)

    @property
    def unsaved(self) -> int:
        """How many highlights and corrections hold changes a save failed to write."""
        with self._guard:
            if not self._failed:
                return 0
            return len(self._pending_annotations) + len(self._pending_corrections)

    def _save_now(
        self,
        annotations: Mapping[str, Annotation | None],
        corrections: Mapping[str, Correction | None],
    ) -> bool:
        """Write changes to the store in this thread (raises OSError). Returns False when
        another process had saved since we last read: the caller should read again."""
        found, left = self.store.save_changes(self.article.id, annotations, corrections)
        with self._guard:
            if found != self._revision:
                return False
            self._revision = left
            return True

    def _queue(
        self,
        annotations: Mapping[str, Annotation | None],
        corrections: Mapping[str, Correction | None],
    ) -> None:
        assert self.writer is not None
        with self._guard:
            self._pending_annotations.update(annotations)
            self._pending_corrections.update(corrections)
        self.writer.submit(("annotations", self.article.id), self._save_pending, self._tell)

    def retry_unsaved(self) -> None:
        """Queue again the changes a failed save left unsaved (nothing if there are none)."""
        if self.writer is not None and self.unsaved:
            self._queue({}, {})

    def _save_pending(self) -> None:
        """The writer's job: save every change queued so far, in one write."""
        with self._guard:
            annotations, self._pending_annotations = self._pending_annotations, {}
            corrections, self._pending_corrections = self._pending_corrections, {}
            if not annotations and not corrections:
                return
            self._saving = True
        try:
            self._save_now(annotations, corrections)  # a later poll reads what others saved
        except OSError as error:
            with self._guard:
                # Changes queued since this save began are newer: they win.
                self._pending_annotations = {**annotations, **self._pending_annotations}
                self._pending_corrections = {**corrections, **self._pending_corrections}
                self._failed = True
                count = len(self._pending_annotations) + len(self._pending_corrections)
            raise SaveError(
                f"Could not save {_plural(count, 'change')} to this article's highlights: "
                f"{os_error_reason(error)}."
            ) from error
        else:
            with self._guard:
                if not self._pending_annotations and not self._pending_corrections:
                    self._failed = False
        finally:
            with self._guard:
                self._saving = False

    def _tell(self, error: BaseException) -> None:
        if self.on_save_failed is not None:
            self.on_save_failed(str(error))

    def save_reading_position(self, offset: int) -> None:
        """Remember where the reader is: queued when there is a writer (the last position
        wins), else written now (raises OSError)."""
        if self.writer is None:
            self.store.set_reading_position(self.article.id, offset)
            return

        def save() -> None:
            try:
                self.store.set_reading_position(self.article.id, offset)
            except OSError as error:
                raise SaveError(
                    f"Could not save the reading position: {os_error_reason(error)}."
                ) from error

        try:
            self.writer.submit(("position", self.article.id), save, self._tell)
        except RuntimeError:  # the writer has stopped (the app is ending): write it now
            self.store.set_reading_position(self.article.id, offset)

    def keep_unsaved(self, folders: Iterable[Path]) -> Path | None:
        """Write every highlight and correction of this article, as held here, to a file in
        the first of `folders` that takes it (when saves failed: nothing is lost). The file
        has the shape of an annotation file, so it can replace the article's one."""
        documents = {
            "annotations": {
                str(n): a.to_dict() for n, a in enumerate([*self.highlights, *self.orphans], 1)
            },
            "corrections": {str(n): c.to_dict() for n, c in enumerate(self.corrections, 1)},
        }
        stem = annotations_file(self.store.folder, self.article.id).stem
        stamp = utc_now().replace(":", "")
        for folder in folders:
            path = Path(folder) / f"{stem}.unsaved-{stamp}.json"
            try:
                write_tables(path, documents)
                return path
            except OSError:
                pass
            try:  # a disk that refuses fsync may still take the bytes: better than nothing
                path.write_text(json.dumps(documents, ensure_ascii=True), encoding="ascii")
                return path
            except OSError:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
        return None


def _changes_of(
    change: Change,
) -> tuple[dict[str, Annotation | None], dict[str, Correction | None]]:
    """What a change saves: each touched id with its new state (None: gone)."""
    before, after = change.before, change.after
    if isinstance(before, Correction) or isinstance(after, Correction):
        if isinstance(after, Correction):
            return {}, {after.id: after}
        assert isinstance(before, Correction)
        return {}, {before.id: None}
    if after is not None:
        assert isinstance(after, Annotation)
        return {after.id: after}, {}
    assert isinstance(before, Annotation)
    return {before.id: None}, {}


def _not_saved(what: str, error: OSError) -> str:
    return (
        f"Could not save the {what}: {os_error_reason(error)}. "
        "Nothing was changed; try again once the library can be written."
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else noun + 's'}"


def _reading_order(annotation: Annotation) -> tuple[int, int, str]:
    return annotation.start, -annotation.end, annotation.created
