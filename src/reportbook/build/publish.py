"""Publishing: executed notebooks into book/, the run log, and the atomic swap of the HTML book."""
from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
from pathlib import Path

from reportbook.build.cache import sha256_file, sha256_json
from reportbook.errors import ReportbookError, os_error
from reportbook.build.execute import NotebookRun
from reportbook.environment import BOOK_LIBRARIES, commit, python_version, versions
from reportbook.inputs import book_sources
from reportbook.files import write_atomic
from reportbook.paths import Paths

RUNS_JS = """window.REPORTBOOK_RUNS = {runs};
document.addEventListener("DOMContentLoaded", function () {{
  document.querySelectorAll("td.rb-duration").forEach(function (cell) {{
    var run = window.REPORTBOOK_RUNS[cell.dataset.run];
    if (run) {{
      var status = {{completed: "完成", failed: "失败"}}[run.status] || run.status;
      cell.textContent = run.seconds.toFixed(1) + " 秒（" + status + "）";
    }}
  }});
}});
"""
# Files of the built HTML that may differ between two builds on the same inputs: the run log
# (durations), and Sphinx's .buildinfo, whose config hash includes the absolute path of the jieba
# dictionary (so it differs between two folders, not between two builds in one folder).
VOLATILE_HTML = ("_static/runs.js", ".buildinfo")


def keep_failed(paths: Paths, failed: list[tuple[NotebookRun, str]]) -> None:
    """Move failed executed copies to _build/failed/ and raise an error naming each."""
    keep = paths.root / "_build" / "failed"
    for run, place in failed:
        target = keep / place
        target.parent.mkdir(parents=True, exist_ok=True)
        if run.output.exists():
            shutil.move(str(run.output), target)
    raise ReportbookError(
        "notebook execution failed:\n" + "\n".join(f"  - {r.error}" for r, _ in failed),
        "build",
        f"the failed executed copies are in {keep.relative_to(paths.root)}/ and the kernel logs in "
        "_build/logs/ for inspection; the book in _build/html was left as it was",
    )


def publish_notebooks(paths: Paths, executed: list[tuple[NotebookRun, str]]) -> None:
    """Move freshly executed notebooks from the scratch folder into book/."""
    for run, place in executed:
        target = paths.root / "book" / place
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(run.output, target)


def write_run_log(paths: Paths, log: dict) -> Path:
    """book/_static/runs.js: status and duration per notebook, which the review page shows."""
    target = paths.root / "book" / "_static" / "runs.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = RUNS_JS.format(runs=json.dumps(log, sort_keys=True))
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_atomic(target, text)
    return target


def book_sources_key(paths: Paths) -> str:
    """Hash of everything Jupyter Book reads (pages, executed notebooks, static files, config, toc), of
    the Python and library versions that turn them into HTML, and of the commit the intro cites."""
    root = paths.root
    files = {str(p.relative_to(root)): sha256_file(p) for p in book_sources(root)}
    return sha256_json({"files": files, "python": python_version(), "libraries": versions(BOOK_LIBRARIES),
                        "commit": commit()})


def html_hashes(html: Path) -> dict[str, str]:
    """Hash of every file of a built book."""
    return {str(p.relative_to(html)): sha256_file(p) for p in sorted(html.rglob("*")) if p.is_file()}


# Sphinx appends "?v=<checksum>" to asset links only when the asset already sat in the output
# folder, i.e. on incremental builds but not on cold ones; a local book needs no cache busting.
ASSET_CHECKSUM = re.compile(r'(\.(?:css|js))\?v=[0-9a-f]{8}"')


def normalize_html(folder: Path) -> None:
    """Make a built book independent of whether the build was cold or incremental."""
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = ASSET_CHECKSUM.sub(r'\1"', text)
        if fixed != text:
            write_atomic(page, fixed)


RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths in one step (Linux 3.15+, most file systems)
AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths; False where the system or file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        done = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0
    except (OSError, AttributeError):
        return False
    if not done and ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(b))
    return done


def publish_html(paths: Paths, html: Path) -> Path:
    """Make the freshly built `html` the book in _build/html, in one atomic step.

    The new book is moved beside the old one (a rename, no copy) and the two are exchanged with
    one renameat2(RENAME_EXCHANGE): a reader or a kill finds the old book or the new one, never
    none. Where exchange is unsupported two renames do it, and an interrupted pair is repaired by
    the next publish. The old book is deleted last.
    """
    final = paths.root / "_build" / "html"
    fresh = paths.root / "_build" / ".html.new"
    old = paths.root / "_build" / ".html.old"
    try:
        if old.is_dir() and not final.exists():
            os.replace(old, final)  # an interrupted two-rename swap: put the last good book back
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        os.replace(html, fresh)
        normalize_html(fresh)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise os_error(exc, "publishing the book") from exc
    if not final.exists():
        os.replace(fresh, final)
    elif not exchange(fresh, final):
        os.replace(final, old)
        os.replace(fresh, final)
        fresh = old
    shutil.rmtree(fresh, ignore_errors=True)
    return final
