"""Where a project's files live. Every path derives from one root."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


ROOT_VARIABLE = "REPORTBOOK_ROOT"  # the build sets it for its kernels


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder at or above `start` with data/catalog.yml.

    An explicit `start` always wins; without one, $REPORTBOOK_ROOT, else the working directory.
    """
    env = os.environ.get(ROOT_VARIABLE)
    if start is None and env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "catalog.yml").is_file():
            return folder
    return here


@dataclass(frozen=True)
class Paths:
    """The files of one project tree."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def catalog(self) -> Path:
        return self.data / "catalog.yml"

    def report(self, year: int) -> Path:
        return self.data / "reports" / f"{year}.txt"

    def curation(self, year: int) -> Path:
        return self.data / "reports" / f"{year}.yml"

    def review(self, year: int) -> Path:
        return self.data / "reports" / f"{year}.review.yml"

    def indicators(self, year: int) -> Path:
        return self.data / "indicators" / f"{year}.csv"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    def years(self) -> list[int]:
        """Years that have a report text, sorted."""
        found = (p.stem for p in (self.data / "reports").glob("*.txt"))
        return sorted(int(s) for s in found if s.isdigit())
