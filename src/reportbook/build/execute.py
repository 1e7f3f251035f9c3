"""Execute one notebook template for one year with papermill, and make the result reproducible."""
from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

from reportbook.build.cache import json_text
from reportbook.files import write_atomic
from reportbook.paths import ROOT_VARIABLE

TIMEOUT = 300  # seconds one notebook may run, all its cells together (`reportbook build --timeout`)

# Metadata that changes on every run and carries no meaning for the reader.
VOLATILE_NOTEBOOK = ("start_time", "end_time", "duration")
VOLATILE_CELL = ("start_time", "end_time", "duration", "exception")


@dataclass(frozen=True)
class NotebookRun:
    """The outcome of executing one notebook."""

    name: str
    year: int
    output: Path
    status: str          # completed | failed
    seconds: float
    error: str = ""      # for failures: notebook, cell and error


def normalize(nb: nbformat.NotebookNode, year: int, input_path: str, output_path: str) -> nbformat.NotebookNode:
    """Remove run-to-run noise (timings, random cell ids, machine paths); put the year in `{year}` titles."""
    meta = nb.metadata.get("papermill", {})
    for key in VOLATILE_NOTEBOOK:
        meta.pop(key, None)
    meta["input_path"], meta["output_path"] = input_path, output_path
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace("{year}", str(year))
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]  # readers don't see parameter cells
        cell_meta = cell.metadata.get("papermill", {})
        for key in VOLATILE_CELL:
            cell_meta.pop(key, None)
        cell.metadata.pop("execution", None)
        digest = hashlib.sha256(f"{index}\n{cell.source}".encode()).hexdigest()[:8]
        cell["id"] = f"cell-{index}-{digest}"
    return nb


def write_normalized(path: Path, year: int, input_path: str, output_path: str) -> None:
    """Rewrite an executed notebook in normalized, stable JSON."""
    nb = normalize(nbformat.read(path, as_version=4), year, input_path, output_path)
    write_atomic(path, json_text(nb))


@contextmanager
def kernel_root(root: Path):
    """The kernel reads the project being built, whatever $REPORTBOOK_ROOT said outside the build."""
    saved = os.environ.get(ROOT_VARIABLE)
    os.environ[ROOT_VARIABLE] = str(root)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(ROOT_VARIABLE, None)
        else:
            os.environ[ROOT_VARIABLE] = saved


KERNEL_STARTS = 3  # attempts to start a kernel that dies before its first cell


class Deadline:
    """nbclient's per-cell timeout, fed from one deadline for the whole notebook."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.cell = None  # the cell being executed

    def __call__(self, cell) -> float:
        self.cell = cell
        return max(self.end - time.monotonic(), 0.1)  # 0 or less would mean "no limit" to nbclient

    def describe(self, output: Path) -> str:
        """The cell that was running, as "N (`its first line`)", N counted in the executed notebook."""
        if self.cell is None:
            return "?"
        first = next((line for line in self.cell.source.splitlines() if line.strip()), "")
        index = "?"
        try:
            ids = [c.get("id") for c in nbformat.read(output, as_version=4).cells]
            index = str(ids.index(self.cell.get("id")))
        except Exception:
            pass
        return f"{index} (`{first[:60]}`)"


def execute(template: Path, output: Path, parameters: dict, cwd: Path, final: str,
            timeout: float = TIMEOUT) -> NotebookRun:
    """Run `template` with `parameters` (year, ...) into `output`; never raises for a failing cell.

    `final` is where the notebook will be published, relative to the project (recorded in its
    metadata). The whole notebook gets `timeout` seconds; past that its kernel is stopped.
    """
    year = parameters["year"]
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    deadline = Deadline(timeout)
    try:
        with kernel_root(cwd):
            for attempt in range(1, KERNEL_STARTS + 1):
                try:
                    papermill.execute_notebook(
                        str(template), str(output), parameters=parameters, kernel_name="python3",
                        cwd=str(cwd), progress_bar=False, log_output=False, shutdown_kernel="immediate",
                        timeout_func=deadline,
                    )
                    break
                except RuntimeError as exc:
                    # a kernel that dies while starting (a port taken between jupyter_client's choice and the
                    # kernel's bind, a machine under load) has run no cell: starting it again changes nothing
                    if deadline.cell is not None or "kernel" not in str(exc).lower() or attempt == KERNEL_STARTS:
                        raise
                    time.sleep(0.5 * attempt)
    except CellTimeoutError:
        message = (f"{template.name} (year {year}) timed out in cell {deadline.describe(output)}: "
                   f"the notebook ran longer than {timeout:g} s (`reportbook build --timeout SECONDS` sets the limit)")
        return NotebookRun(template.stem, year, output, "failed", time.perf_counter() - began, message)
    except PapermillExecutionError as exc:
        message = (f"{template.name} (year {year}) failed in cell {exc.exec_count or exc.cell_index}: "
                   f"{exc.ename}: {exc.evalue}")
        return NotebookRun(template.stem, year, output, "failed", time.perf_counter() - began, message)
    except Exception as exc:  # kernel could not start, template unreadable, ...
        message = f"{template.name} (year {year}) could not run: {type(exc).__name__}: {exc}"
        return NotebookRun(template.stem, year, output, "failed", time.perf_counter() - began, message)
    write_normalized(output, year, f"notebooks/{template.name}", final)
    return NotebookRun(template.stem, year, output, "completed", time.perf_counter() - began)
