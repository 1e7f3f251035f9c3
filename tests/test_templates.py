"""The notebook templates: generated, clean, thin, parameterised, with no report figure typed in."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from reportbook.build.plan import ACROSS_YEARS, NOTEBOOKS
from reportbook.build.run import build
from reportbook.build.templates import render, templates
from reportbook.errors import ReportbookError
from reportbook.indicators.sections import SLUGS


def test_committed_templates_are_generated(paths):
    for name, nb in templates().items():
        committed = (paths.notebooks / f"{name}.ipynb").read_text(encoding="utf-8")
        assert committed == render(nb), f"notebooks/{name}.ipynb is stale: run python -m reportbook.build.templates"


def test_every_notebook_the_build_runs_has_a_template(paths):
    assert sorted([*NOTEBOOKS, *ACROSS_YEARS]) == sorted(p.stem for p in paths.notebooks.glob("*.ipynb"))


def test_templates_are_clean_and_parameterised(paths):
    for path in paths.notebooks.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = nb["cells"][0]
        assert "parameters" in first["metadata"]["tags"] and "remove-cell" in first["metadata"]["tags"]
        assert "year = " in "".join(first["source"])
        for cell in nb["cells"]:
            assert not cell.get("outputs") and cell.get("execution_count") is None, path


def test_no_report_figure_is_typed_into_a_template(paths):
    report = paths.report(2022).read_text(encoding="utf-8")
    figures = {n for n in re.findall(r"\d+(?:\.\d+)?", report) if len(n.replace(".", "")) >= 2}
    figures -= {"2022"}  # the year is the parameter's default
    for path in paths.notebooks.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            source = "".join(cell["source"])
            typed = [n for n in figures if re.search(rf"(?<![\d.]){re.escape(n)}(?![\d.])", source)]
            assert not typed, f"{path.name}: {typed}"


def test_templates_are_thin(paths):
    for path in paths.notebooks.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(len("".join(c["source"]).splitlines()) <= 4 for c in code), path.name


def test_every_code_cell_says_what_it_does(paths):
    for path in paths.notebooks.glob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                first = "".join(cell["source"]).splitlines()[0]
                assert "# " in first and len(first.split("# ", 1)[1]) > 10, f"{path.name}: {first}"


def test_templates_say_they_are_generated_and_hide_it(paths):
    for path in paths.notebooks.glob("*.ipynb"):
        note = json.loads(path.read_text(encoding="utf-8"))["cells"][1]
        assert note["cell_type"] == "markdown" and note["metadata"]["tags"] == ["remove-cell"]
        assert "python -m reportbook.build.templates" in "".join(note["source"]), path.name


def test_the_explore_cell_gives_the_pages_rows_as_a_dataframe(paths):
    """Run each template's load cell and its last (explore) cell, as an analyst would in Jupyter."""
    for path in sorted(paths.notebooks.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        explore = cells[-1]
        assert explore["metadata"]["tags"] == ["remove-cell"], path.name
        scope = {"year": 2022, "root": str(paths.root)}
        exec("".join(cells[2]["source"]), scope)  # the load cell
        *body, last = "".join(explore["source"]).splitlines()
        frame = eval(last, scope)
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, path.name
        if path.stem in SLUGS:
            assert set(frame["section"]) == {path.stem}, path.name


def test_a_misspelt_parameter_stops_the_build_before_any_kernel(scratch):
    template = scratch.notebooks / "safe.ipynb"
    template.write_text(template.read_text(encoding="utf-8").replace("year = 2022", "yaer = 2022"), encoding="utf-8")
    with pytest.raises(ReportbookError) as raised:
        build(scratch, years=[2022], jobs=1)
    assert raised.value.where == "notebooks/safe.ipynb"
    assert "the parameter(s) year" in raised.value.what and "declares: root, yaer" in raised.value.what
    assert not (scratch.root / "_build" / ".exec").exists() and not (scratch.root / "_build" / "logs").exists()
