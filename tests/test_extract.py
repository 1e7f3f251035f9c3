"""Extraction of the shipped 2022 report: every figure, its value, unit, qualifier and position."""
from __future__ import annotations

from decimal import Decimal

import pytest

from reportbook.indicators.extract import extract
from reportbook.indicators.table import render_csv

# Read by hand from data/reports/2022.txt: (indicator, value in base units, unit, qualifier, as written)
EXPECTED = [
    ("tax_revenue", "1977000000", "元", "estimate", "19.77亿元"),
    ("tax_revenue_growth", "21.29", "%", "estimate", "21.29%"),
    ("local_revenue", "1290000000", "元", "estimate", "12.9亿元"),
    ("local_revenue_growth", "35.96", "%", "estimate", "35.96%"),
    ("gig_workers_served", "300", "人次", "at_least", "300余人次"),
    ("party_households_plaqued", "12643", "人", "exact", "12643名"),
    ("fixed_asset_investment", "12600000000", "元", "exact", "126亿"),
    ("chamber_platforms", "4", "个", "exact", "四大"),
    ("incubator_tax", "42420000", "元", "exact", "4242万元"),
    ("services_delivered", "20000", "件", "at_least", "2万余件"),
    ("resettled_residents", "11255", "人", "exact", "11255人"),
    ("grid_residents", "225600", "人", "exact", "22.56万人"),
    ("grid_ledger_categories", "10", "类", "exact", "10大类"),
    ("hotline_duty_leaders", "2", "人", "exact", "两名"),
    ("hotline_satisfaction_rate", "99.6", "%", "exact", "99.6%"),
    ("tested_per_round", "210000", "人", "at_least", "21万人以上"),
    ("traced_per_round", "6000", "人", "approx", "6000人左右"),
    ("traced_share_of_district", "0.25", "share", "exact", "1/4"),
    ("persons_under_control", "240000", "人次", "exact", "24万人次"),
    ("grid_org_levels", "5", "级", "exact", "五级"),
]


@pytest.fixture(scope="module")
def ex2022(paths):
    return extract(paths, 2022)


def test_extraction_has_no_problems(ex2022):
    assert ex2022.problems == []
    assert len(ex2022.rows) == 71


@pytest.mark.parametrize("indicator,value,unit,qualifier,written", EXPECTED)
def test_figure_read_as_written(ex2022, indicator, value, unit, qualifier, written):
    row = next(r for r in ex2022.rows if r["indicator"] == indicator)
    assert Decimal(row["value"]) == Decimal(value)
    assert (row["unit"], row["qualifier"]) == (unit, qualifier)
    assert ex2022.report.text[row["start"]:row["end"]] == written


def test_every_row_traces_to_its_sentence(ex2022):
    text = ex2022.report.text
    for row in ex2022.rows:
        at = text.find(row["quote"])
        assert at != -1, row
        assert at <= row["start"] < row["end"] <= at + len(row["quote"]), row


def test_every_number_is_accounted_for(ex2022):
    statuses = {t.status for t in ex2022.tokens}
    assert "unmatched" not in statuses
    not_figures = {t.figure.text: t.detail for t in ex2022.tokens if t.status == "not_figure"}
    assert set(not_figures) == {"24小时"}
    kinds = {t.figure.text: t.status for t in ex2022.tokens}
    assert kinds["9月份"] == "date" and kinds["1-11月"] == "period" and kinds["二十大"] == "name"
    assert kinds["六个双山"] == "name"  # data/numbered_names.yml
    assert kinds["12346"] == "code" and kinds["12345热线"] == "code"


def test_sections_of_the_figures(ex2022):
    by_section = {}
    for row in ex2022.rows:
        by_section[row["section"]] = by_section.get(row["section"], 0) + 1
    assert by_section == {"overview": 4, "vibrant": 11, "prosperous": 13, "happy": 13,
                          "civilized": 13, "beautiful": 4, "safe": 13}


def test_committed_table_equals_regeneration(paths, ex2022):
    assert paths.indicators(2022).read_text(encoding="utf-8") == render_csv(ex2022.rows)


def test_extraction_is_deterministic(paths, ex2022):
    assert render_csv(extract(paths, 2022).rows) == render_csv(ex2022.rows)
