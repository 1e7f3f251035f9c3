"""add-year reads a report as it will really be written: headers in any style, sections by content,
captions and split paragraphs, and refuses a report that is not Shuangshan's (issue 11 parts 1, 2, 5)."""
from __future__ import annotations

import re

import yaml

from reportbook.cli import main
from reportbook.text.segment import paragraphs
from tests.conftest import ROOT

REPORT_2022 = (ROOT / "data" / "reports" / "2022.txt").read_text(encoding="utf-8")
P2022 = [REPORT_2022[s:e] for s, e, _ in paragraphs(REPORT_2022)]


def para(opening: str) -> str:
    (found,) = [p for p in P2022 if p.startswith(opening)]
    return found


SPLIT = para("保存量强增量")
CUT = SPLIT.index("。") + 1 + SPLIT[SPLIT.index("。") + 1:].index(",") + 1  # after the second clause's comma
ENVIRONMENT = "持续开展大气污染防治，整治扬尘污染源32处，清理河道12公里，新增绿化面积1.2万平方米，河长制巡查实现全覆盖。"
REPORT_2023 = "\n\n".join([
    "双山街道2023年工作综述",
    "通讯员 李明",
    para("2022年以来"),
    "【活力双山】",
    para("引导党群参与"),
    para("深化党建品牌"),
    "二、富裕双山：项目为王",
    para("牢固树立"),
    SPLIT[:CUT],
    "街道领导调研重点项目建设",
    SPLIT[CUT:],
    "（五）文明双山",
    para("推进“精治”"),
    ENVIRONMENT,
    "平安双山建设",
    para("筑牢疫情防控"),
]) + "\n"


def add_year(scratch, capsys, text: str, *extra: str):
    source = scratch.root / "incoming.txt"
    source.write_text(text, encoding="utf-8")
    code = main(["--root", str(scratch.root), "add-year", "2023", str(source), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def decisions(scratch) -> dict[str, dict]:
    doc = yaml.safe_load(scratch.curation(2023).read_text(encoding="utf-8"))
    return {d["at"]: d for d in doc["paragraphs"]}


def of(found: dict[str, dict], paragraph: str) -> dict:
    """The one decision about `paragraph` (its `at` is the paragraph's opening)."""
    (decision,) = [d for at, d in found.items() if paragraph.startswith(at)]
    return decision


def test_headers_captions_continuations_and_a_misplaced_paragraph(scratch, capsys):
    code, out, err = add_year(scratch, capsys, REPORT_2023)
    assert code == 0, err
    found = decisions(scratch)
    by_role = {d.get("role"): d for d in found.values() if d.get("role")}
    assert of(found, "双山街道2023年工作综述")["role"] == "masthead"
    assert by_role["lead"]["at"].startswith("2022年以来")
    caption = of(found, "街道领导调研重点项目建设")
    assert caption["role"] == "caption" and caption["reason"].startswith("add-year guess:")
    cont = next(d for d in found.values() if d.get("continues"))
    assert SPLIT[CUT:].startswith(cont["at"]) and SPLIT.startswith(cont["continues"])
    moved = of(found, ENVIRONMENT)
    assert moved["section"] == "beautiful"
    # the 美丽 header is missing (and the 幸福 one): the environment paragraph ending the 文明 block is its run
    assert re.fullmatch(r"add-year guess: the 美丽双山 header is missing; the last paragraphs under the 文明双山 header "
                        r"read like 美丽双山 together \(log-odds \d+\.\d\); this one: .*(扬尘|污染源|河道).*; check",
                        moved["reason"])
    assert re.fullmatch(r"add-year 猜测：缺少美丽双山的板块标题；文明双山标题下的最后几段合起来读起来像美丽双山（对数几率 \d+\.\d）"
                        r"；本段：.*(扬尘|污染源|河道).*；请核对", moved["reason_zh"])
    # every guess carries its reason in Chinese too, which the source page shows
    assert all(re.search(r"[\u4e00-\u9fff]", d.get("reason_zh", "")) for d in found.values()), found
    # nothing else is moved: the paragraphs under their right headers stay there
    assert sum(1 for d in found.values() if d.get("section") not in (None, "overview")) == 1
    # the curation is usable as written: extract runs on it
    assert main(["--root", str(scratch.root), "extract", "2023"]) in (0, 1)
    capsys.readouterr()


def test_a_report_of_another_place_is_refused(scratch, capsys):
    text = "中大槐树街道2023年工作总结\n\n全年完成地区生产总值50亿元，新增就业岗位1200个。\n\n安全生产形势平稳。\n"
    code, _, err = add_year(scratch, capsys, text)
    assert code == 1
    assert "does not read like a 双山街道 report" in err and "no section header" in err
    assert "of 71 indicators matched" in err and "中大槐树街道" in err
    assert not scratch.report(2023).exists() and not scratch.curation(2023).exists()
    assert not scratch.indicators(2023).exists()


def test_a_report_without_any_section_is_refused_unless_forced(scratch, capsys):
    text = "双山街道2023年工作总结\n\n" + para("2022年以来") + "\n"
    code, _, err = add_year(scratch, capsys, text)
    assert code == 1 and "no section header" in err and not scratch.report(2023).exists()
    code, _, err = add_year(scratch, capsys, text, "--force")
    assert scratch.report(2023).exists() and scratch.curation(2023).exists()


def test_a_paragraph_with_no_header_above_it_gets_a_section_from_what_it_says(scratch, capsys):
    party = "坚持党建引领，深化红色网格党建品牌，发展新就业群体党员12名，开展主题党日活动40余次，凝聚基层党组织力量。"
    text = "\n\n".join(["双山街道2023年工作综述", para("2022年以来"), party, "【富裕双山】", para("牢固树立")]) + "\n"
    code, _, err = add_year(scratch, capsys, text)
    assert code == 0, err
    found = decisions(scratch)
    assert of(found, para("2022年以来"))["role"] == "lead"
    guess = of(found, party)
    assert guess["section"] == "vibrant" and "role" not in guess
    assert re.fullmatch(r"add-year guess: no header above it; reads like 活力双山 \((0\.[89]\d|1\.00): .*党.*\); check",
                        guess["reason"])


def test_a_figure_broken_by_a_line_break_goes_through_to_the_table(scratch, capsys):
    import csv

    text = REPORT_2023.replace("19.77亿元", "19.77亿\n元", 1)
    assert "19.77亿\n元" in text
    code, _, err = add_year(scratch, capsys, text)
    assert code == 0, err
    rows = {r["indicator"]: r for r in csv.DictReader(scratch.indicators(2023).open(encoding="utf-8"))}
    row = rows["tax_revenue"]
    stored = scratch.report(2023).read_text(encoding="utf-8")
    assert (row["value"], row["unit"], row["value_max"]) == ("1977000000", "元", "")
    assert stored[int(row["start"]):int(row["end"])] == "19.77亿\n元" and row["quote"] in stored
    assert main(["--root", str(scratch.root), "check", "2023"]) == 0
    capsys.readouterr()


def test_a_section_whose_header_is_missing_is_found_as_a_run_after_another_sections(scratch, capsys):
    """The 幸福 header is missing (as in the 2022 newspaper): its paragraphs follow the 平安 ones as one run."""
    note = "编者按：本文为双山街道2023年工作综述，所涉数据截至年底"  # no sentence mark: a masthead line, not the lead
    happy = [para("始终把安置房建设"), para("城市品质不断提升"), para("民生福祉持续改善")]
    safe = [para("筑牢疫情防控底线"), para("抓好国庆等重要节假日")]
    text = "\n\n".join([note, "双山街道2023年工作综述", para("2022年以来"), "【活力双山】", para("引导党群参与"),
                        "【平安双山】", *safe, *happy, "【富裕双山】", para("牢固树立")]) + "\n"
    code, out, err = add_year(scratch, capsys, text)
    assert code == 0, err
    found = decisions(scratch)
    assert of(found, note)["role"] == "masthead"
    assert of(found, para("2022年以来"))["role"] == "lead"
    for p in happy:
        d = of(found, p)
        assert d["section"] == "happy", d
        assert d["reason"].startswith("add-year guess: the 幸福双山 header is missing; the last paragraphs under the "
                                      "平安双山 header read like 幸福双山 together")
        assert d["reason_zh"].startswith("add-year 猜测：缺少幸福双山的板块标题")
    assert not [p for p in safe if any(p.startswith(at) for at in found)]  # the 平安 paragraphs stay under their header


def test_a_headerless_section_right_after_the_lead_is_placed_by_what_it_says(scratch, capsys):
    """Above the first header a paragraph is the overview's or that of a section with no header: here 平安."""
    text = "\n\n".join(["双山街道2023年工作综述", para("2022年以来"), para("筑牢疫情防控底线"),
                        "【活力双山】", para("引导党群参与"), "【富裕双山】", para("牢固树立"),
                        "【幸福双山】", para("始终把安置房建设"), "【文明双山】", para("推进“精治”"),
                        "【美丽双山】", ENVIRONMENT]) + "\n"
    code, _, err = add_year(scratch, capsys, text)
    assert code == 0, err
    found = decisions(scratch)
    assert of(found, para("2022年以来"))["role"] == "lead"
    guess = of(found, para("筑牢疫情防控底线"))
    assert guess["section"] == "safe", guess
    assert guess["reason"].startswith("add-year guess: no header above it; reads like 平安双山")


def test_headers_printed_at_the_start_of_paragraphs_are_headers_to_add_year(scratch, capsys):
    """`【活力双山】` + running text on one line: add-year finds every section and guesses nothing for them."""
    parts = [("【活力双山】", para("引导党群参与")), ("富裕双山：", para("牢固树立")),
             ("【幸福双山】", para("始终把安置房建设")), ("（四）文明双山——", para("推进“精治”")),
             ("【美丽双山】", ENVIRONMENT), ("平安双山｜", para("筑牢疫情防控底线"))]
    text = "\n\n".join(["双山街道2023年工作综述", para("2022年以来")] + [h + p for h, p in parts]) + "\n"
    code, out, err = add_year(scratch, capsys, text)
    assert code == 0, err
    assert "no header for" not in out + err
    found = decisions(scratch)
    assert not [at for at in found if any((h + p).startswith(at) for h, p in parts)]  # placed by their headers
    from reportbook.text.curation import load_curation
    from reportbook.text.report import load_report
    from reportbook.text.segment import segment

    segs = segment(load_report(scratch, 2023).text, load_curation(scratch, 2023))
    placed = {s.text[:6]: s.section for s in segs if s.role == "body"}
    assert [placed[(h + p)[:6]] for h, p in parts] == ["vibrant", "prosperous", "happy", "civilized", "beautiful", "safe"]


def test_two_missing_headers_one_after_the_other_are_two_runs(scratch, capsys):
    """幸福 and 美丽 both missing, their paragraphs printed after 富裕's: the run of one ends in the run of the other."""
    happy = [para("始终把安置房建设"), para("城市品质不断提升"), para("民生福祉持续改善")]
    beautiful = [para("进一步加强各类污染治理"), para("提升农村居住环境")]
    text = "\n\n".join(["双山街道2023年工作综述", para("2022年以来"), "【活力双山】", para("引导党群参与"),
                        "【富裕双山】", para("牢固树立"), para("兴楼宇强合作"), *happy, *beautiful,
                        "【文明双山】", para("推进“精治”"), "【平安双山】", para("筑牢疫情防控底线")]) + "\n"
    code, _, err = add_year(scratch, capsys, text)
    assert code == 0, err
    found = decisions(scratch)
    assert [of(found, p)["section"] for p in happy + beautiful] == ["happy"] * 3 + ["beautiful"] * 2
    assert not [p for p in (para("牢固树立"), para("兴楼宇强合作")) if any(p.startswith(at) for at in found)]
