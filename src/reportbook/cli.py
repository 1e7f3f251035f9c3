"""The `reportbook` command: extract, check, build (and add-year)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalog import load_catalog
from .checks import read_committed, run_checks
from .errors import CheckFailed, ReportbookError
from .extract import extract
from .paths import Paths, find_root
from .table import render_csv, write_atomic


def _years(paths: Paths, asked: list[int]) -> list[int]:
    years = asked or paths.years()
    if not years:
        raise ReportbookError("no report in data/reports/", str(paths.root), "add one with `reportbook add-year YEAR FILE`")
    return years


def cmd_extract(args, paths: Paths) -> int:
    """Regenerate data/indicators/<year>.csv; write nothing for a year whose checks fail."""
    catalog = load_catalog(paths)
    for year in _years(paths, args.years):
        ex = extract(paths, year, catalog)
        target = paths.indicators(year)
        where = str(target.relative_to(paths.root))
        if ex.problems:
            raise CheckFailed(ex.problems, f"extract {year}", f"nothing was written; {where} is unchanged")
        content = render_csv(ex.rows)
        state = "unchanged" if read_committed(target) == content else "written"
        if state == "written":
            write_atomic(target, content)
        counts = {}
        for t in ex.tokens:
            counts[t.status] = counts.get(t.status, 0) + 1
        others = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()) if k != "indicator")
        print(f"{year}: {len(ex.rows)} indicators ({others}) -> {where} ({state})")
    return 0


def cmd_check(args, paths: Paths) -> int:
    """Run every check; print each with its result; exit 1 if any failed."""
    catalog = load_catalog(paths)
    print(f"catalog: {len(catalog.indicators)} indicators, ids unique, rules valid ({catalog.where})")
    failed = 0
    for year in _years(paths, args.years):
        ex = extract(paths, year, catalog)
        target = paths.indicators(year)
        for result in run_checks(ex, read_committed(target), str(target.relative_to(paths.root))):
            mark = "ok  " if result.passed else "FAIL"
            print(f"{year} {mark} {result.name}: {result.asserts}")
            for problem in result.problems:
                print(f"         {problem}")
            failed += not result.passed
    if failed:
        print(f"{failed} check(s) failed", file=sys.stderr)
        return 1
    return 0


def cmd_build(args, paths: Paths) -> int:
    """Execute the notebooks for each year and build the book."""
    from .build import build

    build(paths, years=args.year or None, jobs=args.jobs, force=args.force)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    top = argparse.ArgumentParser(prog="reportbook", description="Build the Shuangshan annual report book.")
    top.add_argument("--root", type=Path, help="project folder (default: the nearest one with data/catalog.yml)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("extract", help="regenerate data/indicators/YEAR.csv from the report text")
    p.add_argument("years", nargs="*", type=int, metavar="YEAR", help="default: every year with a report")
    p.set_defaults(run=cmd_extract)
    p = sub.add_parser("check", help="validate the reports, curation, catalog and indicator tables")
    p.add_argument("years", nargs="*", type=int, metavar="YEAR", help="default: every year with a report")
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("build", help="execute the notebooks and build the HTML book in _build/html")
    p.add_argument("--year", type=int, action="append", help="build only this year (repeatable)")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: number of cores)")
    p.add_argument("--force", action="store_true", help="re-execute every notebook, ignoring the cache")
    p.set_defaults(run=cmd_build)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command; bad input prints a message (no traceback) and exits non-zero."""
    args = parser().parse_args(argv)
    paths = Paths(find_root(args.root))
    try:
        return args.run(args, paths)
    except CheckFailed as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return 1
    except ReportbookError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
