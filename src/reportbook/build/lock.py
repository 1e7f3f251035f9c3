"""One build at a time per project: an exclusive lock on _build/.lock, held for the whole build.

The lock is an flock(2) on an open file, so the system releases it when the build ends in any
way (kill -9 included); the file records the pid of the build that holds it, for the message.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from reportbook.errors import ReportbookError
from reportbook.paths import Paths


class BuildLock:
    """`with BuildLock(paths, "build"):` — refuses at once, with a clear error, if another build holds it."""

    def __init__(self, paths: Paths, command: str = "build"):
        self.path = paths.root / "_build" / ".lock"
        self.command = command
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise ReportbookError(
                f"another `reportbook build` or `verify` (pid {holder}) is running in this project",
                self.command, "wait until it has finished, then run this command again",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None
