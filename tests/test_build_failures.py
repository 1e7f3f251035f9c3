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
