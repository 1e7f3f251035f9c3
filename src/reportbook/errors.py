"""One error type for bad input: what went wrong, where, and how to fix it."""
from __future__ import annotations

import errno


class ReportbookError(Exception):
    """Bad input or a failed check. The CLI prints it without a traceback."""

    def __init__(self, what: str, where: str = "", fix: str = ""):
        self.what, self.where, self.fix = what, where, fix
        super().__init__(self.render())

    def render(self) -> str:
        """The message as the user sees it."""
        head = f"{self.where}: {self.what}" if self.where else self.what
        return f"{head}\n  fix: {self.fix}" if self.fix else head


class CheckFailed(ReportbookError):
    """One or more data checks failed; `problems` lists each one."""

    def __init__(self, problems: list[str], where: str = "", fix: str = ""):
        self.problems = problems
        what = f"{len(problems)} check(s) failed:\n" + "\n".join(f"  - {p}" for p in problems)
        super().__init__(what, where, fix)


# What to do about the usual causes of a failed file operation.
OS_FIXES = {
    errno.ENOSPC: "free space on the disk that holds it, then run the command again",
    errno.EDQUOT: "free space (your disk quota is used up), then run the command again",
    errno.EACCES: "make it (and its folder) readable and writable for you, e.g. `chmod -R u+rwX`, then run the command again",
    errno.EPERM: "make it (and its folder) readable and writable for you, e.g. `chmod -R u+rwX`, then run the command again",
    errno.EROFS: "the file system is mounted read-only: work in a copy of the project on a writable disk",
}


def os_error(exc: OSError, doing: str) -> ReportbookError:
    """A clear error for a failed file operation: what was being done, the cause, the path, a fix."""
    where = exc.filename if exc.filename is not None else "?"
    if exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    cause = exc.strerror or str(exc) or type(exc).__name__
    return ReportbookError(f"{doing} failed: {cause}", str(where),
                           OS_FIXES.get(exc.errno, "check that the path exists and is usable, then run the command again"))
