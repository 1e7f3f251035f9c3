"""Segmentation of the 2022 report: headers, the curation file, and accounting for every character."""
from __future__ import annotations

import pytest

from reportbook.text.curation import ParagraphDecision, load_curation
from reportbook.errors import CheckFailed, ReportbookError
from reportbook.text.report import load_report
from reportbook.text.segment import reading_order, segment, unaccounted


@pytest.fixture(scope="module")
def segs(paths):
    return segment(load_report(paths, 2022).text, load_curation(paths, 2022))


def starts(segs, section):
    return [s.text[:6] for s in reading_order(segs) if s.section == section]


def test_every_character_is_in_exactly_one_place(paths, segs):
    text = load_report(paths, 2022).text
    assert unaccounted(text, segs) == []
    nonblank = lambda t: sum(not ch.isspace() for ch in t)  # noqa: E731
    assert sum(nonblank(s.text) for s in segs) == nonblank(text)


def test_missing_happy_header_is_curated(segs):
    assert starts(segs, "happy") == ["始终把安置房", "城市品质不断", "民生福祉持续"]


def test_scrambled_paragraphs_in_reading_order(segs):
    assert starts(segs, "civilized") == ["精治理求突破", "推进“精治”", "创新热线联动", "带班,会商解", "志愿服务蔚然"]
    assert starts(segs, "safe") == ["守底线保稳定", "抓好国庆等重", "筑牢疫情防控"]
    assert starts(segs, "overview") == ["创新实干 勇", "努力打造近悦", "通讯员 张田", "2022年以", "鲲鹏展翅凌万"]


def test_captions_are_not_in_any_section(segs):
    captions = [s.text for s in segs if s.role == "caption"]
    assert len(captions) == 5 and "三涧溪村安置房" in captions
    assert all(s.section is None for s in segs if s.role == "caption")


def test_headers_found_by_pattern(segs):
    headers = {s.section: s.text for s in segs if s.role == "header"}
    assert set(headers) == {"vibrant", "prosperous", "civilized", "beautiful", "safe"}


def _edit(scratch, old, new):
    path = scratch.curation(2022)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_curation_naming_text_that_does_not_exist(scratch):
    _edit(scratch, "at: 志愿服务蔚然成风", "at: 志愿服务不存在")
    with pytest.raises(ReportbookError) as err:
        segment(load_report(scratch, 2022).text, load_curation(scratch, 2022))
    assert "data/reports/2022.yml:" in err.value.where and "志愿服务不存在" in err.value.what


def test_curation_with_unknown_section(scratch):
    _edit(scratch, "section: happy", "section: joyful")
    with pytest.raises(ReportbookError) as err:
        load_curation(scratch, 2022)
    assert "joyful" in err.value.what and "vibrant" in err.value.fix


def test_curation_with_unknown_key(scratch):
    _edit(scratch, "    reason: the byline", "    sectoin: overview\n    reason: the byline")
    with pytest.raises(ReportbookError) as err:
        load_curation(scratch, 2022)
    assert "sectoin" in err.value.what and err.value.where.startswith("data/reports/2022.yml:")


def test_ambiguous_opening_text(scratch):
    _edit(scratch, "at: 抓好国庆等重要节假日", "at: 抓")
    with pytest.raises(ReportbookError) as err:
        segment(load_report(scratch, 2022).text, load_curation(scratch, 2022))
    assert "starts 2 paragraphs" in err.value.what


def test_uncurated_paragraph_before_any_header(scratch):
    _edit(scratch, "  - at: 通讯员 张田田\n    section: overview\n    role: masthead\n", "  - at: 通讯员 张田田\n")
    with pytest.raises(CheckFailed) as err:
        segment(load_report(scratch, 2022).text, load_curation(scratch, 2022))
    assert "report line 7" in err.value.what


# ---------------------------------------------------------------- issue 11: headers in any common form
from reportbook.text.headers import header_section  # noqa: E402


@pytest.mark.parametrize("line, slug", [
    ("强党建促提升 奋力打造活力双山", "vibrant"),
    ("党建引领聚合力 活力双山动能澎湃", "vibrant"),
    ("一、活力双山", "vibrant"),
    ("（一）富裕双山：项目建设提质增效", "prosperous"),
    ("【幸福双山】", "happy"),
    ("奋力打造文明双山", "civilized"),
    ("美 丽 双 山", "beautiful"),
    ("平安双山建设", "safe"),
    ("建设美丽双山", "beautiful"),
    ("2.平安双山", "safe"),
    ("三、守底线保稳定，平安双山", "safe"),
])
def test_headers_in_any_common_form(line, slug):
    assert header_section(line).slug == slug


@pytest.mark.parametrize("line", [
    "以“活力、富裕、幸福、文明、美丽、平安双山”六个双山建设为主要抓手",  # the lead lists all six
    "活力双山、富裕双山",
    "全力打造活力双山，推动发展。",  # a sentence
    "三涧溪村安置房",  # a caption
    "围绕奋力打造活力双山目标，街道党工委坚持以党建引领基层治理，全面推进各项工作取得新成效",  # too long
    "双山街道",
])
def test_not_headers(line):
    assert header_section(line) is None


def segment_2023(body: str):
    """Segments of a small 2023 report: a masthead line, a lead paragraph (both curated), then `body`."""
    from reportbook.text.curation import Curation
    cur = Curation(2023, "2023.yml", {"year": 2023},
                   (ParagraphDecision("双山街道", "masthead", 1, "overview", "masthead"),
                    ParagraphDecision("全年完成", "lead", 2, "overview", "lead")))
    return segment("双山街道2023年工作综述\n全年完成税收20亿元。\n" + body, cur)


def test_sections_in_any_order_and_one_missing():
    segs = segment_2023("【平安双山】\n安全生产形势稳定。\n"
                        "一、活力双山\n党建引领成效明显。\n（三）美丽双山：生态环境持续改善\n河道治理完成。\n")
    assert [(s.text[:4], s.role, s.section) for s in segs] == [
        ("双山街道", "masthead", "overview"), ("全年完成", "lead", "overview"),
        ("【平安双", "header", "safe"), ("安全生产", "body", "safe"),
        ("一、活力", "header", "vibrant"), ("党建引领", "body", "vibrant"),
        ("（三）美", "header", "beautiful"), ("河道治理", "body", "beautiful"),
    ]


@pytest.mark.parametrize("line, slug", [
    ("【活力双山】全年发展党员12名，新建党群服务站3处。", "vibrant"),
    ("富裕双山：项目为王。全年签约项目9个。", "prosperous"),
    ("一、幸福双山。全年交付安置房3000套。", "happy"),
    ("（四）文明双山——网格精治。全年办结工单2万件。", "civilized"),
    ("◎美丽双山｜生态优先。整治扬尘污染源32处。", "beautiful"),
])
def test_a_header_printed_at_the_start_of_a_paragraph(line, slug):
    from reportbook.text.headers import opening_header

    assert header_section(line) is None  # not a header line: running text follows it
    assert opening_header(line).slug == slug


@pytest.mark.parametrize("line", [
    "奋力打造美丽双山。全年整治扬尘污染源32处。",  # a sentence of the text, no header form
    "2022年，双山街道全力打造“六个双山”：活力双山动能强劲，富裕双山底气十足。",  # the lead
    "全年完成税收19亿元，活力、富裕、幸福、文明、美丽、平安双山建设全面推进。",
    "【活力双山】",  # a header line of its own, not running text
])
def test_not_a_header_at_the_start_of_a_paragraph(line):
    from reportbook.text.headers import opening_header

    assert opening_header(line) is None


def test_a_paragraph_that_opens_with_its_header_starts_the_section():
    segs = segment_2023("【平安双山】安全生产形势稳定。\n消防检查1200次。\n一、活力双山：党建引领成效明显。\n发展党员12名。\n")
    assert [(s.text[:4], s.role, s.section) for s in segs] == [
        ("双山街道", "masthead", "overview"), ("全年完成", "lead", "overview"),
        ("【平安双", "body", "safe"), ("消防检查", "body", "safe"),
        ("一、活力", "body", "vibrant"), ("发展党员", "body", "vibrant"),
    ]
    assert segs[2].reason == "opens with the 平安 header" and segs[2].reason_zh == "段首是平安的板块标题"
    assert segs[3].reason == "below the 平安 header"
