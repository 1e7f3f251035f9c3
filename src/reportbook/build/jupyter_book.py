"""Jupyter Book in a subprocess that starts early: it warms up while the notebooks execute.

A cold Jupyter Book build spends about 4 s before it reads a page: importing Sphinx and its
extensions, loading jieba's dictionary (for Chinese search), and writing the Vega bundle when it
is missing (reportbook.site.sphinx_ext). None of that depends on the notebooks, so `reportbook build`
starts this process first; it does that work on the CPU time the notebook kernels leave idle,
then waits for the word to build. The build itself is `jupyter-book build` as a user would run
it, always cold, into `_build/.next`. (A process, not a thread: the notebook pool forks, and a
fork while a thread holds the import lock deadlocks.)
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from reportbook.errors import OS_FIXES, ReportbookError
from reportbook.paths import Paths

STOP_TIMEOUT = 10  # seconds an unused process gets to exit (it may be inside vl-convert's bundle call)

# Runs in the subprocess: import, load jieba, write the Vega bundle, then wait for one line on
# stdin; "build" builds, anything else (or end of input) exits.
WARM_UP = """
CAUSE = %r
import os, signal, sys
from reportbook.build.processes import die_with_parent
signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: unwind, so files being written are cleaned up
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the build decides, and stops this process
die_with_parent()  # SIGTERM if the build dies without stopping this process (kill -9)
os.nice(10)  # warm up on idle CPU only; the build runs after the notebooks, alone, so this costs it nothing
from pathlib import Path
import jieba, sphinx.application, sphinx.builders.html, sphinx.search.zh
import jupyter_book, jupyter_book.cli.main, myst_nb.sphinx_ext, sphinx_book_theme, sphinx_design
import sphinx_comments, sphinx_copybutton, sphinx_external_toc, sphinx_togglebutton
import jupyter_book.sphinx, pydata_sphinx_theme, sphinx.jinja2glue, sphinx_jupyterbook_latex
import sphinx_multitoc_numbering, a11y_pygments
from reportbook.site.sphinx_ext import STATIC_DIR
from reportbook.site.vega_bundle import write_vega_bundle
jieba.initialize()
write_vega_bundle(Path(sys.argv[2]) / STATIC_DIR)
if sys.stdin.readline().strip() == "build":
    try:
        jupyter_book.cli.main.main(sys.argv[1:], prog_name="jupyter-book")
    except Exception as exc:  # Jupyter Book wraps the cause in "Look above for the cause": name it
        while exc.__cause__ is not None:
            exc = exc.__cause__
        import json
        print(CAUSE + json.dumps({"type": type(exc).__name__, "message": str(exc),
                                  "errno": getattr(exc, "errno", None), "strerror": getattr(exc, "strerror", None),
                                  "filename": str(getattr(exc, "filename", None) or "")}), flush=True)
        raise
"""
CAUSE = "reportbook-cause: "  # the line the process prints with the root cause of a failed build
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def failure(output: str) -> ReportbookError:
    """The error for a failed Jupyter Book build: its root cause and path when known, else its output's tail."""
    lines = ANSI.sub("", output).strip().splitlines()
    causes = [json.loads(line[len(CAUSE):]) for line in lines if line.startswith(CAUSE)]
    kept = "the book in _build/html was left as it was"
    if not causes:
        tail = "\n".join(lines[-30:])
        return ReportbookError(f"jupyter-book build failed:\n{tail}", "build", f"{kept}; fix the error above")
    cause = causes[-1]
    where = cause["filename"] or "build"
    if cause["errno"] in OS_FIXES:
        return ReportbookError(f"jupyter-book build failed: {cause['strerror']}", where, f"{kept}; {OS_FIXES[cause['errno']]}")
    return ReportbookError(f"jupyter-book build failed: {cause['type']}: {cause['message']}", where, f"{kept}; fix this")


class JupyterBookProcess:
    """`with JupyterBookProcess(paths) as book: ...; html = book.build()`; unused, it is stopped."""

    def __init__(self, paths: Paths):
        self.paths = paths
        self.staging = paths.root / "_build" / ".next"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> JupyterBookProcess:
        shutil.rmtree(self.staging, ignore_errors=True)
        command = [sys.executable, "-c", WARM_UP % CAUSE, "build", str(self.paths.root),
                   "--path-output", str(self.staging), "-q"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, cwd=self.paths.root)
        return self

    def build(self) -> Path:
        """Build the book from scratch into _build/.next; return its html folder."""
        output, _ = self.process.communicate("build\n")
        html = self.staging / "_build" / "html"
        if self.process.returncode != 0 or not (html / "index.html").is_file():
            raise failure(output)
        return html

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: it exits cleanly (write_vega_bundle removes a partial file)
            try:
                self.process.communicate(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()
