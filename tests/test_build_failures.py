"""A failing notebook or a bad year never replaces the last good book."""
from __future__ import annotations

import json
import shutil

import pytest

from reportbook.build.run import build
from reportbook.errors import ReportbookError
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # executes notebooks or builds the book


@pytest.fixture
def project(scratch):
    """The scratch project plus the book sources and a previously built book."""
    for name in ("_config.yml",):
        shutil.copy(ROOT / name, scratch.root / name)
    shutil.copytree(ROOT / "book", scratch.root / "book", ignore=shutil.ignore_patterns("[0-9]*"))
    old = scratch.root / "_build" / "html"
    old.mkdir(parents=True)
    (old / "index.html").write_text("the last good book", encoding="utf-8")
    return scratch


def test_failing_notebook_keeps_the_last_good_book(project):
    template = project.notebooks / "happy.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    load = next(c for c in nb["cells"][1:] if c["cell_type"] == "code")  # the first cell after the parameters
    load["source"] += '\nraise ValueError("deliberate failure for the test")'
    template.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(ReportbookError) as err:
        build(project, jobs=2)
    message = err.value.render()
    assert "happy.ipynb (year 2022) failed in cell" in message
    assert "ValueError: deliberate failure for the test" in message
    assert (project.root / "_build" / "failed" / "2022" / "happy.ipynb").is_file()
    assert (project.root / "_build" / "html" / "index.html").read_text(encoding="utf-8") == "the last good book"
    assert not (project.root / "book" / "2022").exists()


def test_year_without_indicator_table_is_refused_before_any_kernel(project):
    shutil.copy(project.report(2022), project.report(2023))
    with pytest.raises(ReportbookError) as err:
        build(project, years=[2023])
    assert "no indicator table for 2023" in err.value.what and "reportbook extract 2023" in err.value.fix
    assert not (project.root / "_build" / ".exec").exists()


def test_year_without_report_is_refused(project):
    with pytest.raises(ReportbookError) as err:
        build(project, years=[1999])
    assert "no report for year 1999" in err.value.what and "2022" in err.value.what


def _tiny_template(tmp_path):
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell("year = 0", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("print(year + 1)")]
    template = tmp_path / "tiny.ipynb"
    nbformat.write(nb, template)
    return template


def test_a_kernel_that_dies_while_starting_is_started_again(tmp_path, monkeypatch):
    """"Kernel died before replying to kernel_info" (seen under load) before any cell ran: the notebook
    is run again, and its output is that of a normal run."""
    import papermill

    from reportbook.build import execute as ex

    real, calls = papermill.execute_notebook, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    run = ex.execute(_tiny_template(tmp_path), tmp_path / "out.ipynb", {"year": 2022}, tmp_path, "book/tiny.ipynb")
    assert run.status == "completed" and len(calls) == 2
    assert "2023" in (tmp_path / "out.ipynb").read_text(encoding="utf-8")


def test_a_kernel_that_never_starts_fails_the_notebook_with_the_cause(tmp_path, monkeypatch):
    import papermill

    from reportbook.build import execute as ex

    calls = []

    def dead(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(papermill, "execute_notebook", dead)
    run = ex.execute(_tiny_template(tmp_path), tmp_path / "out.ipynb", {"year": 2022}, tmp_path, "book/tiny.ipynb")
    assert run.status == "failed" and len(calls) == ex.KERNEL_STARTS
    assert "could not run: RuntimeError: Kernel died before replying to kernel_info" in run.error
