"""Every process a build starts ends with it: on SIGINT, SIGTERM, kill -9, a failed notebook.

Each test runs `reportbook build` as a separate process with a marker in its environment, which
its pool workers, kernels and Jupyter Book process inherit; after the build has ended, no process
may carry the marker. Waits are bounded and generous (a loaded 2-core machine); nothing is timed.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT

MARK = "REPORTBOOK_TEST_RUN"
PROC = Path("/proc")
pytestmark = [pytest.mark.skipif(not PROC.is_dir(), reason="finds processes through /proc (Linux)"),
              pytest.mark.slow]

# A cell that says it started, then never ends (the runaway template).
HANG = 'from pathlib import Path\nPath("hang-started").write_text("")\nwhile True:\n    pass'
# A Sphinx extension that hangs the Jupyter Book step the same way.
HANG_EXTENSION = '''from pathlib import Path
import time

def setup(app):
    def hang(app):
        Path("sphinx-started").write_text("")
        while True:
            time.sleep(0.1)
    app.connect("builder-inited", hang)
    return {"parallel_read_safe": True}
'''


def marked(mark: str) -> list[int]:
    """Live processes whose environment carries the marker."""
    found = []
    needle = f"{MARK}={mark}".encode()
    for entry in PROC.glob("[0-9]*"):
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            pass  # gone meanwhile, or not ours to read
    return found


def wait_until(predicate, seconds: float) -> bool:
    """Poll `predicate` until it holds or `seconds` pass (a bound, not a measurement)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


class Build:
    """`reportbook build` in its own session, marked; on the way out anything left is killed."""

    def __init__(self, root: Path, *args: str):
        self.mark = uuid.uuid4().hex
        env = {**os.environ, MARK: self.mark, "PYTHONUNBUFFERED": "1"}
        env.pop("REPORTBOOK_ROOT", None)
        self.log = root / "build.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reportbook.cli", "--root", str(root), "build", "--jobs", "2", *args],
            env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True, cwd=root,
        )

    def finish(self, seconds: float = 300) -> int:
        """Wait (bounded) for the build to exit; its exit code."""
        try:
            return self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the build did not end within {seconds} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def leftovers(self) -> list[str]:
        """The marked processes still running after a bounded wait, with their command lines."""
        wait_until(lambda: not marked(self.mark), 30)
        left = []
        for pid in marked(self.mark):
            try:
                command = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ")[:120]
            except OSError:
                continue
            left.append(f"{pid}: {command!r}")
        return left

    def cleanup(self) -> None:
        for pid in marked(self.mark):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def project(scratch):
    """The scratch project with the book sources, ready to build."""
    shutil.copy(ROOT / "_config.yml", scratch.root / "_config.yml")
    shutil.copytree(ROOT / "book", scratch.root / "book", ignore=shutil.ignore_patterns("[0-9]*"))
    return scratch


def edit_template(project, name: str, source: str) -> None:
    """Put `source` into the first code cell after the parameters of notebooks/<name>.ipynb."""
    template = project.notebooks / f"{name}.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", []))
    cell["source"] = source
    template.write_text(json.dumps(nb), encoding="utf-8")


def running(build: Build, started: Path) -> None:
    """Wait until the build has reached the stage that writes `started`."""
    assert wait_until(lambda: started.exists() or build.process.poll() is not None, 300), build.output()
    assert build.process.poll() is None, f"the build ended before the stage under test:\n{build.output()}"


def kill(build: Build, how: str) -> None:
    if how == "SIGINT to the group":  # Ctrl-C in a terminal
        os.killpg(build.process.pid, signal.SIGINT)
    else:
        build.process.send_signal(getattr(signal, how))


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT to the group", "SIGKILL"])
def test_killed_during_execution_leaves_no_process(project, how):
    edit_template(project, "overview", HANG)
    build = Build(project.root)
    try:
        running(build, project.root / "hang-started")
        kill(build, how)
        code = build.finish()
        assert build.leftovers() == [], f"processes left after {how}:\n{build.output()}"
    finally:
        build.cleanup()
    if how != "SIGKILL":
        assert code == 128 + (signal.SIGTERM if how == "SIGTERM" else signal.SIGINT), build.output()
        assert "every process of the build was stopped" in build.output()
        assert "Traceback" not in build.output()
    assert not (project.root / "_build" / "html").exists(), "an interrupted build published a book"


def test_killed_while_warming_up_leaves_no_process(project):
    """Killed as soon as it has started a child (the Jupyter Book warm-up, during the checks)."""
    build = Build(project.root)
    try:
        assert wait_until(lambda: len(marked(build.mark)) > 1 or build.process.poll() is not None, 120)
        build.process.send_signal(signal.SIGTERM)
        assert build.finish() == 128 + signal.SIGTERM, build.output()
        assert build.leftovers() == [], build.output()
    finally:
        build.cleanup()


def test_killed_in_the_jupyter_book_step_leaves_no_process_and_the_old_book(project):
    (project.root / "hang_ext.py").write_text(HANG_EXTENSION, encoding="utf-8")
    config = project.root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    assert "      - reportbook.site.sphinx_ext\n" in text
    config.write_text(text.replace("      - reportbook.site.sphinx_ext\n",
                                   "      - reportbook.site.sphinx_ext\n      - hang_ext\n"), encoding="utf-8")
    old = project.root / "_build" / "html"
    old.mkdir(parents=True)
    (old / "index.html").write_text("the last good book", encoding="utf-8")
    build = Build(project.root)
    try:
        running(build, project.root / "sphinx-started")
        build.process.send_signal(signal.SIGTERM)
        assert build.finish() == 128 + signal.SIGTERM, build.output()
        assert build.leftovers() == [], build.output()
    finally:
        build.cleanup()
    assert (old / "index.html").read_text(encoding="utf-8") == "the last good book"


def test_failed_notebook_leaves_no_process(project):
    edit_template(project, "overview", 'raise ValueError("deliberate failure for the test")')
    build = Build(project.root)
    try:
        assert build.finish() == 2, build.output()
        assert build.leftovers() == [], build.output()
    finally:
        build.cleanup()
    assert "overview.ipynb (year 2022) failed in cell" in build.output()
    assert "Traceback" not in build.output()


def test_a_second_build_is_refused_while_the_first_runs(project):
    """Two `reportbook build` in one project: the second stops at once with a clear message, the first goes on."""
    edit_template(project, "overview", HANG)
    first = Build(project.root)
    try:
        running(first, project.root / "hang-started")
        second = subprocess.run(
            [sys.executable, "-m", "reportbook.cli", "--root", str(project.root), "build", "--jobs", "2"],
            capture_output=True, text=True, timeout=300, cwd=project.root,
        )
        assert second.returncode == 2, second.stderr
        assert f"(pid {first.process.pid}) is running in this project" in second.stderr
        assert "Traceback" not in second.stderr
        assert first.process.poll() is None, "the second build disturbed the first"
        assert (project.root / "_build" / ".exec").is_dir(), "the second build removed the first one's work"
        first.process.send_signal(signal.SIGTERM)
        assert first.finish() == 128 + signal.SIGTERM, first.output()
    finally:
        first.cleanup()


def test_a_signal_whose_exception_was_swallowed_is_raised_on_the_way_out():
    """SIGTERM once landed in logging's at-fork hook, where Python prints and ignores exceptions: the build
    then ran on and exited 0. The guard remembers the signal and raises it when the work is done."""
    from reportbook.build.processes import Interrupted, ProcessGuard

    with pytest.raises(Interrupted) as caught:
        with ProcessGuard() as guard:
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(1)
            except Interrupted:
                pass  # what an "Exception ignored in" hook does
    assert caught.value.signum == signal.SIGTERM
