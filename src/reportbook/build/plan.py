"""The build plan: which notebooks a build produces, in which order, and why each is stale or fresh.

`plan()` only reads files (the templates, the data, book/manifest.json, the published notebooks);
it executes and writes nothing, so `reportbook build --dry-run` can print it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from pathlib import Path

from reportbook.build.cache import Manifest, papermill_digest, sha256_json, task_inputs
from reportbook.environment import NOTEBOOK_LIBRARIES, STACK
from reportbook.indicators.sections import SLUGS
from reportbook.inputs import ACROSS_YEARS, notebook_data
from reportbook.errors import ReportbookError
from reportbook.paths import Paths

# The pages of each year; `review` reads the others' papermill metadata, so it runs after them.
NOTEBOOKS: tuple[str, ...] = (*SLUGS, "source", "review")
# The pages a year's review reads; it is queued as soon as these are done for its year.
SIBLINGS: tuple[str, ...] = tuple(n for n in NOTEBOOKS if n != "review")
SCRATCH = "_build/.exec"  # where notebooks execute before they are published into book/


def place(name: str, year: int) -> str:
    """Where an executed notebook lives under book/ (and under the scratch folder)."""
    return f"{name}.ipynb" if name in ACROSS_YEARS else f"{year}/{name}.ipynb"


@dataclass(frozen=True)
class Task:
    """One notebook to produce: template × year, its parameters, its cache inputs and why it is stale."""

    name: str
    year: int
    parameters: dict
    inputs: dict
    reasons: tuple[str, ...] = ()    # empty: fresh, the published notebook is reused
    after: tuple[str, ...] = ()      # the places it reads, which must be done first

    @property
    def place(self) -> str:
        return place(self.name, self.year)

    @property
    def stale(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class Plan:
    """Every task of a build, by place, in the order the runner queues the ready ones."""

    years: list[int]
    tasks: dict[str, Task] = field(default_factory=dict)

    def sorter(self) -> TopologicalSorter:
        """A fresh, prepared dependency sorter over the tasks (a review after its year's siblings)."""
        graph = TopologicalSorter({p: t.after for p, t in self.tasks.items()})
        graph.prepare()
        return graph

    def queue_order(self, places) -> list[str]:
        """Ready places in queue order: year pages by year, then the across-years pages."""
        rank = {p: i for i, p in enumerate(self.tasks)}
        return sorted(places, key=rank.__getitem__)

    @property
    def stale(self) -> list[Task]:
        return [t for t in self.tasks.values() if t.stale]

    def lines(self) -> list[str]:
        """The plan as text, one task a line, in dependency order, with the reasons."""
        graph, out = self.sorter(), []
        while graph.is_active():
            ready = self.queue_order(graph.get_ready())
            for p in ready:
                task = self.tasks[p]
                what = f"run    {p:<28} {'; '.join(task.reasons)}" if task.stale else f"reuse  {p}"
                out.append(what + (f"  (after its {len(task.after)} siblings)" if task.after else ""))
            graph.done(*ready)
        return out


def reasons(manifest: Manifest, where: str, inputs: dict, output: Path, force: bool) -> tuple[str, ...]:
    """Why the notebook at `where` must be produced again; () when the published one is still good."""
    entry = manifest.data["notebooks"].get(where)
    if force:
        return ("forced",)
    if not entry or not output.is_file():
        return ("new",)
    if entry.get("key") == sha256_json(inputs) and manifest.fresh(where, entry["key"], output):
        return ()
    old = entry.get("inputs") or {}
    out = []
    if old.get("template") != inputs["template"]:
        out.append("template changed")
    if old.get("parameters") != inputs["parameters"]:
        out.append("parameters changed")
    before, now = old.get("data") or {}, inputs["data"]
    out += [f"{f} changed" for f in [*now, *sorted(set(before) - set(now))] if before.get(f) != now.get(f)]
    code_before, code = old.get("code") or {}, inputs["code"]
    if code_before.get("code") != code["code"] or code_before.get("reportbook") != code["reportbook"]:
        out.append("code changed")
    if code_before.get("python") != code["python"]:
        out.append(f"python {code_before.get('python')} -> {code['python']}")
    libraries = old.get("libraries") or {}
    out += [f"{lib} {libraries.get(lib, 'not recorded')} -> {v}" for lib, v in inputs["libraries"].items()
            if libraries.get(lib) != v]
    if old.get("siblings") != inputs.get("siblings"):
        out.append("a sibling's run record changed")
    if not out:
        out.append("output changed since it was built" if entry.get("key") == sha256_json(inputs)
                   else "inputs changed")
    return tuple(out)


def make_task(paths: Paths, manifest: Manifest, name: str, year: int, years: list[int], force: bool,
              executed: Path | None = None) -> Task:
    """One notebook's task. A review's inputs include its siblings' papermill records, read from
    `executed` (the scratch folder, once they are done) or else from the published notebooks
    (a missing one: as last recorded, since a rerun gives the same record unless its inputs changed)."""
    parameters: dict = {"year": year}
    extra, after = None, ()
    if name == "review":
        parameters["executed_dir"] = f"{SCRATCH}/{year}"
        folder = executed or paths.root / "book"
        recorded = ((manifest.data["notebooks"].get(place(name, year)) or {}).get("inputs") or {}).get("siblings", {})
        extra = {"siblings": {n: papermill_digest(folder / place(n, year)) if (folder / place(n, year)).is_file()
                              else "absent" if executed else recorded.get(n, "absent") for n in SIBLINGS}}
        after = tuple(place(n, year) for n in SIBLINGS)
    files = notebook_data(name, year, years)
    libraries = STACK if name == "review" else NOTEBOOK_LIBRARIES  # the review page lists the whole stack
    inputs = task_inputs(paths, f"notebooks/{name}.ipynb", parameters, files, extra, libraries)
    output = paths.root / "book" / place(name, year)
    return Task(name, year, parameters, inputs, reasons(manifest, place(name, year), inputs, output, force), after)


def plan(paths: Paths, years: list[int], force: bool = False) -> Plan:
    """Every notebook of a build of `years` with its staleness; reads files, writes nothing.

    A review is planned from the published siblings; the runner plans it again when its siblings
    are done (`make_task(..., executed=scratch)`), since a rerun sibling may leave a new record.
    The trends page reads every year's data but no executed notebook: it needs no edge, and is
    queued after every year's pages.
    """
    manifest = Manifest(paths)
    out = Plan(list(years))
    for year in years:
        for name in NOTEBOOKS:
            task = make_task(paths, manifest, name, year, years, force)
            out.tasks[task.place] = task
    for name in ACROSS_YEARS:
        task = make_task(paths, manifest, name, max(years), years, force)
        out.tasks[task.place] = task
    return out


def check_parameters(paths: Paths, planned: Plan) -> None:
    """Every parameter a task passes must be declared in its template's `parameters` cell (read with
    papermill's notebook inspection), so that a missing or misspelt one stops the build before any
    kernel starts. Only the tasks that will run are checked (a no-op build does not import papermill)."""
    stale = [task for task in planned.tasks.values() if task.stale]
    if not stale:
        return
    from papermill import inspect_notebook

    declared: dict[str, set[str]] = {}
    for task in stale:
        where = f"notebooks/{task.name}.ipynb"
        if task.name not in declared:
            try:
                declared[task.name] = set(inspect_notebook(str(paths.root / where)))
            except Exception as exc:  # unreadable notebook, unparsable parameters cell
                raise ReportbookError(f"cannot read the parameters: {type(exc).__name__}: {exc}", where,
                                      "regenerate the templates: `python -m reportbook.build.templates`") from None
        missing = sorted(set(task.parameters) - declared[task.name])
        if missing:
            raise ReportbookError(
                f"the build passes the parameter(s) {', '.join(missing)}, which the cell tagged `parameters` does "
                f"not declare (it declares: {', '.join(sorted(declared[task.name])) or 'nothing'})", where,
                "declare them in that cell, or regenerate the templates: `python -m reportbook.build.templates`")
