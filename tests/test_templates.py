"""The notebook templates: generated, clean, thin, parameterised, with no report figure typed in."""
from __future__ import annotations

import json
import re

from reportbook.build.plan import ACROSS_YEARS, NOTEBOOKS
from reportbook.build.templates import render, templates


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
