"""`reportbook build`: check the data, execute what changed, build the book, publish it atomically."""
from __future__ import annotations

import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cache import Manifest, data_files, papermill_digest, sha256_json, task_inputs
from .catalog import load_catalog
from .checks import check_year
from .errors import CheckFailed, ReportbookError
from .extract import extract
from .notebook_run import NotebookRun, execute
from .paths import Paths
from .publish import (book_sources_key, html_hashes, jupyter_book, keep_failed, publish_html,
                      publish_notebooks, write_run_log)
from .sections import SLUGS

# Executed in this order per year; `review` reads the others' metadata, so it runs last.
NOTEBOOKS: tuple[str, ...] = (*SLUGS, "source", "review")
# Executed once for the latest year, across all years: book/<name>.ipynb.
ACROSS_YEARS: tuple[str, ...] = ("trends",)


@dataclass(frozen=True)
class Task:
    """One notebook to produce: template × year, its parameters and its cache inputs."""

    name: str
    year: int
    parameters: dict
    inputs: dict

    @property
    def place(self) -> str:
        return _place(self.name, self.year)


def _place(name: str, year: int) -> str:
    """Where an executed notebook lives under book/ (and under the scratch folder)."""
    return f"{name}.ipynb" if name in ACROSS_YEARS else f"{year}/{name}.ipynb"


def validate_years(paths: Paths, years: list[int] | None) -> list[int]:
    """Refuse, before any kernel starts, a year without a report or an indicator table."""
    have = paths.years()
    if not have:
        raise ReportbookError("no report in data/reports/", "build", "add one with `reportbook add-year YEAR FILE`")
    for year in years or have:
        if year not in have:
            raise ReportbookError(
                f"no report for year {year} (years with a report: {', '.join(map(str, have))})",
                "build --year", f"add it with `reportbook add-year {year} REPORT.txt`",
            )
        if not paths.indicators(year).is_file():
            raise ReportbookError(
                f"no indicator table for {year}", str(paths.indicators(year).relative_to(paths.root)),
                f"run `reportbook extract {year}`",
            )
    return sorted(set(years or have))


def check_templates(paths: Paths) -> None:
    """Every template the build runs must exist before any kernel starts."""
    missing = [n for n in (*NOTEBOOKS, *ACROSS_YEARS) if not (paths.notebooks / f"{n}.ipynb").is_file()]
    if missing:
        raise ReportbookError(f"missing notebook template(s): {', '.join(missing)}", "notebooks/",
                              "restore them (`python -m reportbook.templates` writes them)")


def check_years(paths: Paths, years: list[int]) -> None:
    """Every check of every year must pass before anything executes."""
    catalog = load_catalog(paths)
    problems = []
    for year in years:
        for result in check_year(extract(paths, year, catalog)):
            problems += [f"{year} {result.name}: {p}" for p in result.problems]
    if problems:
        raise CheckFailed(problems, "build", "fix these (see `reportbook check`); nothing was executed")


def _run(task: tuple[str, str, dict, str, str]) -> NotebookRun:
    """Worker: execute one notebook; the kernel's own chatter goes to _build/logs/<place>.log."""
    template, output, parameters, cwd, final = task
    log = Path(cwd) / "_build" / "logs" / Path(final).relative_to("book").with_suffix(".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    saved = os.dup(2)
    with open(log, "w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 2)
        try:
            return execute(Path(template), Path(output), parameters, Path(cwd), final)
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _tasks(paths: Paths, years: list[int], scratch: Path, reviews: bool) -> list[Task]:
    """The first batch (every page but review), or the review pages (which read their siblings)."""
    out = []
    for name, year in ([("review", y) for y in years] if reviews else
                       [(n, y) for y in years for n in NOTEBOOKS if n != "review"]
                       + [(n, max(years)) for n in ACROSS_YEARS]):
        across = name in ACROSS_YEARS
        parameters = {"year": year}
        extra = None
        if name == "review":
            parameters = {"year": year, "executed_dir": str((scratch / str(year)).relative_to(paths.root))}
            extra = {"siblings": {n: papermill_digest(scratch / _place(n, year)) for n in NOTEBOOKS if n != "review"}}
        files = data_files(paths, name, year, years, across)
        out.append(Task(name, year, parameters, task_inputs(paths, f"notebooks/{name}.ipynb", parameters, files, extra)))
    return out


class Executor:
    """Runs the stale notebooks in a process pool, reusing fresh ones, with a progress display."""

    def __init__(self, paths: Paths, jobs: int, force: bool):
        self.paths, self.jobs, self.force = paths, jobs, force
        self.scratch = paths.root / "_build" / ".exec"
        self.manifest = Manifest(paths)
        self.executed: list[tuple[NotebookRun, Task]] = []
        self.reused: list[Task] = []

    def run(self, tasks: list[Task], pool, progress, bar) -> None:
        stale = []
        for task in tasks:
            published = self.paths.root / "book" / task.place
            if not self.force and self.manifest.fresh(task.place, sha256_json(task.inputs), published):
                (self.scratch / task.place).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(published, self.scratch / task.place)
                self.reused.append(task)
                progress.advance(bar)
            else:
                stale.append(task)
        jobs = [(str(self.paths.notebooks / f"{t.name}.ipynb"), str(self.scratch / t.place), t.parameters,
                 str(self.paths.root), f"book/{t.place}") for t in stale]
        for task, run in zip(stale, pool.map(_run, jobs) if stale else []):
            self.executed.append((run, task))
            progress.advance(bar)
            mark = "ok" if run.status == "completed" else "FAILED"
            print(f"  executed {task.place} {mark} ({run.seconds:.1f} s)", file=sys.stderr)

    def execute(self, years: list[int]) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        shutil.rmtree(self.scratch, ignore_errors=True)
        total = len(years) * len(NOTEBOOKS) + len(ACROSS_YEARS)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, disable=not sys.stderr.isatty()) as progress, \
                ProcessPoolExecutor(max_workers=self.jobs) as pool:
            bar = progress.add_task("notebooks", total=total)
            self.run(_tasks(self.paths, years, self.scratch, reviews=False), pool, progress, bar)
            if self.failed():
                return
            self.run(_tasks(self.paths, years, self.scratch, reviews=True), pool, progress, bar)

    def failed(self) -> list[tuple[NotebookRun, str]]:
        return [(r, t.place) for r, t in self.executed if r.status != "completed"]

    def publish(self) -> None:
        """Move executed notebooks into book/, record them in the manifest, write the run log."""
        if self.failed():
            keep_failed(self.paths, self.failed())
        publish_notebooks(self.paths, [(r, t.place) for r, t in self.executed])
        for run, task in self.executed:
            self.manifest.record(task.place, task.inputs, self.paths.root / "book" / task.place, run.seconds)
        log = {t.place.removesuffix(".ipynb"): {"status": "completed", "seconds": self.manifest.seconds(t.place)}
               for t in [*self.reused, *(t for _, t in self.executed)]}
        write_run_log(self.paths, log)


def build(paths: Paths, years: list[int] | None = None, jobs: int | None = None, force: bool = False) -> Path:
    """The whole path: validate, check, execute what changed, build the book aside, publish."""
    from .booksite import write_toc

    began = time.perf_counter()
    years = validate_years(paths, years)
    check_templates(paths)
    check_years(paths, years)
    executor = Executor(paths, jobs or os.cpu_count() or 1, force)
    executor.execute(years)
    executor.publish()
    write_toc(paths.root, years)
    final = paths.root / "_build" / "html"
    sources = book_sources_key(paths)
    manifest = executor.manifest
    up_to_date = (not force and manifest.data.get("book_sources") == sources and final.is_dir()
                  and html_hashes(final) == manifest.data.get("html"))
    if not up_to_date:
        final = publish_html(paths, jupyter_book(paths))
        # the Sphinx extension may have written the Vega bundle into book/_static: hash after the build
        manifest.data["book_sources"], manifest.data["html"] = book_sources_key(paths), html_hashes(final)
    manifest.save()
    state = "up to date" if up_to_date else "built"
    print(f"{len(executor.executed)} notebooks executed, {len(executor.reused)} reused; book {state} "
          f"for {', '.join(map(str, years))} in {time.perf_counter() - began:.1f} s -> "
          f"{final.relative_to(paths.root)}/index.html")
    return final
