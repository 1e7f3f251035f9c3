#!/usr/bin/env python
"""Benchmark `reportbook build` against Jupyter Book's own execution, on the same notebooks.

Run by hand (not part of the test suite), with the project's virtual environment:

    /work/main/.venv/bin/python benchmarks/run.py [--runs N] [--jobs J] [--keep]

Measures, each in a fresh temporary copy of the project unless said otherwise:

  (a) `reportbook build`, cold (no _build/, no book/<year>/, no manifest);
  (b) `jupyter-book build` with `execute_notebooks: force` of a book whose pages are the templates;
  (c) the same with `execute_notebooks: cache` (empty jupyter cache);
  (d) `reportbook build` again with nothing changed (in the folder of the last (a) run);
  (e) `reportbook build` after changing a figure of 2023 in a 2022+2023 project, and what executed;
  (f) cold `reportbook build` with 1, 4 and 8 years of data (synthetic copies of 2022).

Prints progress and a table of medians; writes the table to benchmarks/results.md.
See benchmarks/README.md for what each number means.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
REPORTBOOK = BIN / "reportbook"
JUPYTER_BOOK = BIN / "jupyter-book"
FIXTURE = REPO / "tests" / "fixtures" / "synthetic_2023.txt"

YEAR = 2022                   # the year of the real data; the templates' default parameter
CHANGED_YEAR = 2023           # the year added and edited in (e)
JB_PAGES = "book/jbforce"     # where the Jupyter Book pages (copies of the templates) go
JB_EXECUTED = f"_build/jupyter_execute/{JB_PAGES}"  # where Jupyter Book writes executed copies
SCALING_YEARS = (1, 4, 8)
D_TARGET = 2.5                # seconds: a build with nothing changed

JB_EXECUTED_LINE = re.compile(r"^(\S+\.ipynb): Executed notebook in ([\d.]+) seconds", re.M)
JB_FAILED_LINE = re.compile(r"^.*(Executing notebook failed|Execution Failed|CellExecutionError).*$", re.M)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def say(text: str = "") -> None:
    """Progress on stdout, flushed at once (the run is usually followed through a log file)."""
    print(text, flush=True)


# --- measurements ----------------------------------------------------------------------------


@dataclass
class Timed:
    """One subprocess call: its wall time and what it printed."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def tail(self, lines: int = 15) -> str:
        return "\n".join((self.stdout + self.stderr).strip().splitlines()[-lines:])


@dataclass
class Step:
    """The runs of one measurement: times, notes for the report, and failures."""

    key: str
    title: str
    times: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    def record(self, run: int, runs: int, timed: Timed, detail: str = "") -> None:
        """Keep a successful run's time; keep a failed run's error. Print either."""
        label = f"[{self.key}] run {run}/{runs}"
        if timed.ok:
            self.times.append(timed.seconds)
            say(f"  {label}: {timed.seconds:.2f} s{'  ' + detail if detail else ''}")
        else:
            self.failures.append(f"run {run}: exit {timed.returncode}: {timed.tail(5)}")
            say(f"  {label}: FAILED (exit {timed.returncode}) after {timed.seconds:.2f} s\n{timed.tail()}")


class Bench:
    """The working folder, the snapshot of the project, and the environment of every command."""

    def __init__(self, work: Path, jobs: int | None):
        self.work = work
        self.jobs = jobs
        self.code = work / "code"        # snapshot of src/ (PYTHONPATH of every command)
        self.source = work / "source"    # snapshot of the project's inputs
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.counter = 0
        self.env = dict(os.environ)

    def snapshot(self) -> None:
        """Freeze the code and inputs under test, so that edits made meanwhile do not leak in.

        The package is installed in editable mode from src/; putting a copy first on PYTHONPATH
        makes `reportbook`, the papermill kernels and Jupyter Book's `reportbook.site.sphinx_ext` all
        import the same code for the whole run (and keeps the cache keys stable between runs).
        """
        shutil.copytree(REPO / "src" / "reportbook", self.code / "reportbook",
                        ignore=shutil.ignore_patterns("__pycache__"))
        sys.path.insert(0, str(self.code))
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in (str(self.code), os.environ.get("PYTHONPATH")) if p)
        self.env.pop("REPORTBOOK_ROOT", None)  # every project is found from --root or the cwd
        from reportbook.build.verify import copy_inputs

        copy_inputs(REPO, self.source)  # inputs only: nothing generated (no manifest, no executed notebook)
        shutil.copy2(FIXTURE, self.work / FIXTURE.name)

    def fresh(self, name: str) -> Path:
        """A fresh copy of the project's inputs."""
        self.counter += 1
        root = self.work / f"{self.counter:02d}-{name}"
        shutil.copytree(self.source, root)
        return root

    def run(self, command: list[str], cwd: Path, label: str) -> Timed:
        """Run a command, timed with perf_counter; its output goes to logs/<label>.log too."""
        began = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=self.env, capture_output=True, text=True)
        seconds = time.perf_counter() - began
        log = self.logs / f"{label}.log"
        log.write_text(f"$ {' '.join(command)}\n# cwd {cwd}\n# exit {done.returncode} in {seconds:.2f} s\n"
                       f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}", encoding="utf-8")
        return Timed(seconds, done.returncode, ANSI.sub("", done.stdout), ANSI.sub("", done.stderr))

    def reportbook(self, root: Path, label: str, *args: str) -> Timed:
        """`reportbook --root ROOT ARGS...`; `build` gets --jobs when one was asked for."""
        extra = ["--json"] if args and args[0] == "build" else []
        extra += ["--jobs", str(self.jobs)] if args and args[0] == "build" and self.jobs else []
        return self.run([str(REPORTBOOK), "--root", str(root), *args, *extra], root, label)

    def jupyter_book(self, root: Path, label: str) -> Timed:
        """`jupyter-book build ROOT` from the project folder (the book's _build/ lands in it)."""
        return self.run([str(JUPYTER_BOOK), "build", str(root)], root, label)

    def discard(self, root: Path, keep: bool) -> None:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def result(timed: Timed) -> dict | None:
    """The result object of `reportbook build --json` (its last stdout line); None if it failed."""
    try:
        return json.loads(timed.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return None


def summary(timed: Timed) -> tuple[int, int] | None:
    """(executed, reused) from the build's result."""
    found = result(timed)
    return (len(found["executed"]), len(found["reused"])) if found else None


def executed_places(timed: Timed) -> list[str]:
    """The notebooks a build executed, from its result."""
    found = result(timed)
    return [e["place"] for e in found["executed"]] if found else []


# --- project set-ups ---------------------------------------------------------------------------


def set_parameter(source: str, name: str, literal: str) -> tuple[str, int]:
    """Replace `name = ...` (keeping a trailing comment) in a parameters cell's source."""
    return re.subn(rf"^{name}\s*=\s*[^#\n]*?(\s*#|$)", rf"{name} = {literal}\1", source, flags=re.M)


def jb_page(template: Path, target: Path) -> None:
    """Copy a template as a Jupyter Book page, its parameters set for execution under Jupyter Book.

    `year` is pinned to YEAR. The review template lists the executed notebooks of its year from
    `executed_dir`; under Jupyter Book that is the folder where it writes executed copies.
    """
    nb = json.loads(template.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            source, _ = set_parameter(source, "year", str(YEAR))
            source, _ = set_parameter(source, "executed_dir", repr(JB_EXECUTED))
            cell["source"] = source
    target.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def make_jb_book(root: Path, mode: str, skip: list[str]) -> list[str]:
    """Turn a project copy into a Jupyter Book of the templates, executed by Jupyter Book.

    The pages sit inside the project (book/jbforce/) so that the templates find data/catalog.yml
    upward from their working directory, as they do under papermill. The toc is the real one for
    YEAR with the executed notebooks replaced by the template copies; the md pages stay.
    Returns the templates used.
    """
    from reportbook.site.sphinx_ext import toc_text

    pages = root / JB_PAGES
    pages.mkdir(parents=True)
    used = [t.stem for t in sorted((root / "notebooks").glob("*.ipynb")) if t.stem not in skip]
    for name in used:
        jb_page(root / "notebooks" / f"{name}.ipynb", pages / f"{name}.ipynb")
    toc = (toc_text([YEAR]).replace(f"file: book/{YEAR}/", f"file: {JB_PAGES}/")
           .replace("file: book/trends", f"file: {JB_PAGES}/trends"))
    toc = "\n".join(line for line in toc.splitlines()
                    if not any(line.endswith(f"file: {JB_PAGES}/{name}") for name in skip)) + "\n"
    (root / "_toc.yml").write_text(toc, encoding="utf-8")
    config = root / "_config.yml"
    text, count = re.subn(r'^(\s*execute_notebooks:\s*)"?\w+"?', rf"\g<1>{mode}",
                          config.read_text(encoding="utf-8"), flags=re.M)
    if count != 1:
        raise RuntimeError(f"expected one execute_notebooks: line in {config}, found {count}")
    config.write_text(text, encoding="utf-8")
    return used


def add_synthetic_years(bench: Bench, root: Path, count: int) -> None:
    """Add `count` synthetic years after YEAR: copies of YEAR's report and curation, extracted."""
    reports = root / "data" / "reports"
    years = [YEAR + i for i in range(1, count + 1)]
    for year in years:
        shutil.copy2(reports / f"{YEAR}.txt", reports / f"{year}.txt")
        curation, n = re.subn(rf"^(\s*year:\s*){YEAR}\s*$", rf"\g<1>{year}",
                              (reports / f"{YEAR}.yml").read_text(encoding="utf-8"), count=1, flags=re.M)
        if n != 1:
            raise RuntimeError(f"no `year: {YEAR}` line in {reports / f'{YEAR}.yml'}")
        (reports / f"{year}.yml").write_text(curation, encoding="utf-8")
    if years:
        done = bench.reportbook(root, f"{root.name}-extract", "extract", *map(str, years))
        if not done.ok:
            raise RuntimeError(f"reportbook extract failed:\n{done.tail()}")


def change_a_figure(root: Path, year: int) -> str:
    """Change the first decimal figure in 亿元 of a year's report text; return 'old -> new'."""
    report = root / "data" / "reports" / f"{year}.txt"
    text = report.read_text(encoding="utf-8")
    found = re.search(r"\d+\.(\d)(\d*)亿元", text)
    if not found:
        raise RuntimeError(f"no figure in 亿元 in {report}")
    old = found[0]
    new = old[: found.start(1) - found.start()] + str((int(found[1]) + 1) % 10) + old[found.end(1) - found.start():]
    report.write_text(text[: found.start()] + new + text[found.end():], encoding="utf-8")
    return f"{old} -> {new}"


# --- the steps ---------------------------------------------------------------------------------


def step_a(bench: Bench, runs: int, keep: bool) -> tuple[Step, Path | None]:
    """(a) cold `reportbook build`; returns the folder of the last good run for (d)."""
    step = Step("a", f"`reportbook build`, cold ({YEAR})")
    last = None
    for run in range(1, runs + 1):
        root = bench.fresh("a-cold")
        timed = bench.reportbook(root, f"a-{run}", "build")
        counts = summary(timed)
        step.record(run, runs, timed, f"({counts[0]} executed, {counts[1]} reused)" if counts else "")
        if timed.ok and counts and counts[1]:
            step.failures.append(f"run {run}: {counts[1]} notebooks reused in a cold build")
        if timed.ok:  # keep the last good build for (d)
            if last is not None:
                bench.discard(last, keep)
            last = root
        else:
            bench.discard(root, keep)
    if step.times:
        step.notes.append(f"{counts[0] if counts else '?'} notebooks executed per build")
    return step, last


def step_jb(bench: Bench, key: str, mode: str, runs: int, skip: list[str], keep: bool) -> Step:
    """(b)/(c) `jupyter-book build` executing the templates itself, in `mode` (force or cache)."""
    step = Step(key, f"`jupyter-book build`, `execute_notebooks: {mode}`" + (" (empty cache)" if mode == "cache" else ""))
    for run in range(1, runs + 1):
        root = bench.fresh(f"{key}-jb-{mode}")
        used = make_jb_book(root, mode, skip)
        timed = bench.jupyter_book(root, f"{key}-{run}")
        log = timed.stdout + timed.stderr
        executed = JB_EXECUTED_LINE.findall(log)
        failed = JB_FAILED_LINE.findall(log)
        seconds = sum(float(s) for _, s in executed)
        step.record(run, runs, timed, f"({len(executed)} of {len(used)} notebooks executed, "
                                      f"{seconds:.1f} s of it in kernels)")
        if timed.ok and (len(executed) != len(used) or failed):
            step.failures.append(f"run {run}: {len(executed)}/{len(used)} executed; failures: {failed or 'none'}")
        if run == runs:
            if mode == "cache":
                step.notes.append(f"{log.count('Cached executed notebook')} notebooks stored in the new jupyter cache; "
                                  f"{log.count('Using cached notebook')} taken from it")
            step.notes.append(f"pages: {len(used)} templates ({', '.join(used)}) + the book's md pages")
            if skip:
                step.notes.append(f"left out (do not run under Jupyter Book): {', '.join(skip)}")
            review = root / JB_EXECUTED / "review.ipynb"
            if review.is_file():
                rows = re.findall(r"<tr><td><code>(\w+)\.ipynb", review.read_text(encoding="utf-8"))
                step.notes.append(f"review ran; its runs table saw {len(rows)} executed siblings "
                                  f"({', '.join(dict.fromkeys(rows))}): Jupyter Book runs pages in name order")
        bench.discard(root, keep)
    return step


def step_d(bench: Bench, root: Path | None, runs: int, keep: bool) -> Step:
    """(d) `reportbook build` with nothing changed, in the folder of the last (a) build."""
    step = Step("d", "`reportbook build`, nothing changed (after a build, same folder)")
    if root is None:
        step.failures.append("no successful build from (a) to rebuild")
        return step
    for run in range(1, runs + 1):
        timed = bench.reportbook(root, f"d-{run}", "build")
        counts = summary(timed)
        up_to_date = bool(result(timed)) and result(timed)["book"] == "up to date"
        step.record(run, runs, timed, f"({counts[0]} executed, {counts[1]} reused, "
                                      f"book {'up to date' if up_to_date else 'REBUILT'})" if counts else "")
        if timed.ok:
            step.extra.setdefault("states", []).append((run, timed.seconds, bool(counts and not counts[0]), up_to_date))
        if timed.ok and (not counts or counts[0] or not up_to_date):
            step.failures.append(f"run {run}: not a no-op ({timed.seconds:.2f} s): "
                                 f"{' '.join(timed.stdout.strip().splitlines()[-1:])}")
    step.notes.append(f"the {runs} runs follow the last cold build of (a) in its folder, one after the other")
    bench.discard(root, keep)
    return step


def step_e(bench: Bench, runs: int, keep: bool) -> Step:
    """(e) `reportbook build` after changing one figure of CHANGED_YEAR in a two-year project."""
    step = Step("e", f"`reportbook build` after changing a {CHANGED_YEAR} figure ({YEAR}+{CHANGED_YEAR})")
    expected = None
    for run in range(1, runs + 1):
        root = bench.fresh("e-change")
        added = bench.reportbook(root, f"e-{run}-add-year", "add-year", str(CHANGED_YEAR),
                                 str(bench.work / FIXTURE.name))
        first = bench.reportbook(root, f"e-{run}-first-build", "build") if added.ok else added
        if not first.ok:
            step.failures.append(f"run {run}: set-up failed: {first.tail(5)}")
            say(f"  [e] run {run}/{runs}: set-up FAILED\n{first.tail()}")
            bench.discard(root, keep)
            continue
        change = change_a_figure(root, CHANGED_YEAR)
        extracted = bench.reportbook(root, f"e-{run}-extract", "extract", str(CHANGED_YEAR))
        timed = bench.reportbook(root, f"e-{run}", "build") if extracted.ok else extracted
        places = executed_places(timed)
        if expected is None:
            from reportbook.build.plan import ACROSS_YEARS, NOTEBOOKS, place

            expected = {place(n, CHANGED_YEAR) for n in NOTEBOOKS} | {place(n, CHANGED_YEAR) for n in ACROSS_YEARS}
        step.record(run, runs, timed, f"(first build {first.seconds:.1f} s; changed {change}; "
                                      f"{len(places)} executed)")
        step.extra.setdefault("executed", []).append(sorted(places))
        if run == runs:
            step.notes.append(f"change made: data/reports/{CHANGED_YEAR}.txt {change}, then "
                              f"`reportbook extract {CHANGED_YEAR}`; the untimed first build was {first.seconds:.1f} s")
        if timed.ok and set(places) != expected:
            step.failures.append(f"run {run}: executed {sorted(places)}, expected {sorted(expected)}")
        bench.discard(root, keep)
    step.extra["expected"] = sorted(expected or [])
    return step


def step_f(bench: Bench, runs: int, runs_8: int | None, budget: float, began: float, keep: bool) -> list[Step]:
    """(f) cold `reportbook build` with 1, 4 and 8 years; fewer 8-year runs if over budget."""
    steps = []
    setup: list[float] = []
    for years in SCALING_YEARS:
        step = Step(f"f{years}", f"`reportbook build`, cold, {years} year{'s' * (years > 1)}")
        count = runs
        if years == max(SCALING_YEARS):
            count = runs_8 if runs_8 else fit_budget(steps, setup, runs, budget, time.perf_counter() - began, step)
        for run in range(1, count + 1):
            started = time.perf_counter()
            root = bench.fresh(f"f-{years}y")
            try:
                add_synthetic_years(bench, root, years - 1)
            except RuntimeError as exc:
                step.failures.append(f"run {run}: set-up failed: {exc}")
                say(f"  [{step.key}] run {run}/{count}: set-up FAILED: {exc}")
                bench.discard(root, keep)
                continue
            setup.append(time.perf_counter() - started)
            timed = bench.reportbook(root, f"f{years}-{run}", "build")
            counts = summary(timed)
            step.record(run, count, timed, f"({counts[0]} executed)" if counts else "")
            bench.discard(root, keep)
        step.extra["years"] = years
        steps.append(step)
    return steps


def fit_budget(done: list[Step], setup: list[float], runs: int, budget: float, elapsed: float, step: Step) -> int:
    """How many 8-year runs fit in what is left of the budget (at least 1), extrapolating 4 years."""
    previous = done[-1].median if done and done[-1].median else None
    if previous is None:
        return runs
    estimate = 2 * (previous + (statistics.median(setup) if setup else 0))
    fits = max(1, int((budget - elapsed) // estimate))
    if fits < runs:
        step.notes.append(f"N = {fits} instead of {runs} to stay within the {budget / 60:.0f}-minute budget "
                          f"(elapsed {elapsed / 60:.1f} min, about {estimate:.0f} s per run)")
        say(f"  [{step.key}] budget: {fits} run(s) instead of {runs} (elapsed {elapsed / 60:.1f} min, "
            f"~{estimate:.0f} s per run, budget {budget / 60:.0f} min)")
        return fits
    return runs


# --- the report --------------------------------------------------------------------------------


def fmt(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.2f}"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def verdict(met: bool | None) -> str:
    return "n/a (missing data)" if met is None else ("**met**" if met else "**NOT met**")


def no_op_detail(step: Step) -> str:
    """For (d): the slowest run, and which runs executed notebooks or rebuilt the HTML."""
    states = step.extra.get("states", [])
    if not states:
        return ""
    slow = max(seconds for _, seconds, _, _ in states)
    busy = [f"run {run} ({seconds:.2f} s: {'notebooks executed' if not none_ran else 'HTML rebuilt'})"
            for run, seconds, none_ran, fresh in states if not (none_ran and fresh)]
    return (f"; slowest run {slow:.2f} s ({'under' if slow < D_TARGET else 'over'} target); "
            + (f"not a no-op: {', '.join(busy)}" if busy else "every run was a no-op (0 executed, book up to date)"))


def report(steps: dict[str, Step], context: dict) -> str:
    """The Markdown report: medians, ratios, targets, what ran, notes and failures."""
    lines = [f"# reportbook benchmark — {context['date']}", "",
             f"Machine: {context['machine']}. Code: {context['code']}. "
             f"`reportbook build --jobs`: {context['jobs']}. Whole run: {context['wall'] / 60:.1f} min.", "",
             "| step | what | runs | median (s) | all runs (s) |", "| --- | --- | ---: | ---: | --- |"]
    for step in steps.values():
        runs = ", ".join(f"{t:.2f}" for t in step.times) or "—"
        failed = f" ({len(step.failures)} problem(s))" if step.failures else ""
        lines.append(f"| ({step.key}) | {step.title} | {len(step.times)}{failed} | {fmt(step.median)} | {runs} |")

    a, b, c, d = (steps[k].median for k in "abcd")
    e = steps["e"]
    f = {s.extra["years"]: s.median for s in steps.values() if "years" in s.extra}
    lines += ["", "## Ratios and targets", "",
              f"- (a)/(b) reportbook cold / Jupyter Book force: **{fmt(ratio(a, b))}** (< 1: reportbook faster) "
              f"({fmt(a)} s vs {fmt(b)} s)",
              f"- (a)/(c) reportbook cold / Jupyter Book cache (cold): **{fmt(ratio(a, c))}** (< 1: reportbook faster) "
              f"({fmt(a)} s vs {fmt(c)} s)",
              f"- (d) no-change build: median **{fmt(d)} s** (target < {D_TARGET} s): "
              f"{verdict(None if d is None else d < D_TARGET)}{no_op_detail(steps['d'])}"]
    runs_e = e.extra.get("executed", [])
    same = all(r == e.extra.get("expected") for r in runs_e) if runs_e else None
    lines.append(f"- (e) after changing {CHANGED_YEAR}: {fmt(e.median)} s; executed "
                 f"{len(runs_e[0]) if runs_e else '?'} notebooks: {', '.join(runs_e[0]) if runs_e else '—'}; "
                 f"expected only {CHANGED_YEAR}'s notebooks and the across-years trends: {verdict(same)}"
                 + ("" if not runs_e or all(r == runs_e[0] for r in runs_e) else " (runs differed: see failures)"))
    per_year = ", ".join(f"{n} y: {fmt(t)} s total, {fmt(None if t is None else t / n)} s/year" for n, t in f.items())
    growth = ratio(f.get(8), f.get(1))
    lines += [f"- (f) scaling: {per_year}",
              f"- (f) t(8)/t(1) = **{fmt(growth)}** vs 8 (linear); target t(8)/t(1) ≤ 8, i.e. no faster than "
              f"linear growth: {verdict(None if growth is None else growth <= 8)}"]
    notes = [f"({s.key}) {n}" for s in steps.values() for n in s.notes]
    problems = [f"({s.key}) {p}" for s in steps.values() for p in s.failures]
    lines += ["", "## Notes", "", *(f"- {n}" for n in notes + context["notes"])]
    lines += ["", "## Failures and anomalies", "", *(f"- {p}" for p in problems or ["none"])]
    return "\n".join(lines) + "\n"


def machine() -> str:
    """CPU model and count, for the report."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPU(s), {model}, Python {platform.python_version()}"


def code_state() -> str:
    """The commit, whether the tracked inputs differ from it, and the hash of the snapshot's code."""
    from reportbook.build.cache import code_fingerprint

    def git(*args: str) -> str:
        done = subprocess.run(["git", "--no-optional-locks", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else "?"

    dirty = git("status", "--porcelain", "--", "src", "notebooks", "data", "book", "_config.yml")
    return (f"commit {git('rev-parse', '--short', 'HEAD')}"
            f"{' + uncommitted changes in ' + str(len(dirty.splitlines())) + ' file(s)' if dirty else ''}, "
            f"snapshot code hash {code_fingerprint()['code'][:12]}")


# --- main --------------------------------------------------------------------------------------


def arguments(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", "-n", type=int, default=3, help="runs per measurement, medians reported (default 3)")
    p.add_argument("--runs-8", type=int, default=None,
                   help="runs of the 8-year build (default: --runs, fewer if the budget would be exceeded)")
    p.add_argument("--budget-minutes", type=float, default=25.0, help="time budget of the whole run (default 25)")
    p.add_argument("--jobs", type=int, default=None, help="passed to `reportbook build --jobs` (default: cores)")
    p.add_argument("--jb-skip", action="append", default=[], metavar="TEMPLATE",
                   help="leave a template out of (b) and (c), e.g. one that cannot run under Jupyter Book")
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results.md",
                   help="where to write the Markdown table (default benchmarks/results.md)")
    p.add_argument("--workdir", type=Path, default=None, help="scratch folder (default: a new one in /tmp)")
    p.add_argument("--keep", action="store_true", help="keep every project copy (default: only the logs)")
    return p.parse_args(argv)


def attempt(key: str, title: str, runner) -> list[Step]:
    """Run one measurement; an unexpected error becomes a failed step, and the others still run."""
    try:
        return runner()
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
        say(f"  [{key}] ERROR: {type(exc).__name__}: {exc}")
        return [Step(key, title, failures=[f"{type(exc).__name__}: {exc}"])]


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    began = time.perf_counter()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="reportbook-bench-"))
    bench = Bench(work, args.jobs)
    say(f"reportbook benchmark: N = {args.runs}, scratch folder {work}, logs in {bench.logs}")
    bench.snapshot()
    context = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(), "code": code_state(),
               "jobs": args.jobs or f"default ({os.cpu_count()})",
               "notes": ["every reportbook/jupyter-book command imports a snapshot of src/ taken at the start "
                         "(PYTHONPATH), and every project copy is made from a snapshot of the inputs",
                         "reportbook executes in a process pool (--jobs); Jupyter Book executes one notebook "
                         "at a time",
                         "cold = a fresh copy of the inputs (reportbook.build.verify.copy_inputs): no _build/, "
                         "no executed notebook, no book/manifest.json, no Vega bundle",
                         f"scratch folder and per-command logs: {work}"]}
    steps: dict[str, Step] = {}
    built: list[Path | None] = [None]

    def run_a() -> list[Step]:
        step, built[0] = step_a(bench, args.runs, args.keep)
        return [step]

    plan = [
        ("a", "reportbook build, cold", run_a),
        ("b", "jupyter-book build, execute_notebooks: force",
         lambda: [step_jb(bench, "b", "force", args.runs, args.jb_skip, args.keep)]),
        ("c", "jupyter-book build, execute_notebooks: cache (empty cache)",
         lambda: [step_jb(bench, "c", "cache", args.runs, args.jb_skip, args.keep)]),
        ("d", "reportbook build, nothing changed", lambda: [step_d(bench, built[0], args.runs, args.keep)]),
        ("e", f"reportbook build after changing {CHANGED_YEAR} ({YEAR}+{CHANGED_YEAR} project)",
         lambda: [step_e(bench, args.runs, args.keep)]),
        ("f", f"reportbook build, cold, {', '.join(map(str, SCALING_YEARS))} years",
         lambda: step_f(bench, args.runs, args.runs_8, args.budget_minutes * 60, began, args.keep)),
    ]
    for key, title, runner in plan:
        say(f"\n({key}) {title}  [{(time.perf_counter() - began) / 60:.1f} min elapsed]")
        for step in attempt(key, title, runner):
            steps[step.key] = step
    for years in SCALING_YEARS:  # the report expects every scaling row, even after a crash in (f)
        steps.setdefault(f"f{years}", Step(f"f{years}", f"{years} years", extra={"years": years}))

    context["wall"] = time.perf_counter() - began
    text = report(steps, context)
    args.out.write_text(text, encoding="utf-8")
    say("\n" + text)
    say(f"written to {args.out}")
    if not args.keep:
        for folder in work.iterdir():
            if folder.is_dir() and folder != bench.logs:
                shutil.rmtree(folder, ignore_errors=True)
    return 1 if any(s.failures or not s.times for s in steps.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
