"""Bad input gets a clear error naming the file, the place and the fix; nothing is written."""
from __future__ import annotations

import re

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
    assert out.count(" ok ") == 8 and "FAIL" not in out  # 6 per year + derived.yml + charts.yml


def test_gb18030_report(scratch, capsys):
    before = csv_bytes(scratch)
    text = scratch.report(2022).read_text(encoding="utf-8")
    scratch.report(2022).write_bytes(text.encode("gb18030"))
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 2
    assert "data/reports/2022.txt" in err and "GB18030" in err and "iconv" in err
    assert "Traceback" not in err and "--force" not in err  # no fix that replaces the analyst's files
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


def test_reason_zh_must_be_chinese(scratch, capsys):
    replace_in(scratch.curation(2022), "    reason_zh: 领导视察的图片说明\n", "    reason_zh: an inspection visit\n")
    code, _, err = run(scratch, capsys, "check")
    assert code == 2 and "data/reports/2022.yml:" in err and "`reason_zh` must be the reason in Chinese" in err
    assert "Traceback" not in err


def test_unknown_key_beside_reason_zh_is_refused(scratch, capsys):
    replace_in(scratch.curation(2022), "    reason_zh: 领导视察的图片说明\n", "    reason_cn: 领导视察的图片说明\n")
    code, _, err = run(scratch, capsys, "check")
    assert code == 2 and "unknown key(s) reason_cn" in err and "reason_zh" in err


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
    # (24小时 itself is read as round the clock, a name, since round 3: no unmatched figure follows)
    assert code == 1 and "not_figures text '25小时追阳' contains no figure of the report" in err


@pytest.mark.parametrize("column,bad", [("qualifier", "roughly"), ("unit", "英寸"), ("year", "2022a"), ("period", "Q3"),
                                        ("match", "guess"), ("score", "0.700")])
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


# ── add-year on an existing year: nothing the analyst wrote is wiped ──────────────

def decisions(scratch):
    from reportbook.text.curation import load_curation
    cur = load_curation(scratch, 2022)
    return ([(d.at, d.section, d.role, d.continues, d.after, d.truncated, d.reason, d.reason_zh) for d in cur.paragraphs],
            [(n.text, n.reason, n.reason_zh) for n in cur.not_figures], cur.source)


def test_add_year_without_force_recommends_nothing_that_loses_work(scratch, capsys, tmp_path):
    incoming = tmp_path / "report.txt"
    incoming.write_bytes(scratch.report(2022).read_bytes())
    code, _, err = run(scratch, capsys, "add-year", "2022", str(incoming))
    assert code == 2 and "2022 already exists" in err
    assert "reportbook extract 2022" in err and "are kept" in err


def test_add_year_force_keeps_every_decision_that_still_applies(scratch, capsys, tmp_path):
    paragraphs_before, not_figures_before, source_before = decisions(scratch)
    table_before = csv_bytes(scratch)
    assert paragraphs_before and not_figures_before and all(p[-1] for p in paragraphs_before)  # reason_zh kept too
    incoming = tmp_path / "report.txt"
    incoming.write_bytes(scratch.report(2022).read_bytes())
    code, out, err = run(scratch, capsys, "add-year", "2022", str(incoming), "--force")
    assert code == 0, err
    paragraphs_after, not_figures_after, source_after = decisions(scratch)
    assert paragraphs_after == paragraphs_before and not_figures_after == not_figures_before
    assert {k: source_after[k] for k in ("title", "subtitle", "correspondent", "outlet", "place")} == \
        {k: source_before[k] for k in ("title", "subtitle", "correspondent", "outlet", "place")}
    assert csv_bytes(scratch) == table_before  # 71 rows, not 33
    assert "no longer applies" not in out


def test_add_year_force_keeps_the_analysts_comments(scratch, capsys, tmp_path):
    """The comment lines of the curation file (its opening notes and those between entries) survive --force,
    and a second --force does not repeat them."""
    comments = lambda: [line.strip() for line in scratch.curation(2022).read_text(encoding="utf-8").splitlines()  # noqa: E731
                        if line.lstrip().startswith("#")]
    before = comments()
    assert "# Default rule: a paragraph belongs to the section of the nearest header above it in the text." in before
    incoming = tmp_path / "report.txt"
    incoming.write_bytes(scratch.report(2022).read_bytes())
    for _ in range(2):
        code, _, err = run(scratch, capsys, "add-year", "2022", str(incoming), "--force")
        assert code == 0, err
        after = comments()
        assert all(after.count(c) >= 1 for c in before), [c for c in before if c not in after]
        assert all(after.count(c) == before.count(c) for c in before if c != "#")
        written = scratch.curation(2022).read_text(encoding="utf-8")
        note = next((c for c in after if c.startswith("# NOTE: guessed")), "")
        assert sum(map(int, re.findall(r"(\d+) ", note))) == written.count("reason: add-year guess")


def test_add_year_force_lists_and_keeps_decisions_that_no_longer_apply(scratch, capsys, tmp_path):
    text = scratch.report(2022).read_text(encoding="utf-8")
    caption = next(line for line in text.splitlines() if line.startswith("区委书记马志勇"))
    incoming = tmp_path / "report.txt"
    incoming.write_text(text.replace(caption + "\n", "").replace("24小时追阳", "全天追阳"), encoding="utf-8")
    assert "text: 24小时追阳" in scratch.curation(2022).read_text(encoding="utf-8")
    paragraphs_before, _, _ = decisions(scratch)
    code, out, err = run(scratch, capsys, "add-year", "2022", str(incoming), "--force")
    assert code == 0, err
    assert "no longer applies" in out and "'区委书记马志勇'" in out and "'24小时追阳'" in out
    paragraphs_after, not_figures_after, _ = decisions(scratch)
    assert [p for p in paragraphs_before if p[0] != "区委书记马志勇"] == paragraphs_after
    assert "24小时追阳" not in [n[0] for n in not_figures_after]
    kept = scratch.curation(2022).read_text(encoding="utf-8")
    assert "#   - at: 区委书记马志勇" in kept and "#   - text: 24小时追阳" in kept


def test_add_year_force_refuses_when_the_old_curation_is_unreadable(scratch, capsys, tmp_path):
    replace_in(scratch.curation(2022), "paragraphs:\n", "paragraphs: [\n")
    before = scratch.curation(2022).read_bytes()
    incoming = tmp_path / "report.txt"
    incoming.write_bytes(scratch.report(2022).read_bytes())
    code, _, err = run(scratch, capsys, "add-year", "2022", str(incoming), "--force")
    assert code == 2 and "could not be kept" in err and "data/reports/2022.yml:" in err
    assert scratch.curation(2022).read_bytes() == before


# ── input checks ────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("content,message", [
    (b"\x00" * 4096, "NUL characters"),
    ("强党建促提升 奋力打造活力双山\n".encode() + b"\x01\x02\x03\x1b" * 50, "control characters"),
    ("report text".encode("utf-16-le"), "NUL characters"),
    ("报告".encode("utf-16"), "not UTF-8"),
])
def test_text_that_is_no_report_is_refused(scratch, capsys, tmp_path, content, message):
    incoming = tmp_path / "report.txt"
    incoming.write_bytes(content)
    code, _, err = run(scratch, capsys, "add-year", "2023", str(incoming))
    assert code == 2 and message in err and str(incoming) in err and "Traceback" not in err
    assert not scratch.report(2023).exists() and not scratch.curation(2023).exists()


def test_report_with_nul_in_data_is_refused_by_check(scratch, capsys):
    scratch.report(2022).write_bytes(scratch.report(2022).read_bytes() + b"\x00" * 100)
    code, _, err = run(scratch, capsys, "check", "2022")
    assert code == 2 and "NUL characters" in err and "data/reports/2022.txt" in err


def test_a_number_longer_than_a_table_holds_is_a_code_not_a_rounded_figure(scratch, capsys, tmp_path):
    """32 digits (once a decimal.InvalidOperation traceback): not read as a figure that the book's float
    tables would round, but kept in the text as a code with the reason; the rest of the year is read."""
    text = scratch.report(2022).read_text(encoding="utf-8")
    incoming = tmp_path / "report.txt"
    incoming.write_text(text.replace("发掘新就业群体党员11名", "发掘新就业群体党员12345678901234567890123456789012名"),
                        encoding="utf-8")
    code, _, err = run(scratch, capsys, "add-year", "2023", str(incoming))
    assert code == 0, err
    table = scratch.indicators(2023).read_text(encoding="utf-8")
    assert "1234567890123456" not in table and "1.23456789" not in table
    assert ",12643,人," in table  # the party-member households of the same paragraph are still read
    from reportbook.text.scanner import scan
    long = [f for f in scan(incoming.read_text(encoding="utf-8")) if f.text.startswith("1234567890")]
    assert [(f.kind, f.value) for f in long] == [("code", None)]
    assert "32 digits" in long[0].reason


def test_a_run_of_hundreds_of_digits_is_a_code_not_a_crash(scratch, capsys, tmp_path):
    from reportbook.text.scanner import scan
    [f] = scan("编号" + "7" * 400 + "。")
    assert (f.kind, f.value, f.start, f.end) == ("code", None, 2, 402) and "400 digits" in f.reason
    code, out, err = run(scratch, capsys, "figures", str(_written(tmp_path, "全年接待" + "9" * 300 + "人次。")))
    assert code == 0 and "code" in out and "Traceback" not in err


def _written(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_fifteen_digits_are_still_a_figure():
    from reportbook.text.scanner import scan
    [f] = [f for f in scan("完成投资123456789012345元。") if f.kind == "figure"]
    assert f.value == 123456789012345


def test_unreadable_report_file(scratch, capsys, tmp_path, monkeypatch):
    from pathlib import Path
    incoming = tmp_path / "report.txt"
    incoming.write_bytes(scratch.report(2022).read_bytes())
    real = Path.read_bytes

    def denied(self):  # tests run as root, for whom chmod 000 does not deny reading
        if self == incoming:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    code, _, err = run(scratch, capsys, "add-year", "2023", str(incoming))
    assert code == 2 and "permission denied" in err and str(incoming) in err and "Traceback" not in err


def test_report_file_that_is_a_folder(scratch, capsys, tmp_path):
    code, _, err = run(scratch, capsys, "add-year", "2023", str(tmp_path))
    assert code == 2 and str(tmp_path) in err and "Traceback" not in err


@pytest.mark.parametrize("name,expected", [("catalog.yml", 2), ("reports/2022.yml", 2),
                                           ("derived.yml", 1), ("charts.yml", 1)])  # the last two: a FAIL line
def test_gb18030_yaml(scratch, capsys, name, expected):
    path = scratch.data / name
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    code, out, err = run(scratch, capsys, "check")
    assert code == expected and f"data/{name}" in out + err and "not UTF-8" in out + err
    assert "Traceback" not in err


def test_gb18030_indicator_table(scratch, capsys):
    path = scratch.indicators(2022)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    code, _, err = run(scratch, capsys, "check")
    assert code == 2 and "data/indicators/2022.csv" in err and "not UTF-8" in err and "Traceback" not in err


@pytest.mark.parametrize("name,old,new,message", [
    ("derived.yml", "formula: ", "formula: no_such_indicator + ", "unknown indicator(s) no_such_indicator"),
    ("derived.yml", "derived:\n", "derived: 7\nold_derived:\n", "`derived` must be a list"),
    ("charts.yml", "section: ", "section: nowhere_", "unknown section or kind"),
    ("charts.yml", "charts:\n", "charts: {a: 1}\nold_charts:\n", "`charts` must be a list"),
])
def test_check_validates_derived_and_charts(scratch, capsys, name, old, new, message):
    replace_in(scratch.data / name, old, new)
    code, out, err = run(scratch, capsys, "check")
    assert code == 1 and "Traceback" not in err
    assert f"FAIL {name.split('.')[0]}" in out and message in out and f"data/{name}" in out


def test_table_that_cannot_be_written(scratch, capsys):
    scratch.indicators(2022).unlink()
    scratch.indicators(2022).mkdir()  # something in the way of the table: writing it fails
    code, _, err = run(scratch, capsys, "extract", "2022")
    assert code == 2 and "data/indicators/2022.csv" in err and "Is a directory" in err and "Traceback" not in err


def test_read_only_data_folder(scratch, capsys, tmp_path, monkeypatch):
    import tempfile
    incoming = tmp_path / "report.txt"
    incoming.write_bytes(scratch.report(2022).read_bytes())

    def read_only(*args, **kwargs):  # tests run as root, who may write into a read-only folder
        raise PermissionError(13, "Permission denied", kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    code, _, err = run(scratch, capsys, "add-year", "2023", str(incoming))
    assert code == 2 and "data/reports" in err and "Permission denied" in err and "chmod" in err
    assert "Traceback" not in err


def test_a_text_far_longer_than_a_report_is_refused_with_the_way_round(scratch, capsys, tmp_path):
    """A 5 MB text (several documents, or a wrong file) is refused at once, nothing written; --max-chars takes it."""
    import time

    one = scratch.report(2022).read_text(encoding="utf-8")
    incoming = tmp_path / "huge.txt"
    incoming.write_text("\n\n".join(f"{one}\n第{k}份" for k in range(1 + 5_000_000 // len(one))), encoding="utf-8")
    began = time.monotonic()
    code, _, err = run(scratch, capsys, "add-year", "2023", str(incoming))
    assert code == 2 and "characters: an annual work report has 3,000 to 60,000" in err and str(incoming) in err
    assert "--max-chars" in err and "Traceback" not in err
    assert not scratch.report(2023).exists() and not scratch.curation(2023).exists()
    assert time.monotonic() - began < 120  # a guard against a hang, not a speed target


def test_max_chars_below_the_report_refuses_it(scratch, capsys, tmp_path):
    incoming = tmp_path / "report.txt"
    incoming.write_bytes(scratch.report(2022).read_bytes())
    code, _, err = run(scratch, capsys, "add-year", "2023", str(incoming), "--max-chars", "1000")
    assert code == 2 and "--max-chars" in err
    code, _, err = run(scratch, capsys, "add-year", "2023", str(incoming), "--max-chars", "100000")
    assert code == 0, err
