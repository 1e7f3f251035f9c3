"""Nothing unreviewed is shown as settled: the provisional banner, ⚠ marks, periods, --strict, empty years."""
from __future__ import annotations

import json
import os

import pytest

from reportbook.build.run import check_years
from reportbook.cli import parser
from reportbook.errors import CheckFailed
from reportbook.indicators.extract import extract
from reportbook.pages.formatting import shown
from reportbook.pages.provisional import banner, unsettled
from reportbook.paths import Paths
from tests.test_rewording import ROOT, add_year, fixture, read_table, scratch_project


@pytest.fixture(scope="module")
def year_2025(tmp_path_factory):
    root = scratch_project(tmp_path_factory.mktemp("provisional"))
    assert add_year(root, 2025, fixture(2025)).code == 0
    return root


def test_banner_counts_pending_and_auto_and_links_the_review_page(year_2025):
    paths = Paths(year_2025)
    pending = len(extract(paths, 2025).pending)
    auto = int((read_table(year_2025, 2025)["match"] == "auto").sum())
    assert pending > 0 and auto > 0
    assert unsettled(paths, 2025)[:2] == (pending, auto)
    html = banner(2025, year_2025).data
    assert f"2025年数据待审核：{pending + auto}项未确认" in html
    assert f"2025 data awaiting review: {pending + auto} item(s) unconfirmed" in html
    assert "href='review.html'" in html
    trends = banner([2022, 2025], year_2025, "{year}/review.html").data
    assert "href='2025/review.html'" in trends and "2022年" not in trends


def test_a_settled_year_has_no_banner():
    assert banner(2022, ROOT).data == ""


def test_auto_figures_are_marked_and_periods_shown():
    row = {"value": 42420000.0, "unit": "元", "qualifier": "exact", "period": "1-11", "match": "auto"}
    assert shown(row) == "4,242万元 (1-11月) ⚠"
    assert shown(row | {"period": "year", "match": "rule"}) == "4,242万元"
    assert shown(row | {"match": "confirmed"}) == "4,242万元 (1-11月)"


def test_strict_refuses_a_year_awaiting_review(year_2025):
    paths = Paths(year_2025)
    check_years(paths, [2022, 2025])  # provisional, but checks pass
    with pytest.raises(CheckFailed) as info:
        check_years(paths, [2022, 2025], strict=True)
    assert "2025 review:" in info.value.render() and "reportbook review 2025" in info.value.render()
    check_years(paths, [2022], strict=True)
    assert parser().parse_args(["build", "--strict"]).strict


def _run_pages(root, year: int) -> dict[str, str]:
    """Run every template's code cells in-process (no kernel) for `year`; the name → error of those that fail."""
    failed = {}
    cwd = os.getcwd()
    try:
        os.chdir(root)
        for nb in sorted((root / "notebooks").glob("*.ipynb")):
            ns: dict = {}
            for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
                if cell["cell_type"] != "code":
                    continue
                source = "".join(cell["source"])
                if "parameters" in cell["metadata"].get("tags", []):
                    source = f"year = {year}\nroot = {str(root)!r}\nexecuted_dir = 'book/{year}'"
                try:
                    exec(source, ns)
                except Exception as exc:  # noqa: BLE001 - collected and reported
                    failed[nb.stem] = f"{type(exc).__name__}: {exc}"
                    break
    finally:
        os.chdir(cwd)
    return failed


def test_a_year_with_an_empty_table_renders_and_says_so(tmp_path):
    root = scratch_project(tmp_path / "p")
    report = tmp_path / "empty.txt"
    report.write_text("双山街道工作报告\n强党建促提升 奋力打造活力双山\n街道持续推进党建引领基层治理工作。\n", encoding="utf-8")
    assert add_year(root, 2030, report, "--force").code == 0  # nothing usable: refused unless forced
    assert len(read_table(root, 2030)) == 0
    assert _run_pages(root, 2030) == {}
    html = banner(2030, root).data
    assert "2030年暂无可显示的数据" in html and "Nothing to show for 2030 yet" in html
