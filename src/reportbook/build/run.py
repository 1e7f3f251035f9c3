"""`reportbook build`: check the data, execute what changed, build the book, publish it atomically."""
from __future__ import annotations

import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from reportbook.build.jupyter_book import JupyterBookProcess
from reportbook.build.cache import Manifest
from reportbook.build.lock import BuildLock
from reportbook.build.plan import ACROSS_YEARS, NOTEBOOKS, SCRATCH, Plan, Task, check_parameters, make_task, plan
from reportbook.build.processes import ProcessGuard, worker_init
from reportbook.indicators.catalog import load_catalog
from reportbook.indicators.checks import check_definitions, check_year
from reportbook.errors import CheckFailed, ReportbookError, os_error
from reportbook.indicators.extract import extract
from reportbook.build.execute import TIMEOUT, NotebookRun, execute
from reportbook.paths import Paths
from reportbook.build.publish import (book_sources_key, html_hashes, keep_failed, publish_html, publish_notebooks,
                      write_run_log)

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


def check_years(paths: Paths, years: list[int], strict: bool = False) -> None:
    """Every check of every year must pass before anything executes; `strict`: and nothing may await review."""
    catalog = load_catalog(paths)
    problems = [f"{r.name}: {p}" for r in check_definitions(paths, catalog) for p in r.problems]
    for year in years:
        ex = extract(paths, year, catalog)
        for result in check_year(ex):
            problems += [f"{year} {result.name}: {p}" for p in result.problems]
        if strict and ex.pending:
            problems.append(f"{year} review: {len(ex.pending)} item(s) await the analyst "
                            f"({paths.review(year).relative_to(paths.root)}); run `reportbook review {year}`, "
                            "or build without --strict (the year is then shown as provisional)")
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


@dataclass
class BuildResult:
    """What a build did: the notebooks executed (with why) and reused, the book's state, where it is."""

    years: list[int]
    executed: list[dict] = field(default_factory=list)  # {place, status, seconds, reasons}
    reused: list[str] = field(default_factory=list)
    book: str = ""                                      # built | up to date | not built (dry run)
    output: Path | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> list[str]:
        return [e["place"] for e in self.executed if e["status"] != "completed"]

    def summary(self, root: Path) -> str:
        """The last line `reportbook build` prints."""
        where = f"{self.output.relative_to(root)}/index.html" if self.output else "-"
        return (f"{len(self.executed)} notebooks executed, {len(self.reused)} reused; book {self.book} "
                f"for {', '.join(map(str, self.years))} in {self.seconds:.1f} s -> {where}")

    def as_json(self) -> dict:
        return {"years": self.years, "executed": self.executed, "reused": self.reused, "book": self.book,
                "output": str(self.output) if self.output else None, "seconds": round(self.seconds, 2)}


class Executor:
    """Runs a plan's stale notebooks in a process pool, reusing fresh ones, with a progress display.

    Tasks are queued as the plan's dependency sorter makes them ready: every page but the reviews at
    once (year pages first, the across-years pages last); a year's review the moment its siblings are
    done (planned again then, from their fresh run records), so it overlaps the other work.
    """

    def __init__(self, paths: Paths, jobs: int, force: bool, guard: ProcessGuard, timeout: float = TIMEOUT):
        self.paths, self.jobs, self.force, self.guard, self.timeout = paths, jobs, force, guard, timeout
        self.scratch = paths.root / SCRATCH
        self.manifest = Manifest(paths)
        self.executed: list[tuple[NotebookRun, Task]] = []
        self.reused: list[Task] = []

    def _reuse(self, task: Task) -> bool:
        """Copy a fresh published notebook into the scratch folder instead of executing it."""
        if task.stale:
            return False
        (self.scratch / task.place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.paths.root / "book" / task.place, self.scratch / task.place)
        self.reused.append(task)
        return True

    def execute(self, planned: Plan) -> None:
        """Run every stale notebook; on any exception (a signal included) stop every process first."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=worker_init)
        try:
            self._execute(planned, pool)
        except BaseException:
            self.guard.stop_all()  # before the pool's shutdown, which would wait for a hanging kernel
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def _execute(self, planned: Plan, pool: ProcessPoolExecutor) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        graph = planned.sorter()
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, disable=not sys.stderr.isatty()) as progress:
            bar = progress.add_task("notebooks", total=len(planned.tasks))
            running: dict = {}

            def start(task: Task) -> None:
                if task.after:  # its siblings are done: plan it again from their records
                    task = make_task(self.paths, self.manifest, task.name, task.year, planned.years, self.force,
                                     executed=self.scratch)
                if self._reuse(task):
                    progress.advance(bar)
                    graph.done(task.place)
                    return
                job = (str(self.paths.notebooks / f"{task.name}.ipynb"), str(self.scratch / task.place),
                       task.parameters, str(self.paths.root), f"book/{task.place}", self.timeout)
                running[pool.submit(_run, job)] = task

            while graph.is_active():
                for p in planned.queue_order(graph.get_ready()):
                    if planned.tasks[p].after and self.failed():
                        graph.done(p)  # a review of a failed year is not run
                    else:
                        start(planned.tasks[p])
                if not running:
                    continue
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=lambda f: running[f].place):
                    task, run = running.pop(future), future.result()
                    self.executed.append((run, task))
                    mark = "ok" if run.status == "completed" else "FAILED"
                    print(f"  executed {task.place} {mark} ({run.seconds:.1f} s): {'; '.join(task.reasons)}",
                          file=sys.stderr)
                    progress.advance(bar)
                    graph.done(task.place)

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

    def result(self, years: list[int]) -> BuildResult:
        runs = [{"place": t.place, "status": r.status, "seconds": round(r.seconds, 2), "reasons": list(t.reasons)}
                for r, t in sorted(self.executed, key=lambda rt: rt[1].place)]
        return BuildResult(years, runs, sorted(t.place for t in self.reused))


def dry_run(paths: Paths, years: list[int] | None = None, force: bool = False) -> Plan:
    """The plan of a build, without checking, executing or writing anything."""
    years = validate_years(paths, years)
    check_templates(paths)
    planned = plan(paths, years, force)
    check_parameters(paths, planned)
    return planned


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
          timeout: float = TIMEOUT, strict: bool = False) -> BuildResult:
    """The whole path: validate, check, plan, execute what is stale, build the book aside, publish.

    One build at a time per project (BuildLock). Every process the build starts is stopped when
    it ends, fails or is interrupted (ProcessGuard). A failed file operation is a clear error.
    """
    jobs = check_limits(jobs, timeout)
    try:
        with BuildLock(paths, "build"), ProcessGuard() as guard:
            return _build(paths, years, jobs, force, timeout, guard, strict)
    except OSError as exc:
        raise os_error(exc, "build") from exc


def _build(paths: Paths, years: list[int] | None, jobs: int, force: bool, timeout: float,
           guard: ProcessGuard, strict: bool = False) -> BuildResult:
    from reportbook.site.sphinx_ext import write_toc

    began = time.perf_counter()
    years = validate_years(paths, years)
    check_templates(paths)
    planned = plan(paths, years, force)
    check_parameters(paths, planned)
    with JupyterBookProcess(paths) as book:  # warms up (imports, Vega bundle) while the work below runs
        check_years(paths, years, strict)
        executor = Executor(paths, jobs, force, guard, timeout)
        executor.execute(planned)
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
    result = executor.result(years)
    result.book, result.output = ("up to date" if up_to_date else "built"), final
    result.seconds = time.perf_counter() - began
    return result
