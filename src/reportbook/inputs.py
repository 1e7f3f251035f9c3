"""What each notebook and the book read: the one list the cache, the review page, verify and the book key use.

Paths are relative to the project root, with `/` separators.
"""
from __future__ import annotations

from pathlib import Path

# Notebooks executed once, for the latest year, across all years (book/<name>.ipynb).
ACROSS_YEARS: tuple[str, ...] = ("trends", "indicators")
# Read by every notebook, whatever its year.
COMMON_DATA: tuple[str, ...] = ("data/catalog.yml", "data/derived.yml", "data/charts.yml")
# Pages of the book that are written by hand (not executed): Markdown, and the jieba user dictionary.
BOOK_PAGE_SUFFIXES: tuple[str, ...] = (".md", ".txt")
STATIC = "book/_static"
# Files the build writes into book/_static (a build input copy leaves them out).
GENERATED_STATIC: tuple[str, ...] = ("runs.js", "vega-bundle.js")
BOOK_CONFIG: tuple[str, ...] = ("_config.yml", "_toc.yml")
LOCK_FILE = "requirements.lock"  # the pinned environment; the review page shows its hash


def notebook_data(name: str, year: int, years: list[int]) -> list[str]:
    """The data files notebook `name` reads for `year`, in the order the review page lists them: the
    report, its curation, the definitions, the table made from them, the review file (the review
    page also shows the lock file's hash), and every earlier year's report and table (the learned
    matcher's examples). The across-years pages (trends, the index of indicators) read every year's table and review
    file up to `year`."""
    if name in ACROSS_YEARS:  # each year's table, and its review file (the provisional banner)
        return [*(f for y in sorted(years) if y <= year
                  for f in (f"data/indicators/{y}.csv", f"data/reports/{y}.review.yml")), *COMMON_DATA]
    earlier = [f for y in sorted(years) if y < year for f in (f"data/reports/{y}.txt", f"data/indicators/{y}.csv")]
    own = [f"data/reports/{year}.txt", f"data/reports/{year}.yml", *COMMON_DATA,
           f"data/indicators/{year}.csv", f"data/reports/{year}.review.yml", *earlier]
    return [*own, LOCK_FILE] if name == "review" else own


def book_sources(root: Path) -> list[Path]:
    """Every file Jupyter Book reads: the config and toc, the pages, the executed notebooks, static files."""
    static = root / STATIC
    files = [root / name for name in BOOK_CONFIG]
    files += [p for p in (root / "book").rglob("*")
              if p.is_file() and (p.suffix in (*BOOK_PAGE_SUFFIXES, ".ipynb") or static in p.parents)]
    return sorted(p for p in files if p.is_file())
