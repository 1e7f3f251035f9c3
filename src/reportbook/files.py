"""Writing files: the one atomic writer that every file the project writes goes through.

A reader (a person, Jupyter Book, a concurrent build) sees the old content or the new one, never
a torn file: the content goes to a temporary file beside the target, then is renamed over it.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _usual_mode() -> int:
    """The mode a new file gets from open(): 0666 minus the umask (mkstemp's 0600 is for secrets)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, content: str) -> None:
    """Write `content` to a temporary file beside `path`, then rename it into place.

    The file gets the usual permissions (those of the file it replaces, else 0666 minus the umask).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, stat.S_IMODE(path.stat().st_mode) if path.is_file() else _usual_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
