"""The library's one writer thread: order kept, waiting states coalesced, failures told, drained.

The writer is held still with a gate job (an event it waits on) wherever a test needs jobs
to wait; nothing here waits by time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.library.write_queue import WriteQueue

#: A bound for a wait that would otherwise hang a broken test; never a synchronisation.
GIVE_UP_SECONDS = 60


@pytest.fixture
def queue() -> Iterator[WriteQueue]:
    writer = WriteQueue()
    yield writer
    writer.close(GIVE_UP_SECONDS)


def hold(queue: WriteQueue) -> threading.Event:
    """Keep the writer busy until the returned event is set."""
    release, started = threading.Event(), threading.Event()

    def gate() -> None:
        started.set()
        release.wait(GIVE_UP_SECONDS)

    queue.submit(object(), gate)
    assert started.wait(GIVE_UP_SECONDS)
    return release


def recorder(log: list[object], value: object) -> Callable[[], None]:
    return lambda: log.append(value)


def test_jobs_run_in_the_order_they_were_submitted(queue: WriteQueue) -> None:
    log: list[object] = []
    for number in range(20):
        queue.submit(number, recorder(log, number))
    assert queue.flush(GIVE_UP_SECONDS)
    assert log == list(range(20))
    assert queue.pending == 0


def test_a_waiting_job_is_replaced_in_its_place_by_a_newer_one_with_its_key(
    queue: WriteQueue,
) -> None:
    log: list[object] = []
    release = hold(queue)
    queue.submit("article", recorder(log, "article v1"))
    queue.submit("position", recorder(log, "position"))
    queue.submit("article", recorder(log, "article v2"))
    assert queue.pending == 3  # the gate, the article, the position
    assert not queue.flush(0)  # still held
    release.set()
    assert queue.flush(GIVE_UP_SECONDS)
    assert log == ["article v2", "position"]


def test_a_job_already_running_is_not_replaced(queue: WriteQueue) -> None:
    log: list[object] = []
    started, release = threading.Event(), threading.Event()

    def first() -> None:
        started.set()
        release.wait(GIVE_UP_SECONDS)
        log.append("first")

    queue.submit("article", first)
    assert started.wait(GIVE_UP_SECONDS)
    queue.submit("article", recorder(log, "second"))
    release.set()
    assert queue.flush(GIVE_UP_SECONDS)
    assert log == ["first", "second"]


def test_a_failing_job_is_reported_and_the_queue_goes_on(queue: WriteQueue) -> None:
    log: list[object] = []
    told: list[BaseException] = []
    failure = OSError(28, "No space left on device")

    def failing() -> None:
        raise failure

    queue.submit("a", failing, told.append)
    queue.submit("b", recorder(log, "b"))
    assert queue.flush(GIVE_UP_SECONDS)
    assert told == [failure]
    assert queue.failures == [failure]
    assert log == ["b"]


def test_a_broken_error_handler_does_not_stop_the_writer(queue: WriteQueue) -> None:
    log: list[object] = []

    def failing() -> None:
        raise OSError("disk")

    def broken_handler(_error: BaseException) -> None:
        raise ValueError("handler")

    queue.submit("a", failing, broken_handler)
    queue.submit("b", recorder(log, "b"))
    assert queue.flush(GIVE_UP_SECONDS)
    assert log == ["b"]
    assert [type(error) for error in queue.failures] == [OSError, ValueError]


def test_close_runs_everything_queued_then_refuses_more() -> None:
    queue = WriteQueue()
    log: list[object] = []
    release = hold(queue)
    for number in range(5):
        queue.submit(number, recorder(log, number))
    release.set()
    assert queue.close(GIVE_UP_SECONDS)
    assert log == list(range(5))
    with pytest.raises(RuntimeError, match="closed"):
        queue.submit("late", recorder(log, "late"))


def test_close_with_a_hung_job_gives_up_at_its_bound() -> None:
    queue = WriteQueue()
    release = hold(queue)
    assert not queue.close(0)  # the job still runs: the bound is what the caller chose
    release.set()
    assert queue.close(GIVE_UP_SECONDS)


def test_a_job_cannot_wait_for_its_own_queue(queue: WriteQueue) -> None:
    errors: list[BaseException] = []
    queue.submit("a", lambda: queue.flush(1), errors.append)
    assert queue.flush(GIVE_UP_SECONDS)
    assert [type(error) for error in errors] == [RuntimeError]


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.sampled_from("abc"), st.integers(0, 1000)),
            st.just("hold"),
            st.just("release"),
        ),
        max_size=40,
    )
)
def test_each_key_ends_at_its_last_state_and_its_states_apply_in_order(
    steps: list[object],
) -> None:
    """Whatever the interleaving of submissions and the writer's pace: per key, the states
    written are a subsequence of those submitted, in order, ending with the last one."""
    queue = WriteQueue()
    applied: dict[str, list[int]] = {}
    submitted: dict[str, list[int]] = {}
    releases: list[threading.Event] = []
    try:
        for step in steps:
            if step == "hold":
                if not releases:  # one gate at a time: a second could never start
                    releases.append(hold(queue))
            elif step == "release":
                if releases:
                    releases.pop(0).set()
            else:
                assert isinstance(step, tuple)
                key, value = step

                def write(key: str = key, value: int = value) -> None:
                    applied.setdefault(key, []).append(value)

                submitted.setdefault(key, []).append(value)
                queue.submit(key, write)
        for release in releases:
            release.set()
        assert queue.flush(GIVE_UP_SECONDS)
    finally:
        for release in releases:
            release.set()
        queue.close(GIVE_UP_SECONDS)
    assert set(applied) == set(submitted)
    for key, values in submitted.items():
        written = applied[key]
        assert written[-1] == values[-1]
        remaining = iter(values)
        assert all(value in remaining for value in written)  # a subsequence, in order


# -- holding the writer while the UI draws a frame -------------------------------------------------

#: How long a test looks for a held job that must not run (it would run at once if not held).
ABSENCE_SECONDS = 0.2


def test_a_held_queue_runs_nothing_until_released(queue: WriteQueue) -> None:
    ran = threading.Event()
    queue.hold(GIVE_UP_SECONDS)
    queue.submit("article", ran.set)
    assert not ran.wait(ABSENCE_SECONDS)
    assert queue.pending == 1
    queue.release()
    assert ran.wait(GIVE_UP_SECONDS)


def test_every_hold_must_be_released_before_jobs_run(queue: WriteQueue) -> None:
    ran = threading.Event()
    queue.hold(GIVE_UP_SECONDS)
    queue.hold(GIVE_UP_SECONDS)
    queue.submit("article", ran.set)
    queue.release()
    assert not ran.wait(ABSENCE_SECONDS)
    queue.release()
    assert ran.wait(GIVE_UP_SECONDS)


def test_a_hold_whose_release_never_comes_lapses_at_its_bound(queue: WriteQueue) -> None:
    ran = threading.Event()
    queue.hold(0.0)  # already lapsed: a forgotten release cannot keep a save waiting
    queue.submit("article", ran.set)
    assert ran.wait(GIVE_UP_SECONDS)
    queue.release()  # a late release does no harm
    assert queue.flush(GIVE_UP_SECONDS)


def test_flush_and_close_never_wait_for_a_hold() -> None:
    log: list[object] = []
    writer = WriteQueue()
    writer.hold(GIVE_UP_SECONDS)
    writer.submit("a", recorder(log, "a"))
    assert writer.flush(GIVE_UP_SECONDS)  # a read or quitting waits for the writes, not the UI
    assert log == ["a"]
    writer.submit("b", recorder(log, "b"))
    assert writer.close(GIVE_UP_SECONDS)
    assert log == ["a", "b"]
