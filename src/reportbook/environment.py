"""The software a build runs on: Python, every library of the stack, the Vega JavaScript, the lock file.

One list, read by the cache keys (so that an upgrade reruns what it affects, and nothing else)
and by the review page (so that a reader sees what produced the book).
"""
from __future__ import annotations

import sys
from functools import lru_cache
from importlib import metadata

# What shapes an executed notebook: how it runs (papermill, nbclient, nbformat, ipykernel), what
# it computes with (pandas, pyyaml), what it draws with (altair, vl-convert-python) and how it
# orders Chinese names (pypinyin, the index of indicators).
NOTEBOOK_LIBRARIES: tuple[str, ...] = (
    "papermill", "nbclient", "nbformat", "ipykernel", "pandas", "pyyaml", "altair", "vl-convert-python", "pypinyin",
)
# What shapes the HTML book from the executed notebooks: Jupyter Book and Sphinx, myst-nb, the
# theme, jieba (the Chinese search index) and vl-convert-python (the offline Vega bundle).
BOOK_LIBRARIES: tuple[str, ...] = (
    "jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "pydata-sphinx-theme", "docutils", "jieba",
    "vl-convert-python",
)
STACK: tuple[str, ...] = tuple(dict.fromkeys((*NOTEBOOK_LIBRARIES, *BOOK_LIBRARIES)))


def python_version() -> str:
    return sys.version.split()[0]


@lru_cache(maxsize=None)
def version(library: str) -> str:
    """The installed version of `library`, or "absent"."""
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


def versions(libraries: tuple[str, ...]) -> dict[str, str]:
    """{library: installed version} for `libraries`."""
    return {lib: version(lib) for lib in libraries}


def commit() -> str | None:
    """The commit of the package's own checkout (12 hex digits), or None outside git; the book cites it.
    The same for `reportbook verify`'s copy of the project, which runs this package."""
    import subprocess
    from pathlib import Path

    try:
        out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=Path(__file__).parent,
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def javascript() -> dict[str, str]:
    """The versions of the Vega JavaScript libraries in the book's offline bundle."""
    from reportbook.site.vega_bundle import _versions

    v = _versions()
    return {"vega": v["vega"], "vega-lite": v["vl_version"], "vega-embed": v["vega-embed"]}
