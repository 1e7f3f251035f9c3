"""The `reportbook` command: extract, check, build (and add-year)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reportbook.indicators.add_year import add_year
from reportbook.indicators.catalog import load_catalog
from reportbook.indicators.checks import check_definitions, check_year, read_committed
from reportbook.build.execute import TIMEOUT
from reportbook.build.processes import Interrupted
from reportbook.errors import CheckFailed, ReportbookError, os_error
from reportbook.indicators.extract import extract
from reportbook.paths import Paths, find_root
from reportbook.text.report import MAX_REPORT_CHARS
from reportbook.indicators.review_file import write_review
from reportbook.indicators.sections import SECTIONS
from reportbook.files import write_atomic
from reportbook.indicators.table import render_csv


def _years(paths: Paths, asked: list[int]) -> list[int]:
    years = asked or paths.years()
    if not years:
        raise ReportbookError("no report in data/reports/", str(paths.root), "add one with `reportbook add-year YEAR FILE`")
    return years


def write_year(paths: Paths, year: int, catalog, under_review: bool | None = None) -> tuple:
    """Extract `year` and write its table (and review file); nothing is written if a check fails."""
    ex = extract(paths, year, catalog, under_review)
    target = paths.indicators(year)
    where = str(target.relative_to(paths.root))
    if ex.problems:
        raise CheckFailed(ex.problems, f"extract {year}", f"nothing was written; {where} is unchanged")
    content = render_csv(ex.rows)
    state = "unchanged" if read_committed(target) == content else "written"
    if state == "written":
        write_atomic(target, content)
    return ex, f"{where} ({state})", write_review(paths, ex)


def _summary(ex) -> str:
    counts: dict[str, int] = {}
    for t in ex.tokens:
        counts[t.status] = counts.get(t.status, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in sorted(counts.items()) if k != "indicator")


def cmd_extract(args, paths: Paths) -> int:
    """Regenerate data/indicators/<year>.csv; write nothing for a year whose checks fail."""
    catalog = load_catalog(paths)
    for year in _years(paths, args.years):
        ex, table, review = write_year(paths, year, catalog)
        print(f"{year}: {len(ex.rows)} indicators ({_summary(ex)}) -> {table}; review: {review}")
    return 0


def cmd_add_year(args, paths: Paths) -> int:
    """Take in a new year's report, read it with the catalog, and list what needs the analyst."""
    notes = add_year(paths, args.year, args.report, force=args.force, max_chars=args.max_chars)
    for note in notes:
        print(f"note: {note}")
    catalog = load_catalog(paths)
    try:
        ex, table, review_state = write_year(paths, args.year, catalog, under_review=True)
    except ReportbookError as exc:
        raise ReportbookError(
            exc.what, exc.where,
            f"the report and a curation skeleton were written; fix data/reports/{args.year}.yml, "
            f"then run `reportbook extract {args.year}`",
        ) from None
    figures = [t for t in ex.tokens if t.status in ("indicator", "unmatched")]
    print(f"{args.year}: {len(figures)} figures found, {len(ex.rows)} matched to the catalog "
          f"({len(catalog.indicators)} indicators) -> {table}")
    for sec in SECTIONS:
        found = sum(1 for t in figures if t.segment.section == sec.slug)
        matched = sum(1 for r in ex.rows if r["section"] == sec.slug)
        print(f"  {sec.slug:<11} {sec.zh:<5} {matched:>3} matched of {found:>3} figures")
    unmatched = [g for g in ex.pending if g["kind"] == "unmatched"]
    missing = [g for g in ex.pending if g["kind"] == "missing"]
    other = [g for g in ex.pending if g["kind"] not in ("unmatched", "missing")]
    for gap in unmatched:
        print(f"  unmatched: line {gap['line']} {gap['section']}: {gap['context']}")
    if missing:
        print(f"  catalog indicators not found: {', '.join(g['indicator'] for g in missing)}")
    for gap in other:
        print(f"  {gap['kind']}: {gap['problem']}")
    auto = sum(1 for r in ex.rows if r["match"] == "auto")
    if auto:
        print(f"  {auto} figure(s) matched automatically (match: auto, marked until confirmed)")
    print(f"review: {review_state}" + ("" if not ex.pending else
          f"; decide them with `reportbook review {args.year}`"))
    return 0


def cmd_check(args, paths: Paths) -> int:
    """Run every check; print each with its result; exit 1 if any failed."""
    catalog = load_catalog(paths)
    print(f"catalog: {len(catalog.indicators)} indicators, ids unique, rules valid ({catalog.where})")
    failed = 0
    for result in check_definitions(paths, catalog):
        print(f"data {'ok  ' if result.passed else 'FAIL'} {result.name}: {result.asserts}")
        for problem in result.problems:
            print(f"         {problem}")
        failed += not result.passed
    for year in _years(paths, args.years):
        ex = extract(paths, year, catalog)
        for result in check_year(ex):
            mark = "ok  " if result.passed else "FAIL"
            print(f"{year} {mark} {result.name}: {result.asserts}")
            for problem in result.problems:
                print(f"         {problem}")
            failed += not result.passed
        if ex.pending:
            print(f"{year} note {len(ex.pending)} figure(s) or indicator(s) await the analyst's review "
                  f"({paths.review(year).relative_to(paths.root)})")
    if failed:
        print(f"{failed} check(s) failed", file=sys.stderr)
        return 1
    return 0


def cmd_review(args, paths: Paths) -> int:
    """Guided review of a year's pending items (or only list them with --list)."""
    from reportbook.indicators.guided_review import run_review

    left = run_review(paths, args.year, list_only=args.list)
    if left and not args.list:
        print(f"{left} item(s) still pending; run `reportbook review {args.year}` again to resume")
    return 0


def cmd_figures(args, paths: Paths) -> int:
    """Print every number the scanner finds in any text file (TSV or JSON lines)."""
    from reportbook.text.lexicon import numbered_names
    from reportbook.text.listing import list_figures

    names_file = paths.data / "numbered_names.yml"
    names = numbered_names(names_file) if names_file.is_file() else None
    sys.stdout.write(list_figures(args.file, args.format, names))
    return 0


def cmd_build(args, paths: Paths) -> int:
    """Execute the notebooks for each year and build the book (--dry-run: print the plan only)."""
    import json

    from reportbook.build.run import build, dry_run

    if args.dry_run:
        planned = dry_run(paths, years=args.year or None, force=args.force)
        for line in planned.lines():
            print(line)
        print(f"{len(planned.stale)} of {len(planned.tasks)} notebooks would execute for "
              f"{', '.join(map(str, planned.years))} (a review is checked again once its siblings are done); "
              "nothing was executed")
        return 0
    result = build(paths, years=args.year or None, jobs=args.jobs, force=args.force, timeout=args.timeout,
                   strict=args.strict)
    print(json.dumps(result.as_json(), ensure_ascii=False) if args.json else result.summary(paths.root))
    return 0


def cmd_verify(args, paths: Paths) -> int:
    """Rebuild from scratch in a temporary folder; print every difference; exit 1 if any."""
    from reportbook.build.verify import verify

    differences = verify(paths, jobs=args.jobs, timeout=args.timeout)
    for line in differences:
        print(line)
    if differences:
        print(f"{len(differences)} output(s) differ from the manifest", file=sys.stderr)
        return 1
    print("every executed notebook and HTML file is identical to a fresh build")
    return 0


def cmd_serve(args, paths: Paths) -> int:
    """Serve the built book over http on this machine (search shows excerpts only over http)."""
    from reportbook.site.serve import serve

    html = paths.root / "_build" / "html"
    if not (html / "index.html").is_file():
        raise ReportbookError("no built book", str(html), "run `reportbook build` first")
    server, url = serve(html, args.port)
    print(f"serving the book at {url}index.html (Ctrl-C stops)")
    try:
        server.serve_forever_thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
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
    p = sub.add_parser("add-year", help="add a new year's report: copy, segment, extract, list what to review")
    p.add_argument("year", type=int, metavar="YEAR")
    p.add_argument("report", type=Path, metavar="REPORT_FILE", help="the report's text (UTF-8 or GB18030)")
    p.add_argument("--force", action="store_true", help="replace this year's files if they exist")
    p.add_argument("--max-chars", type=int, default=MAX_REPORT_CHARS, metavar="N",
                   help=f"refuse a longer text (default {MAX_REPORT_CHARS:,}; an annual work report has 3,000-60,000)")
    p.set_defaults(run=cmd_add_year)
    p = sub.add_parser("figures", help="list every number found in a text file, with value, unit, qualifier, kind")
    p.add_argument("file", type=Path, metavar="FILE", help="any text (UTF-8 or GB18030)")
    p.add_argument("--format", choices=("tsv", "json"), default="tsv", help="tsv (default) or json (one object a line)")
    p.set_defaults(run=cmd_figures)
    p = sub.add_parser("review", help="guided review of a year's pending matches, one key per decision")
    p.add_argument("year", type=int, metavar="YEAR")
    p.add_argument("--list", action="store_true", help="print the pending items without asking")
    p.set_defaults(run=cmd_review)
    p = sub.add_parser("build", help="execute the notebooks and build the HTML book in _build/html")
    p.add_argument("--year", type=int, action="append", help="build only this year (repeatable)")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: number of cores)")
    p.add_argument("--force", action="store_true", help="re-execute every notebook, ignoring the cache")
    p.add_argument("--timeout", type=float, default=TIMEOUT,
                   help=f"seconds one notebook may run before it is stopped (default: {TIMEOUT})")
    p.add_argument("--dry-run", action="store_true", help="print what would execute and why; execute nothing")
    p.add_argument("--json", action="store_true", help="print the build's result as JSON (for scripts)")
    p.add_argument("--strict", action="store_true", help="refuse to build a year with items awaiting review")
    p.set_defaults(run=cmd_build)
    p = sub.add_parser("verify", help="rebuild from scratch in a temporary folder and compare with the manifest")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: number of cores)")
    p.add_argument("--timeout", type=float, default=TIMEOUT,
                   help=f"seconds one notebook may run before it is stopped (default: {TIMEOUT})")
    p.set_defaults(run=cmd_verify)
    p = sub.add_parser("serve", help="open the built book over http (http://127.0.0.1:8000/) so search shows excerpts")
    p.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free port)")
    p.set_defaults(run=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command; bad input prints a message (no traceback) and exits non-zero."""
    args = parser().parse_args(argv)
    paths = Paths(args.root.resolve()) if args.root else Paths(find_root())
    try:
        return args.run(args, paths)
    except CheckFailed as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return 1
    except ReportbookError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file that cannot be read or written (read-only folder, full disk, …)
        print(f"error: {os_error(exc, f'reportbook {args.command}').render()}", file=sys.stderr)
        return 2
    except Interrupted as exc:
        print(f"{exc}: every process of the build was stopped; the book in _build/html was left as it was",
              file=sys.stderr)
        return 128 + exc.signum


if __name__ == "__main__":
    sys.exit(main())
