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

import shutil
import subprocess
import sys
from pathlib import Path

from reportbook.errors import ReportbookError
from reportbook.paths import Paths

STOP_TIMEOUT = 10  # seconds an unused process gets to exit (it may be inside vl-convert's bundle call)

# Runs in the subprocess: import, load jieba, write the Vega bundle, then wait for one line on
# stdin; "build" builds, anything else (or end of input) exits.
WARM_UP = """
import os, signal, sys
signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: unwind, so files being written are cleaned up
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
    jupyter_book.cli.main.main(sys.argv[1:], prog_name="jupyter-book")
"""


class JupyterBookProcess:
    """`with JupyterBookProcess(paths) as book: ...; html = book.build()`; unused, it is stopped."""

    def __init__(self, paths: Paths):
        self.paths = paths
        self.staging = paths.root / "_build" / ".next"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> JupyterBookProcess:
        shutil.rmtree(self.staging, ignore_errors=True)
        command = [sys.executable, "-c", WARM_UP, "build", str(self.paths.root),
                   "--path-output", str(self.staging), "-q"]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, cwd=self.paths.root)
        return self

    def build(self) -> Path:
        """Build the book from scratch into _build/.next; return its html folder."""
        output, _ = self.process.communicate("build\n")
        html = self.staging / "_build" / "html"
        if self.process.returncode != 0 or not (html / "index.html").is_file():
            tail = "\n".join(output.strip().splitlines()[-30:])
            raise ReportbookError(f"jupyter-book build failed:\n{tail}", "build",
                                  "the book in _build/html was left as it was; fix the error above")
        return html

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: it exits cleanly (write_vega_bundle removes a partial file)
            try:
                self.process.communicate(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()
