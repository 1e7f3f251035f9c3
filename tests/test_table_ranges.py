"""value_max and the qualifier `range` in the indicator table contract (issue 11)."""
from __future__ import annotations

import pandas as pd
import pytest

from reportbook.indicators.table import COLUMNS, read_indicators, validate
from reportbook.pages.formatting import figure


def frame(value_max: str, qualifier: str, value: str = "200") -> pd.DataFrame:
    row = {"year": "2023", "section": "civilized", "indicator": "hotline_cases", "label_zh": "热线工单",
           "label_en": "Hotline cases", "value": value, "unit": "件", "value_max": value_max,
           "qualifier": qualifier, "period": "year", "match": "rule", "quote": "每月办理200—300件", "start": "10",
           "end": "18"}
    return pd.DataFrame([{c: row.get(c, "") for c in COLUMNS}], dtype=str)


def test_value_max_is_a_column_after_unit():
    assert COLUMNS.index("value_max") == COLUMNS.index("unit") + 1
    assert COLUMNS.index("qualifier") > COLUMNS.index("value_max")


def test_a_range_is_valid():
    assert validate(frame("300", "range"), "t.csv") == []


@pytest.mark.parametrize("value_max, qualifier, message", [
    ("", "range", "a range"),
    ("300", "exact", "a range"),
    ("150", "range", "not above"),
    ("many", "range", "not a number"),
])
def test_bad_ranges(value_max, qualifier, message):
    problems = validate(frame(value_max, qualifier), "t.csv")
    assert len(problems) == 1 and message in problems[0] and problems[0].startswith("t.csv:2")


def test_read_gives_value_max_as_a_number_or_nan(tmp_path):
    path = tmp_path / "t.csv"
    other = frame("", "exact", "7").assign(indicator="hotline_staff")
    pd.concat([frame("300", "range"), other]).to_csv(path, index=False)
    table = read_indicators(path)
    assert table["value_max"].iloc[0] == 300 and pd.isna(table["value_max"].iloc[1])


def test_the_committed_2022_table_has_no_range(paths):
    table = read_indicators(paths.indicators(2022))
    assert len(table) == 71 and table["value_max"].isna().all() and "range" not in set(table["qualifier"])


def test_a_range_reads_low_to_high_on_the_page():
    assert figure(200, "件", "range", 300) == "200–300件"
    assert figure(2e6, "元", "range", 3e6) == "200–300万元"
    assert figure(75, "%", "range", 80) == "75–80%"


def test_a_range_reads_low_to_high_in_a_bar_chart():
    from reportbook.pages.chart_specs import _chart, _rows, items_frame
    rows = frame("300", "range").assign(value=200.0, value_max=300.0, label_zh="热线工单", label_en="Hotline cases")
    derived = pd.DataFrame(columns=["id", "label_zh", "label_en", "value", "unit", "qualifier", "implied"])
    spec = {"kind": "bars", "title_zh": "热线", "title_en": "Hotline", "items": ["hotline_cases"]}
    data = _rows(items_frame(rows, derived), spec, 2022)
    chart = _chart(data, spec, "热线").to_dict()
    values = next(iter(chart["datasets"].values()))
    assert values[0]["text"] == "200–300件" and "value_max" not in values[0]
