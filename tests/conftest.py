"""Shared fixtures: the real project, and a scratch copy of it for bad-input tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportbook.paths import Paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def paths() -> Paths:
    """The project as committed."""
    return Paths(ROOT)


@pytest.fixture
def scratch(tmp_path: Path) -> Paths:
    """A copy of the project's data and templates in a temporary folder."""
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return Paths(tmp_path)
