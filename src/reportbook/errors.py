"""One error type for bad input: what went wrong, where, and how to fix it."""
from __future__ import annotations


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
