"""Bad input gets a clear error naming the file, the place and the fix; nothing is written."""
from __future__ import annotations

import pytest

from reportbook.cli import main


def run(scratch, capsys, *args):
    code = main(["--root", str(scratch.root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def csv_bytes(scratch):
    return scratch.indicators(2022).read_bytes()


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_data_passes(scratch, capsys):
    code, out, _ = run(scratch, capsys, "check")
    assert code == 0
    assert out.count(" ok ") == 6 and "FAIL" not in out


def test_gb18030_report(scratch, capsys):
    before = csv_bytes(scratch)
    text = scratch.report(2022).read_text(encoding="utf-8")
    scratch.report(2022).write_bytes(text.encode("gb18030"))
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 2
    assert "data/reports/2022.txt" in err and "GB18030" in err and "iconv" in err
    assert "Traceback" not in err
    assert csv_bytes(scratch) == before


def test_undecodable_report(scratch, capsys):
    scratch.report(2022).write_bytes(b"\xff\xfe\x00\x81\xff" * 10)
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 2 and "not UTF-8" in err and "byte offset" in err


def test_empty_report(scratch, capsys):
    scratch.report(2022).write_text("  \n\n", encoding="utf-8")
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 2 and "empty" in err and "data/reports/2022.txt" in err


def test_year_without_report(scratch, capsys):
    code, _, err = run(scratch, capsys, "extract", "2031")
    assert code == 2 and "no report for 2031" in err and "2022" in err and "add-year" in err


def test_malformed_curation_yaml(scratch, capsys):
    replace_in(scratch.curation(2022), "paragraphs:\n", "paragraphs: [\n")
    code, _, err = run(scratch, capsys, "check")
    assert code == 2 and "data/reports/2022.yml:" in err and "not valid YAML" in err


def test_unknown_section_in_curation(scratch, capsys):
    replace_in(scratch.curation(2022), "section: safe", "section: secure")
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 2 and "'secure'" in err and "use one of" in err


def test_rule_matching_two_figures(scratch, capsys):
    before = csv_bytes(scratch)
    replace_in(scratch.catalog, "match: {after: [专班], sentence: [疫|核酸]}", "match: {after: [工作组|专班]}")
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 1
    assert "rule of epidemic_task_forces matches 2 figures" in err and "'10个'" in err and "'29个'" in err
    assert "nothing was written" in err
    assert csv_bytes(scratch) == before


def test_rule_matching_no_figure(scratch, capsys):
    before = csv_bytes(scratch)
    replace_in(scratch.catalog, "match: {before: [欠薪]}", "match: {before: [讨薪]}")
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 1
    assert "wage_arrears_cases" in err and "matches no figure" in err and "absent" in err
    assert "'284件'" in err and "matches no indicator" in err
    assert csv_bytes(scratch) == before


def test_duplicate_catalog_id(scratch, capsys):
    replace_in(scratch.catalog, "  - id: dust_inspections", "  - id: pollution_inspections")
    code, _, err = run(scratch, capsys, "check")
    assert code == 2 and "defined twice" in err and "data/catalog.yml:" in err


def test_hand_edited_table_is_caught(scratch, capsys):
    replace_in(scratch.indicators(2022), ",31405,件,", ",31406,件,")
    code, out, _ = run(scratch, capsys, "check")
    assert code == 1
    assert "FAIL regenerated" in out and "31406" in out


def test_quote_not_in_report_is_caught(scratch, capsys):
    replace_in(scratch.indicators(2022), "承办工单19778件", "承办工单19779件")
    code, out, _ = run(scratch, capsys, "check")
    assert code == 1 and "FAIL positions" in out and "does not occur verbatim" in out


def test_wrong_offsets_are_caught(scratch, capsys):
    replace_in(scratch.indicators(2022), ",1430,1436", ",1431,1436")
    code, out, _ = run(scratch, capsys, "check")
    assert code == 1 and "is not a figure as written" in out


def test_not_figure_entry_naming_missing_text(scratch, capsys):
    replace_in(scratch.curation(2022), "text: 24小时追阳", "text: 25小时追阳")
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 1 and "25小时追阳" in err and "'24小时'" in err


@pytest.mark.parametrize("column,bad", [("qualifier", "roughly"), ("unit", "斤"), ("year", "2022a")])
def test_schema_errors(scratch, capsys, column, bad):
    import csv
    import io
    text = scratch.indicators(2022).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rows[0][column] = bad
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    scratch.indicators(2022).write_text(out.getvalue(), encoding="utf-8")
    code, stdout, _ = run(scratch, capsys, "check")
    assert code == 1 and "FAIL schema" in stdout and f"{bad!r}" in stdout and "2022.csv:2" in stdout
