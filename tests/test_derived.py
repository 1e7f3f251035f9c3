"""Derived figures and consistency checks on the 2022 table, and formulas as such."""
from __future__ import annotations

import pandas as pd
import pytest

from reportbook.indicators.catalog import load_catalog
from reportbook.indicators.derived import consistency_checks, derived_figures, load_derived
from reportbook.errors import ReportbookError
from reportbook.indicators.formulas import FormulaError, evaluate, names
from reportbook.indicators.table import read_indicators


@pytest.fixture(scope="module")
def table(paths):
    return read_indicators(paths.indicators(2022))


@pytest.fixture(scope="module")
def spec(paths):
    return load_derived(paths, load_catalog(paths))


def value(frame, item_id):
    return frame.set_index("id").loc[item_id, "value"]


def test_formulas():
    assert evaluate("a / (1 + b / 100)", {"a": 121.0, "b": 10.0}) == pytest.approx(110.0)
    assert evaluate("a <= b and b < 3", {"a": 1, "b": 2}) is True
    assert evaluate("a <= b", {"a": 3, "b": 2}) is False
    assert names("x * y + x") == ["x", "y"]
    with pytest.raises(FormulaError):
        evaluate("__import__('os')", {})


def test_derived_from_the_2022_table(spec, table):
    frame = derived_figures(spec, table)
    # inputs read from the report: 11255 residents, 3700 households; 6000 traced = 1/4 of the district
    assert value(frame, "residents_per_household_rehoused") == pytest.approx(11255 / 3700)
    assert value(frame, "district_traced_per_round") == pytest.approx(24000)
    assert value(frame, "tax_revenue_previous") == pytest.approx(19.77e8 / 1.2129)
    qualified = frame.set_index("id").loc["district_traced_per_round", "inputs_qualified"]
    assert qualified == "approx"


def test_all_2022_checks_pass(spec, table):
    checks = consistency_checks(spec, table)
    assert len(checks) == len(spec.checks) and set(checks["result"]) == {"passed"}


def test_a_broken_figure_fails_its_check(spec, table):
    broken = table.copy()
    broken.loc[broken["indicator"] == "hotline_tickets_handled", "value"] = 40000.0
    result = consistency_checks(spec, broken).set_index("id").loc["hotline_handled_le_received", "result"]
    assert result == "FAILED"


def test_missing_indicator_is_named(spec, table):
    frame = derived_figures(spec, table[table["indicator"] != "volunteers"])
    row = frame.set_index("id").loc["hours_per_volunteer"]
    assert row["missing"] == "volunteers" and pd.isna(row["value"])


def test_formula_with_unknown_id_is_refused(scratch):
    path = scratch.data / "derived.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("volunteer_hours / volunteers",
                                                              "volunteer_hours / helpers"), encoding="utf-8")
    with pytest.raises(ReportbookError) as err:
        load_derived(scratch, load_catalog(scratch))
    assert "helpers" in err.value.what and "data/derived.yml:" in err.value.where


@pytest.mark.parametrize("bad", ["no_such_indicator", "tax_revenue_previous"])
def test_trends_list_names_catalog_indicators_only(scratch, bad):
    """An unknown id, or a derived one (which has no value per year), in `trends:` is refused."""
    from reportbook.pages.chart_specs import trend_ids

    path = scratch.data / "charts.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("trends: [tax_revenue,", f"trends: [{bad},"),
                    encoding="utf-8")
    with pytest.raises(ReportbookError) as err:
        trend_ids(scratch, set(load_catalog(scratch).by_id))
    assert bad in err.value.what and err.value.where == "data/charts.yml"
    assert "catalog" in err.value.fix
