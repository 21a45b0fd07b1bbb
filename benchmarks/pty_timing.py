"""Timing a terminal program on a pseudo-terminal, the way the owner's `key_latency.py` does.

A program runs on a pty of a given size. After each key we time the first byte of its answer
(the repaint starts), the last byte of the burst (quiet for 40 ms after it: the repaint is
done) and count its writes (bursts of output more than 2 ms apart). Every byte the program
writes is seen, so a second or third frame after a key shows up as writes and as a later
"done".
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Quiet after the last byte that counts as "the repaint is done" (as key_latency.py).
QUIET = 0.040
#: Output closer together than this is one write.
SAME_WRITE = 0.002


@dataclass
class KeyTimes:
    """Per-key figures in milliseconds, and the number of writes each key caused."""

    first: list[float] = field(default_factory=list)
    done: list[float] = field(default_factory=list)
    writes: list[int] = field(default_factory=list)
    missed: int = 0

    def summary(self) -> str:
        return (
            f"first byte {median(self.first):6.1f} / {p95(self.first):6.1f} ms, "
            f"done {median(self.done):6.1f} / {p95(self.done):6.1f} ms, "
            f"writes/key {median([float(w) for w in self.writes]):.0f} "
            f"(max {max(self.writes, default=0)}), unanswered {self.missed}"
        )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank (as key_latency.py)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class PtyProgram:
    """A program on a pty: start it, wait for text or quiet, send keys and time answers."""

    def __init__(
        self,
        argv: list[str],
        *,
        cols: int = 140,
        rows: int = 40,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        environment = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor")
        environment.update(env or {})
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child
            if cwd is not None:
                os.chdir(cwd)
            os.execvpe(argv[0], argv, environment)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.kill(pid, signal.SIGWINCH)
        self.output = bytearray()

    def _read(self, timeout: float) -> bytes | None:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0.0))
        if not ready:
            return None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return b""
        self.output.extend(data)
        return data

    def wait_for(self, text: bytes, timeout: float = 60.0) -> float | None:
        """Seconds from start until `text` appears in the output (None if it never did)."""
        deadline = time.perf_counter() + timeout
        while text not in self.output:
            if time.perf_counter() > deadline:
                return None
            if self._read(deadline - time.perf_counter()) == b"":
                return None
        return time.perf_counter() - self.started

    def settle(self, quiet: float, timeout: float = 60.0) -> None:
        """Wait until the program has written nothing for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self._read(quiet):
                return

    def press(self, key: bytes, times: KeyTimes, timeout: float = 5.0) -> None:
        """Send one key and record when its answer started and ended, and how many writes."""
        sent = time.perf_counter()
        os.write(self.fd, key)
        first = last = None
        writes = 0
        deadline = sent + timeout
        while True:
            now = time.perf_counter()
            wait = QUIET if last is not None else deadline - now
            if now > deadline or not self._read(wait):
                break
            now = time.perf_counter()
            if last is None or now - last > SAME_WRITE:
                writes += 1
            first = first or now
            last = now
        if first is None or last is None:
            times.missed += 1
            return
        times.first.append((first - sent) * 1000)
        times.done.append((last - sent) * 1000)
        times.writes.append(writes)

    def quit(self, key: bytes, timeout: float = 10.0) -> tuple[float | None, float | None]:
        """Send the key that quits; seconds until the program's first answer and until it has
        exited (None for what did not happen within `timeout`)."""
        sent = time.perf_counter()
        os.write(self.fd, key)
        answered = None
        while time.perf_counter() - sent < timeout:
            pid, _status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = -1  # reaped: close() has nothing left to end
                return answered, time.perf_counter() - sent
            data = self._read(0.005)
            if data and answered is None:
                answered = time.perf_counter() - sent
        return answered, None

    def drain(self, timeout: float) -> None:
        """Read what the program wrote within `timeout` (so that it never blocks writing)."""
        self._read(timeout)

    def close(self) -> None:
        if self.pid < 0:
            os.close(self.fd)
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                break
            time.sleep(0.1)  # give it a moment to exit on its own (not a synchronisation)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self.fd)
