"""Derived figures and consistency checks on the 2022 table, and formulas as such."""
from __future__ import annotations

import pandas as pd
import pytest

from reportbook.indicators.catalog import load_catalog
from reportbook.indicators.derived import consistency_checks, derived_figures, load_derived
from reportbook.errors import ReportbookError
from reportbook.indicators.formulas import FormulaError, bound_of, evaluate, names
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
    broken.loc[broken["indicator"] == "grid_households", "value"] = 300000.0  # more households than persons
    result = consistency_checks(spec, broken).set_index("id").loc["grid_households_le_residents", "result"]
    assert result == "FAILED"


def test_missing_indicator_is_named(spec, table):
    frame = derived_figures(spec, table[table["indicator"] != "grid_cells"])
    row = frame.set_index("id").loc["residents_per_grid_cell"]
    assert row["missing"] == "grid_cells" and pd.isna(row["value"])


def test_formula_with_unknown_id_is_refused(scratch):
    path = scratch.data / "derived.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("grid_residents / grid_cells",
                                                              "grid_residents / helpers"), encoding="utf-8")
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


@pytest.mark.parametrize("formula, qualifiers, expected", [
    ("a / b", {"a": "at_least", "b": "exact"}, "at_least"),     # 21万人以上 / 143 points: at least
    ("a / b", {"a": "exact", "b": "at_least"}, "at_most"),      # dividing by a lower bound: at most
    ("a / b", {"a": "at_least", "b": "at_least"}, "approx"),    # two lower bounds: neither
    ("a + b", {"a": "at_least", "b": "exact"}, "at_least"),
    ("a - b", {"a": "exact", "b": "at_least"}, "at_most"),
    ("a / (1 + g / 100)", {"a": "estimate", "g": "estimate"}, "estimate"),
    ("a / b", {"a": "approx", "b": "exact"}, "approx"),
    ("a / b", {"a": "exact", "b": "exact"}, "exact"),
])
def test_bounds_propagate(formula, qualifiers, expected):
    assert bound_of(formula, qualifiers) == expected


def test_2022_derived_bounds(spec, table):
    frame = derived_figures(spec, table).set_index("id")
    # 每轮全员核酸检测人数均在21万人以上 / 143个采样点: a lower bound
    assert frame.loc["tested_per_sampling_point", "qualifier"] == "at_least"
    assert frame.loc["district_traced_per_round", "qualifier"] == "approx"  # 6000人左右 / (1/4)
    assert frame.loc["tax_revenue_previous", "qualifier"] == "estimate"     # from 预计 figures
    assert frame.loc["district_share_of_key_projects", "qualifier"] == "exact"


def test_unsupported_relations_are_gone(spec):
    """The report never relates these: no derived figure or check may claim it does."""
    text = " ".join(item.get("formula") or item["assert"] for item in [*spec.figures, *spec.checks])
    assert "local_revenue / tax_revenue" not in text               # 地方收入 is not a part of 工商税收
    assert "public_suggestions_collected / building_leaders_elected" not in text
    assert "hazards_rectified" not in text and "pollution_leads_handled" not in text  # unlike units


def test_derived_figures_read_to_three_significant_figures(spec, table):
    from reportbook.pages.formatting import derived_amount

    frame = derived_figures(spec, table).set_index("id")
    shown = {i: derived_amount(frame.loc[i, "value"], frame.loc[i, "unit"], frame.loc[i, "qualifier"])
             for i in frame.index}
    assert shown["tested_per_sampling_point"] == "≥1,460人/个"   # 1468.5 rounded down: still a lower bound
    assert shown["investment_per_signed_project"] == "3.2亿元/个"  # 15.99亿元 / 5
    assert shown["tax_revenue_previous"] == "约16.3亿元"         # 19.77亿元 / 1.2129, from estimates
    assert shown["district_share_of_key_projects"] == "67.7%"     # 44 / 65
