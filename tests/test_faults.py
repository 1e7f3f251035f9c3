"""Faults around the build: a kill while publishing, a full disk, a read-only folder, bad limits,
a runaway notebook, a second build, a misleading $REPORTBOOK_ROOT. Each is a clear error (exit 2)
or harmless; none leaves a half-written file or no book."""
from __future__ import annotations

import builtins
import errno
import io
import json
import os
import shutil
import stat
from pathlib import Path

import nbformat
import pytest

from reportbook.build import publish
from reportbook.build.cache import Manifest
from reportbook.cli import main
from reportbook.errors import ReportbookError
from reportbook.paths import Paths, find_root

pytestmark = pytest.mark.slow  # executes notebooks or builds the book


class _FailingWrites:
    """A real open file whose writes fail as on a full disk (the open itself succeeded and truncated)."""

    def __init__(self, handle, name: str, code: int):
        self._handle, self._name, self._code = handle, name, code

    def write(self, *_):
        raise OSError(self._code, os.strerror(self._code), self._name)

    writelines = write

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def __getattr__(self, name):
        return getattr(self._handle, name)


@pytest.fixture
def broken_disk(monkeypatch):
    """`broken_disk(folder, errno.ENOSPC)`: writes of files under `folder` fail with that error.

    ENOSPC: opening succeeds (and truncates), writing fails, as on a full disk. EACCES: opening
    for writing (or creating) fails, as in a read-only folder; reads are unaffected.
    """
    real_open, real_fdopen, real_os_open = builtins.open, os.fdopen, os.open
    state: dict = {}
    monkeypatch.setattr(shutil, "_USE_CP_SENDFILE", False)  # copies go through write()

    def inside(path) -> bool:
        try:
            return "folder" in state and Path(os.fsdecode(path)).resolve().is_relative_to(state["folder"])
        except (TypeError, ValueError):
            return False

    def writing(mode) -> bool:
        return any(m in str(mode) for m in "wax+")

    def fake_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and writing(mode) and inside(file):
            if state["code"] != errno.ENOSPC:
                raise OSError(state["code"], os.strerror(state["code"]), os.fsdecode(file))
            return _FailingWrites(real_open(file, mode, *args, **kwargs), os.fsdecode(file), state["code"])
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and inside(path) and state["code"] != errno.ENOSPC:
            raise OSError(state["code"], os.strerror(state["code"]), os.fsdecode(path))
        fd = real_os_open(path, flags, *args, **kwargs)
        if inside(path):
            state.setdefault("fds", {})[fd] = os.fsdecode(path)
        return fd

    def fake_fdopen(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, *args, **kwargs)
        name = state.get("fds", {}).pop(fd, None)
        if name and writing(mode):
            return _FailingWrites(handle, name, state["code"])
        return handle

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)
    monkeypatch.setattr(os, "fdopen", fake_fdopen)

    def arm(folder: Path, code: int) -> None:
        state.update(folder=folder.resolve(), code=code)

    return arm


# ---------------------------------------------------------------- publishing the HTML book

def built_book(root: Path, text: str) -> Path:
    """A freshly built book, as Jupyter Book leaves it, with an asset link to normalize."""
    html = root / "_build" / ".next" / "_build" / "html"
    html.mkdir(parents=True)
    (html / "index.html").write_text(f'<script src="a.js?v=0123abcd"></script>{text}', encoding="utf-8")
    (html / "a.js").write_text("//", encoding="utf-8")
    return html


def old_book(root: Path) -> Path:
    final = root / "_build" / "html"
    final.mkdir(parents=True)
    (final / "index.html").write_text("the last good book", encoding="utf-8")
    return final


class Interruption(BaseException):
    """Stands for a kill: raised before the n-th file-system change of the publish step."""


def trip_at(monkeypatch, n: int) -> list[str]:
    """Make the n-th call of any file-system change raise Interruption (before it acts)."""
    calls: list[str] = []
    targets = [(os, "replace"), (os, "rename"), (shutil, "rmtree"), (shutil, "copytree"), (shutil, "move")]
    if hasattr(publish, "exchange"):
        targets.append((publish, "exchange"))
    for owner, name in targets:
        real = getattr(owner, name)

        def tripping(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            if len(calls) == n:
                raise Interruption(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(owner, name, tripping)
    return calls


def test_publish_killed_at_any_step_leaves_a_book(tmp_path, monkeypatch):
    """Old: two renames; a kill between them left no _build/html at all."""
    n = 1
    while True:
        root = tmp_path / str(n)
        final = old_book(root)
        html = built_book(root, "the new book")
        with monkeypatch.context() as patch:
            calls = trip_at(patch, n)
            try:
                publish.publish_html(Paths(root), html)
                finished = True
            except Interruption:
                finished = False
        page = (final / "index.html").read_text(encoding="utf-8") if (final / "index.html").is_file() else None
        assert page is not None, f"no book after a kill before {calls[-1]} (step {n})"
        assert page in ("the last good book", '<script src="a.js"></script>the new book'), page
        if finished:
            break
        n += 1
    assert n > 2, "the publish step should take several file-system changes"


def test_publish_repairs_an_interrupted_two_rename_swap(tmp_path, monkeypatch):
    """Where renameat2 cannot exchange, a kill between the two renames is repaired by the next publish."""
    monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    root = tmp_path
    old_book(root)
    os.replace(root / "_build" / "html", root / "_build" / ".html.old")  # the state after the first rename
    publish.publish_html(Paths(root), built_book(root, "the new book"))
    assert (root / "_build" / "html" / "index.html").read_text(encoding="utf-8").endswith("the new book")
    assert sorted(p.name for p in (root / "_build").iterdir()) == [".next", "html"]


def test_full_disk_while_publishing_is_a_clear_error_and_keeps_the_book(tmp_path, broken_disk):
    """Old: shutil.Error with a list of tuples, exit 1."""
    final = old_book(tmp_path)
    html = built_book(tmp_path, "the new book")
    broken_disk(tmp_path / "_build", errno.ENOSPC)
    with pytest.raises(ReportbookError) as err:
        publish.publish_html(Paths(tmp_path), html)
    assert "No space left on device" in err.value.what
    assert str(tmp_path / "_build") in err.value.where
    assert "free space" in err.value.fix
    assert (final / "index.html").read_text(encoding="utf-8") == "the last good book"
    assert sorted(p.name for p in (tmp_path / "_build").iterdir()) == [".next", "html"], "a partial copy was left"


# ---------------------------------------------------------------- the manifest and data files

def test_full_disk_while_saving_the_manifest_keeps_the_old_one(tmp_path, broken_disk):
    """Old: the manifest was left with 0 bytes."""
    paths = Paths(tmp_path)
    manifest = Manifest(paths)
    manifest.data["notebooks"]["2022/safe.ipynb"] = {"key": "k", "output": "o", "seconds": 1.0}
    manifest.save()
    before = manifest.path.read_bytes()
    manifest.data["notebooks"]["2022/happy.ipynb"] = {"key": "k", "output": "o", "seconds": 1.0}
    broken_disk(tmp_path / "book", errno.ENOSPC)
    with pytest.raises(OSError) as err:
        manifest.save()
    assert err.value.errno == errno.ENOSPC
    assert manifest.path.read_bytes() == before
    assert [p.name for p in manifest.path.parent.iterdir()] == ["manifest.json"], "a temporary file was left"


def test_written_files_keep_the_usual_permissions(tmp_path):
    """Old: mkstemp's 0600 stayed on every data file and on the manifest."""
    from reportbook.files import write_atomic

    saved = os.umask(0o022)
    try:
        write_atomic(tmp_path / "data.csv", "a,b\n")
        manifest = Manifest(Paths(tmp_path))
        manifest.save()
    finally:
        os.umask(saved)
    assert stat.S_IMODE((tmp_path / "data.csv").stat().st_mode) == 0o644
    assert stat.S_IMODE(manifest.path.stat().st_mode) == 0o644


# ---------------------------------------------------------------- the Jupyter Book step

FULL_DISK_EXTENSION = '''import errno, os

def setup(app):
    def fail(app):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.path.join(app.outdir, "index.html"))
    app.connect("builder-inited", fail)
    return {"parallel_read_safe": True}
'''


def test_full_disk_in_the_jupyter_book_step_names_the_cause_and_the_path(tmp_path):
    """Old: only the tail of Jupyter Book's output ("Look above for the cause"), without the cause."""
    from reportbook.build.jupyter_book import JupyterBookProcess

    (tmp_path / "_config.yml").write_text("title: t\nsphinx:\n  extra_extensions:\n    - full_disk\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (tmp_path / "intro.md").write_text("# Intro\n", encoding="utf-8")
    (tmp_path / "full_disk.py").write_text(FULL_DISK_EXTENSION, encoding="utf-8")
    with JupyterBookProcess(Paths(tmp_path)) as book, pytest.raises(ReportbookError) as err:
        book.build()
    assert "No space left on device" in err.value.what
    assert err.value.where == str(tmp_path / "_build" / ".next" / "_build" / "html" / "index.html")
    assert "left as it was" in err.value.fix and "free space" in err.value.fix


# ---------------------------------------------------------------- the command line

def cli(capsys, root: Path, *args: str) -> tuple[int, str]:
    code = main(["--root", str(root), *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_out_of_range_is_a_clear_error(scratch, capsys, jobs):
    """Old: ValueError traceback from the process pool, after the checks ran."""
    code, err = cli(capsys, scratch.root, "build", "--jobs", jobs)
    assert code == 2
    assert f"--jobs must be a whole number of at least 1, got {jobs}" in err and "fix:" in err
    assert not (scratch.root / "_build" / ".exec").exists()


@pytest.mark.parametrize("timeout", ["0", "-5"])
def test_timeout_out_of_range_is_a_clear_error(scratch, capsys, timeout):
    code, err = cli(capsys, scratch.root, "build", "--timeout", timeout)
    assert code == 2 and "--timeout must be a number of seconds above 0" in err


def test_read_only_build_folder_is_a_clear_error(scratch, capsys, broken_disk):
    """Old: PermissionError traceback (exit 1)."""
    broken_disk(scratch.root / "_build", errno.EACCES)
    code, err = cli(capsys, scratch.root, "build")
    assert code == 2
    assert "Permission denied" in err and str(scratch.root / "_build") in err and "chmod" in err
    assert "Traceback" not in err


def test_a_second_build_is_refused_while_one_runs(scratch, capsys):
    """Old: both ran in the same scratch folder; one crashed, the other published a wrong book."""
    from reportbook.build.lock import BuildLock

    with BuildLock(scratch, "build"):
        code, err = cli(capsys, scratch.root, "build")
        assert code == 2
        assert f"another `reportbook build` or `verify` (pid {os.getpid()}) is running in this project" in err
        assert not (scratch.root / "_build" / ".exec").exists(), "the refused build touched the build folder"
    with BuildLock(scratch, "build"):  # released: the next build may run
        pass


# ---------------------------------------------------------------- kernels: the root and the time limit

def tiny_notebook(folder: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("year = 2022")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, *(nbformat.v4.new_code_cell(s) for s in sources)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "tiny.ipynb"
    nbformat.write(nb, path)
    return path


def outputs(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))


def test_an_explicit_root_wins_over_the_environment(scratch, tmp_path, monkeypatch):
    """Old: $REPORTBOOK_ROOT won, in the CLI's callers and in the build's kernels (another project's figures)."""
    from reportbook.build.execute import execute

    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "data").mkdir(parents=True)
    (elsewhere / "data" / "catalog.yml").write_text("", encoding="utf-8")
    monkeypatch.setenv("REPORTBOOK_ROOT", str(elsewhere))
    assert find_root(scratch.root) == scratch.root.resolve()
    assert find_root() == elsewhere.resolve()  # nothing explicit: the variable still counts
    template = tiny_notebook(scratch.root, "from reportbook.paths import find_root\nprint(find_root())")
    run = execute(template, scratch.root / "out.ipynb", {"year": 2022}, scratch.root, "book/tiny.ipynb")
    assert run.status == "completed", run.error
    assert outputs(scratch.root / "out.ipynb").strip() == str(scratch.root.resolve())
    assert os.environ["REPORTBOOK_ROOT"] == str(elsewhere), "the caller's environment was changed"


def test_a_runaway_notebook_is_stopped_and_named(tmp_path):
    """Old: no time limit; `while True: pass` ran forever, and on after the build was killed."""
    from reportbook.build.execute import execute
    from reportbook.build.processes import descendants

    template = tiny_notebook(tmp_path, "x = 1", "y = 2\nwhile True:\n    pass")
    run = execute(template, tmp_path / "out.ipynb", {"year": 2022}, tmp_path, "book/tiny.ipynb", timeout=20)
    assert run.status == "failed"
    assert "tiny.ipynb (year 2022) timed out in cell 3 (`y = 2`)" in run.error
    assert "longer than 20 s" in run.error and "--timeout" in run.error
    assert descendants(os.getpid()) == [], "the kernel outlived its notebook"
