"""Execute one notebook template for one year with papermill, and make the result reproducible."""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

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


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove run-to-run noise: timings, random cell ids (replaced by content-derived ids)."""
    meta = nb.metadata.get("papermill", {})
    for key in VOLATILE_NOTEBOOK:
        meta.pop(key, None)
    for index, cell in enumerate(nb.cells):
        cell_meta = cell.metadata.get("papermill", {})
        for key in VOLATILE_CELL:
            cell_meta.pop(key, None)
        cell.metadata.pop("execution", None)
        digest = hashlib.sha256(f"{index}\n{cell.source}".encode()).hexdigest()[:8]
        cell["id"] = f"cell-{index}-{digest}"
    return nb


def write_normalized(path: Path) -> None:
    """Rewrite an executed notebook in normalized, stable JSON."""
    nb = normalize(nbformat.read(path, as_version=4))
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def execute(template: Path, output: Path, year: int, cwd: Path) -> NotebookRun:
    """Run `template` with parameter `year` into `output`; never raises for a failing cell."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(template), str(output), parameters={"year": year}, kernel_name="python3",
            cwd=str(cwd), progress_bar=False, log_output=False, shutdown_kernel="immediate",
        )
    except PapermillExecutionError as exc:
        message = (f"{template.name} (year {year}) failed in cell {exc.exec_count or exc.cell_index}: "
                   f"{exc.ename}: {exc.evalue}")
        return NotebookRun(template.stem, year, output, "failed", time.perf_counter() - began, message)
    except Exception as exc:  # kernel could not start, template unreadable, ...
        message = f"{template.name} (year {year}) could not run: {type(exc).__name__}: {exc}"
        return NotebookRun(template.stem, year, output, "failed", time.perf_counter() - began, message)
    write_normalized(output)
    return NotebookRun(template.stem, year, output, "completed", time.perf_counter() - began)
