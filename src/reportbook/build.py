"""`reportbook build`: check the data, execute the notebooks, build the book, publish it atomically."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .catalog import load_catalog
from .checks import read_committed, run_checks
from .errors import CheckFailed, ReportbookError
from .extract import extract
from .notebook_run import NotebookRun, execute
from .paths import Paths
from .sections import SLUGS

# Executed in this order per year; `review` reads the others' metadata, so it runs last.
NOTEBOOKS: tuple[str, ...] = (*SLUGS, "source", "review")
# Executed once for the latest year, across all years: book/<name>.ipynb.
ACROSS_YEARS: tuple[str, ...] = ("trends",)


def validate_years(paths: Paths, years: list[int] | None) -> list[int]:
    """Refuse, before any kernel starts, a year without a report or an indicator table."""
    have = paths.years()
    if not years:
        if not have:
            raise ReportbookError("no report in data/reports/", "build", "add one with `reportbook add-year YEAR FILE`")
        return have
    for year in years:
        if year not in have:
            raise ReportbookError(
                f"no report for year {year} (years with a report: {', '.join(map(str, have)) or 'none'})",
                "build --year", f"add it with `reportbook add-year {year} REPORT.txt`",
            )
        if not paths.indicators(year).is_file():
            raise ReportbookError(
                f"no indicator table for {year}", str(paths.indicators(year).relative_to(paths.root)),
                f"run `reportbook extract {year}`",
            )
    return sorted(set(years))


def check_years(paths: Paths, years: list[int]) -> None:
    """Every check of every year must pass before anything executes."""
    catalog = load_catalog(paths)
    problems = []
    for year in years:
        target = paths.indicators(year)
        ex = extract(paths, year, catalog)
        for result in run_checks(ex, read_committed(target), str(target.relative_to(paths.root))):
            problems += [f"{year} {result.name}: {p}" for p in result.problems]
    if problems:
        raise CheckFailed(problems, "build", "fix these (see `reportbook check`); nothing was executed")


def _run(task: tuple[str, str, dict, str, str]) -> NotebookRun:
    """Worker: execute one notebook; the kernel's own chatter goes to _build/logs/<year>/<name>.log."""
    template, output, parameters, cwd, final = task
    log = Path(cwd) / "_build" / "logs" / str(parameters["year"]) / f"{Path(template).stem}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    saved = os.dup(2)
    with open(log, "w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 2)
        try:
            return execute(Path(template), Path(output), parameters, Path(cwd), final)
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _parameters(paths: Paths, name: str, year: int, scratch: Path) -> dict:
    """The parameters a template gets: `year`, and for the review page where its siblings are."""
    if name != "review":
        return {"year": year}
    return {"year": year, "executed_dir": str((scratch / str(year)).relative_to(paths.root)),
            "TEMPLATES": [n for n in NOTEBOOKS]}


def _place(name: str, year: int) -> str:
    """Where an executed notebook lives under book/ (and under the scratch folder)."""
    return f"{name}.ipynb" if name in ACROSS_YEARS else f"{year}/{name}.ipynb"


def execute_all(paths: Paths, years: list[int], jobs: int) -> list[NotebookRun]:
    """Execute every template for every year into _build/.exec, in a process pool."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    scratch = paths.root / "_build" / ".exec"
    shutil.rmtree(scratch, ignore_errors=True)
    first = [(n, y) for y in years for n in NOTEBOOKS if n != "review"] + [(n, max(years)) for n in ACROSS_YEARS]
    last = [("review", y) for y in years]
    runs: list[NotebookRun] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=False, disable=not sys.stderr.isatty()) as progress, \
            ProcessPoolExecutor(max_workers=jobs) as pool:
        bar = progress.add_task("executing notebooks", total=len(first) + len(last))
        for batch in (first, last):
            tasks = [(str(paths.notebooks / f"{n}.ipynb"), str(scratch / _place(n, y)),
                      _parameters(paths, n, y, scratch), str(paths.root), f"book/{_place(n, y)}") for n, y in batch]
            for run in pool.map(_run, tasks):
                runs.append(run)
                progress.advance(bar)
                mark = "ok" if run.status == "completed" else "FAILED"
                print(f"  {_place(run.name, run.year)} {mark} ({run.seconds:.1f} s)", file=sys.stderr)
    return runs


def publish_notebooks(paths: Paths, runs: list[NotebookRun]) -> None:
    """Move successful runs into book/<year>/; keep failed ones in _build/failed/ for inspection."""
    failed = [r for r in runs if r.status != "completed"]
    if failed:
        keep = paths.root / "_build" / "failed"
        for run in failed:
            target = keep / _place(run.name, run.year)
            target.parent.mkdir(parents=True, exist_ok=True)
            if run.output.exists():
                shutil.move(str(run.output), target)
        raise ReportbookError(
            "notebook execution failed:\n" + "\n".join(f"  - {r.error}" for r in failed),
            "build",
            f"the failed executed copies are in {keep.relative_to(paths.root)}/ for inspection; "
            "the book in _build/html was left as it was",
        )
    for run in runs:
        target = paths.root / "book" / _place(run.name, run.year)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(run.output, target)


RUNS_JS = """window.REPORTBOOK_RUNS = {runs};
document.addEventListener("DOMContentLoaded", function () {{
  document.querySelectorAll("td.rb-duration").forEach(function (cell) {{
    var run = window.REPORTBOOK_RUNS[cell.dataset.run];
    if (run) {{ cell.textContent = run.seconds.toFixed(1) + " s (" + run.status + ")"; }}
  }});
}});
"""


def write_run_log(paths: Paths, runs: list[NotebookRun]) -> Path:
    """The build log the review page reads for durations (they vary, so they stay out of the notebooks)."""
    log = {_place(r.name, r.year).removesuffix(".ipynb"): {"status": r.status, "seconds": round(r.seconds, 2)} for r in runs}
    target = paths.root / "book" / "_static" / "runs.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(RUNS_JS.format(runs=json.dumps(log, sort_keys=True)), encoding="utf-8")
    return target


def jupyter_book(paths: Paths) -> Path:
    """Build the book aside in _build/.next; return its html folder."""
    staging = paths.root / "_build" / ".next"
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(paths.root),
               "--path-output", str(staging), "-q"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=paths.root)
    html = staging / "_build" / "html"
    if done.returncode != 0 or not (html / "index.html").is_file():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-30:])
        raise ReportbookError(f"jupyter-book build failed:\n{tail}", "build",
                              "the book in _build/html was left as it was; fix the error above")
    return html


def publish_html(paths: Paths, html: Path) -> Path:
    """Swap the freshly built html into _build/html in one rename; the old book serves until then."""
    final = paths.root / "_build" / "html"
    fresh = paths.root / "_build" / ".html.new"
    old = paths.root / "_build" / ".html.old"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(html, fresh)
    if final.exists():
        os.replace(final, old)
    os.replace(fresh, final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def check_templates(paths: Paths) -> None:
    """Every template the build runs must exist before any kernel starts."""
    missing = [n for n in (*NOTEBOOKS, *ACROSS_YEARS) if not (paths.notebooks / f"{n}.ipynb").is_file()]
    if missing:
        raise ReportbookError(f"missing notebook template(s): {', '.join(missing)}", "notebooks/",
                              "restore them (`python -m reportbook.templates` writes them)")


def build(paths: Paths, years: list[int] | None = None, jobs: int | None = None, force: bool = False) -> Path:
    """The whole path: validate, check, execute, build, publish."""
    from .booksite import write_toc

    began = time.perf_counter()
    years = validate_years(paths, years)
    check_templates(paths)
    check_years(paths, years)
    runs = execute_all(paths, years, jobs or os.cpu_count() or 1)
    publish_notebooks(paths, runs)
    write_run_log(paths, runs)
    write_toc(paths.root, years)
    final = publish_html(paths, jupyter_book(paths))
    print(f"built {len(runs)} notebooks for {', '.join(map(str, years))} and the book in "
          f"{time.perf_counter() - began:.1f} s -> {final.relative_to(paths.root)}/index.html")
    return final
