"""`reportbook build`: check the data, execute what changed, build the book, publish it atomically."""
from __future__ import annotations

import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from reportbook.build.jupyter_book import JupyterBookProcess
from reportbook.build.cache import Manifest, data_files, papermill_digest, sha256_file, sha256_json, task_inputs
from reportbook.build.lock import BuildLock
from reportbook.build.processes import ProcessGuard, worker_init
from reportbook.indicators.catalog import load_catalog
from reportbook.indicators.checks import check_year
from reportbook.errors import CheckFailed, ReportbookError, os_error
from reportbook.indicators.extract import extract
from reportbook.build.execute import TIMEOUT, NotebookRun, execute
from reportbook.paths import Paths
from reportbook.build.publish import (book_sources_key, html_hashes, keep_failed, publish_html, publish_notebooks,
                      write_run_log)
from reportbook.indicators.sections import SLUGS

# The pages of each year; `review` reads the others' papermill metadata, so it runs after them.
NOTEBOOKS: tuple[str, ...] = (*SLUGS, "source", "review")
# Executed once for the latest year, across all years: book/<name>.ipynb.
ACROSS_YEARS: tuple[str, ...] = ("trends",)
# The pages a year's review reads; it is queued as soon as these are done for its year.
SIBLINGS: tuple[str, ...] = tuple(n for n in NOTEBOOKS if n != "review")


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
                              "restore them (`python -m reportbook.build.templates` writes them)")


def check_years(paths: Paths, years: list[int]) -> None:
    """Every check of every year must pass before anything executes."""
    catalog = load_catalog(paths)
    problems = []
    for year in years:
        for result in check_year(extract(paths, year, catalog)):
            problems += [f"{year} {result.name}: {p}" for p in result.problems]
    if problems:
        raise CheckFailed(problems, "build", "fix these (see `reportbook check`); nothing was executed")


def _run(task: tuple[str, str, dict, str, str, float]) -> NotebookRun:
    """Worker: execute one notebook; the kernel's own chatter goes to _build/logs/<place>.log."""
    template, output, parameters, cwd, final, timeout = task
    log = Path(cwd) / "_build" / "logs" / Path(final).relative_to("book").with_suffix(".log")
    log.parent.mkdir(parents=True, exist_ok=True)
    saved = os.dup(2)
    with open(log, "w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 2)
        try:
            return execute(Path(template), Path(output), parameters, Path(cwd), final, timeout)
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _task(paths: Paths, scratch: Path, name: str, year: int, years: list[int]) -> Task:
    """One notebook's task; a review's inputs include its executed siblings' papermill records."""
    parameters: dict = {"year": year}
    extra = None
    if name == "review":
        parameters["executed_dir"] = str((scratch / str(year)).relative_to(paths.root))
        extra = {"siblings": {n: papermill_digest(scratch / _place(n, year)) for n in SIBLINGS}}
    files = data_files(paths, name, year, years, name in ACROSS_YEARS)
    return Task(name, year, parameters, task_inputs(paths, f"notebooks/{name}.ipynb", parameters, files, extra))


class Executor:
    """Runs the stale notebooks in a process pool, reusing fresh ones, with a progress display.

    Every page but the reviews is queued at once (year pages first, the across-years pages last);
    a year's review is queued the moment its siblings are done, so it overlaps the other work.
    """

    def __init__(self, paths: Paths, jobs: int, force: bool, guard: ProcessGuard, timeout: float = TIMEOUT):
        self.paths, self.jobs, self.force, self.guard, self.timeout = paths, jobs, force, guard, timeout
        self.scratch = paths.root / "_build" / ".exec"
        self.manifest = Manifest(paths)
        self.executed: list[tuple[NotebookRun, Task]] = []
        self.reused: list[Task] = []

    def _reuse(self, task: Task) -> bool:
        """Copy a fresh published notebook into the scratch folder instead of executing it."""
        published = self.paths.root / "book" / task.place
        if self.force or not self.manifest.fresh(task.place, sha256_json(task.inputs), published):
            return False
        (self.scratch / task.place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(published, self.scratch / task.place)
        self.reused.append(task)
        return True

    def execute(self, years: list[int]) -> None:
        """Run every stale notebook; on any exception (a signal included) stop every process first."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=worker_init)
        try:
            self._execute(years, pool)
        except BaseException:
            self.guard.stop_all()  # before the pool's shutdown, which would wait for a hanging kernel
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def _execute(self, years: list[int], pool: ProcessPoolExecutor) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        first = [(n, y) for y in years for n in SIBLINGS] + [(n, max(years)) for n in ACROSS_YEARS]
        waiting = {y: set(SIBLINGS) for y in years}  # siblings each review still waits for
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, disable=not sys.stderr.isatty()) as progress:
            bar = progress.add_task("notebooks", total=len(first) + len(years))
            running: dict = {}

            def done(task: Task) -> None:
                progress.advance(bar)
                if task.name in waiting.get(task.year, ()):
                    waiting[task.year].discard(task.name)
                    if not waiting[task.year] and not self.failed():
                        start(_task(self.paths, self.scratch, "review", task.year, years))

            def start(task: Task) -> None:
                if self._reuse(task):
                    done(task)
                    return
                job = (str(self.paths.notebooks / f"{task.name}.ipynb"), str(self.scratch / task.place),
                       task.parameters, str(self.paths.root), f"book/{task.place}", self.timeout)
                running[pool.submit(_run, job)] = task

            for name, year in first:
                start(_task(self.paths, self.scratch, name, year, years))
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=lambda f: running[f].place):
                    task, run = running.pop(future), future.result()
                    self.executed.append((run, task))
                    mark = "ok" if run.status == "completed" else "FAILED"
                    print(f"  executed {task.place} {mark} ({run.seconds:.1f} s)", file=sys.stderr)
                    done(task)

    def failed(self) -> list[tuple[NotebookRun, str]]:
        return [(r, t.place) for r, t in self.executed if r.status != "completed"]

    def publish(self) -> None:
        """Move executed notebooks into book/, record them in the manifest, write the run log."""
        if self.failed():
            keep_failed(self.paths, self.failed())
        # record what this build produced (hashed before it moves), never whatever book/ holds later
        for run, task in self.executed:
            self.manifest.record(task.place, task.inputs, run.output, run.seconds)
        publish_notebooks(self.paths, [(r, t.place) for r, t in self.executed])
        log = {t.place.removesuffix(".ipynb"): {"status": "completed", "seconds": self.manifest.seconds(t.place)}
               for t in [*self.reused, *(t for _, t in self.executed)]}
        write_run_log(self.paths, log)


def check_limits(jobs: int | None, timeout: float) -> int:
    """The number of parallel notebooks, from --jobs (default: the cores); refuse nonsense values."""
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ReportbookError(f"--jobs must be a whole number of at least 1, got {jobs!r}", "build --jobs",
                              "leave it out to use every core, or give e.g. `--jobs 2`")
    if not timeout > 0:
        raise ReportbookError(f"--timeout must be a number of seconds above 0, got {timeout!r}", "build --timeout",
                              f"leave it out for the default ({TIMEOUT} s), or give e.g. `--timeout 600`")
    return jobs or os.cpu_count() or 1


def build(paths: Paths, years: list[int] | None = None, jobs: int | None = None, force: bool = False,
          timeout: float = TIMEOUT) -> Path:
    """The whole path: validate, check, execute what changed, build the book aside, publish.

    One build at a time per project (BuildLock). Every process the build starts is stopped when
    it ends, fails or is interrupted (ProcessGuard). A failed file operation is a clear error.
    """
    jobs = check_limits(jobs, timeout)
    try:
        with BuildLock(paths, "build"), ProcessGuard() as guard:
            return _build(paths, years, jobs, force, timeout, guard)
    except OSError as exc:
        raise os_error(exc, "build") from exc


def _build(paths: Paths, years: list[int] | None, jobs: int, force: bool, timeout: float, guard: ProcessGuard) -> Path:
    from reportbook.site.sphinx_ext import write_toc

    began = time.perf_counter()
    years = validate_years(paths, years)
    check_templates(paths)
    with JupyterBookProcess(paths) as book:  # warms up (imports, Vega bundle) while the work below runs
        check_years(paths, years)
        executor = Executor(paths, jobs, force, guard, timeout)
        executor.execute(years)
        executor.publish()
        write_toc(paths.root, years)
        final = paths.root / "_build" / "html"
        sources = book_sources_key(paths)
        manifest = executor.manifest
        up_to_date = (not force and manifest.data.get("book_sources") == sources and final.is_dir()
                      and html_hashes(final) == manifest.data.get("html"))
        if not up_to_date:
            final = publish_html(paths, book.build())
            # the Sphinx extension may have written the Vega bundle into book/_static: hash after the build
            manifest.data["book_sources"], manifest.data["html"] = book_sources_key(paths), html_hashes(final)
    manifest.save()
    state = "up to date" if up_to_date else "built"
    print(f"{len(executor.executed)} notebooks executed, {len(executor.reused)} reused; book {state} "
          f"for {', '.join(map(str, years))} in {time.perf_counter() - began:.1f} s -> "
          f"{final.relative_to(paths.root)}/index.html")
    return final
