"""The build's child processes: found, stopped together, never left behind.

A build starts pool workers, notebook kernels and a Jupyter Book process. Kernels start in a
session (process group) of their own (jupyter_client does that), so stopping the build's own
process group would miss them. `ProcessGuard` turns SIGTERM into an exception, as SIGINT
already is, and on its way out finds every process started under it (through /proc, Linux) and
stops them all: each kernel's whole process group, each worker, the Jupyter Book process —
SIGTERM, a bounded wait, then SIGKILL. Workers and the Jupyter Book process ask the OS for
SIGTERM when the build itself dies (`kill -9`): a worker then stops its kernel (`worker_init`);
an orphaned kernel also exits by itself (ipykernel watches its parent).
"""
from __future__ import annotations

import ctypes
import os
import signal
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1
GRACE = 5.0      # seconds processes get to exit after SIGTERM, before SIGKILL
KILL_WAIT = 10.0  # seconds to wait for SIGKILLed processes to disappear
PROC = Path("/proc")


class Interrupted(BaseException):
    """The build got SIGINT or SIGTERM; every process it started has been stopped."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


def _prctl(option: int, value: int) -> bool:
    """prctl(2) where it exists (Linux); False elsewhere."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """In a child process: receive `signum` when the parent dies; if it already died, now."""
    parent = os.getppid()
    _prctl(PR_SET_PDEATHSIG, signum)
    if os.getppid() != parent:
        os.kill(os.getpid(), signum)


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, process group) of a process, or None if it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the command name may hold spaces and parentheses
    return fields[0], int(fields[1]), int(fields[2])


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie counts as gone)."""
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def children() -> dict[int, list[int]]:
    """Every live process's children, by parent pid."""
    tree: dict[int, list[int]] = {}
    for entry in PROC.glob("[0-9]*"):
        stat = _stat(int(entry.name))
        if stat and stat[0] not in ("Z", "X"):
            tree.setdefault(stat[1], []).append(int(entry.name))
    return tree


def descendants(pid: int, skip: frozenset[int] = frozenset()) -> list[int]:
    """Every live process below `pid`, except those under the children in `skip`."""
    tree = children()
    found, todo = [], [c for c in tree.get(pid, []) if c not in skip]
    while todo:
        child = todo.pop()
        found.append(child)
        todo += tree.get(child, [])
    return found


def _signal(pids: list[int], signum: int) -> None:
    """Send `signum` to each process, and to the process group of each that leads a group of its own."""
    own_group = os.getpgrp()
    for pid in pids:
        try:
            group = os.getpgid(pid)
            if group == pid and group != own_group:
                os.killpg(group, signum)  # a kernel and anything it started
            else:
                os.kill(pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    """Wait up to `seconds` for the processes to end; return those still running."""
    deadline = time.monotonic() + seconds
    while True:
        left = [p for p in pids if alive(p)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def stop(pids: list[int]) -> list[int]:
    """SIGTERM the processes (and their kernel groups), wait, SIGKILL what is left; return survivors."""
    if not pids:
        return []
    _signal(pids, signal.SIGTERM)
    left = _wait_gone(pids, GRACE)
    if left:
        _signal(left, signal.SIGKILL)
        left = _wait_gone(left, KILL_WAIT)
    return left


class ProcessGuard:
    """`with ProcessGuard() as guard:` every process started inside is stopped on the way out.

    `guard.stop_all()` stops them earlier (before waiting on a process pool whose workers hang).
    SIGINT and SIGTERM raise `Interrupted` in the main thread while the guard is active. A signal whose
    exception was swallowed (it landed in a hook where Python ignores exceptions, such as logging's
    at-fork lock release) is raised again on the way out, so the build never ends as if not signalled.
    """

    def __init__(self):
        self.before: frozenset[int] = frozenset()
        self.saved: dict[int, object] = {}
        self.received: int | None = None

    def __enter__(self) -> ProcessGuard:
        self.before = frozenset(children().get(os.getpid(), []))
        try:
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.saved[signum] = signal.signal(signum, self._interrupt)
        except ValueError:  # not the main thread: signals stay as they were
            self.saved = {}
        return self

    def _interrupt(self, signum, _frame) -> None:
        self.received = signum
        raise Interrupted(signum)

    def started(self) -> list[int]:
        """The live processes started under this guard (not those that ran before it)."""
        return descendants(os.getpid(), self.before)

    def stop_all(self) -> list[int]:
        """Stop every process started under the guard; return any that would not die.

        A second Ctrl-C or SIGTERM meanwhile is ignored: it must not cut the clean-up short.
        """
        held = {}
        try:
            for signum in self.saved:
                held[signum] = signal.signal(signum, signal.SIG_IGN)
            return stop(self.started())
        finally:
            for signum, handler in held.items():
                signal.signal(signum, handler)

    def __exit__(self, *exc) -> None:
        try:
            self.stop_all()
        finally:
            for signum, handler in self.saved.items():
                signal.signal(signum, handler)
        if exc[0] is None and self.received is not None:
            raise Interrupted(self.received)


def worker_init() -> None:
    """Pool worker set-up: SIGTERM when the build dies; on SIGTERM stop this worker's kernels first.

    SIGINT (Ctrl-C reaches the whole terminal group) is left to the build, which stops everything.
    """
    die_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def on_term(signum, _frame):
        stop(descendants(os.getpid()))
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
