"""The source page: the report text in reading order, every number highlighted and anchored."""
from __future__ import annotations

import re

from IPython.display import Markdown

from reportbook.pages import markdown as md
from reportbook.pages.chapter import YearBook
from reportbook.text.segment import Segment, reading_order

HIGHLIGHT = {"indicator": "rb-fig", "unmatched": "rb-fig"}
SKIP = {"word"}  # numeral characters inside ordinary words (一流, 三涧溪) are not highlighted
ROLES = {"masthead": "报头", "header": "板块标题", "lead": "导语", "body": "正文", "closing": "结语",
         "caption": "图片说明", "noise": "版面杂项"}
# What a number that is not an indicator is (a token's status), in Chinese.
KINDS = {"not_figure": "不是指标", "caption": "图片说明中的数字", "date": "日期", "period": "时段", "code": "编号",
         "name": "名称", "ordinal": "序数", "word": "词语中的数字", "unmatched": "未匹配的数字", "indicator": "指标"}


# The number scanner's reasons (text/scanner.py, English), as reader pages show them in Chinese; the
# words in brackets are the report's. A reason of another form (a name's, from data/numbered_names.yml,
# written in Chinese there) is shown as written.
SCANNER_REASONS = tuple((re.compile(rf"^{pattern} \((?P<text>.*)\)$", re.S), zh) for pattern, zh in (
    (r"numeral inside a word, not followed by a measure word", "词语中的数字，后面没有量词"),
    (r"一 \+ a measure word means 'a' or 'each', not a count", "“一”加量词是“一个”“每个”的意思，不是计数"),
    (r"numeral characters that do not form one valid numeral", "几个数字字符连写，不构成一个有效的数"),
    (r"a multiplier without a digit is not a number", "没有数字的“万”“亿”等不是数"),
    (r"not a valid numeral", "不是有效的数"),
    (r"a date", "日期"), (r"a year", "年份"), (r"a time of day", "时刻"),
    (r"the year of a document number", "文号中的年份"),
    (r"a period of (?:months|years|days)", "时段"),
    (r"a number in quotes used as a name", "引号中的数字，用作名称"), (r"a number used as a name", "用作名称的数字"),
    (r"a hotline or emergency number", "热线或紧急电话号码"), (r"a hotline number", "热线号码"),
    (r"a code or road number", "编号或道路编号"), (r"a code with Latin letters", "带字母的编号"),
    (r"a serial number", "序号"), (r"a phase of a project", "项目的期数"),
    (r"an age group", "年龄段"), (r"ordinal", "序数"), (r"a party congress", "党的代表大会的届次（名称）"),
    (r"a floor of an address", "地址中的楼层"), (r"a grade", "等级（名称）"), (r"a telephone number", "电话号码"),
    (r"round the clock, an attribute, not a duration", "全天候，表示属性，不是时长"),
    (r"a number of \d+ digits, more than any figure of a report has \(an ID, account or registration number; "
     r"a table of 64-bit floats could not hold it exactly\)", "位数过多的数字，不是指标（证件号、账号或登记号）"),
))


def reason_zh(reason: str) -> str:
    """A scanner reason in Chinese (`a date (9月份)` → `日期（9月份）`); any other reason as it is."""
    for pattern, zh in SCANNER_REASONS:
        m = pattern.match(reason)
        if m:
            return f"{zh}（{m.group('text')}）"
    return reason


def kind_zh(status: str) -> str:
    """A token's status as a reader reads it (not_figure → 不是指标)."""
    return KINDS.get(status, status)


def token_reason(book: YearBook, token) -> str:
    """Why a number is not an indicator: the curation's Chinese reason where it has one, else the reason."""
    if token.status == "not_figure":
        zh = {n.reason: n.reason_zh for n in book.extraction.curation.not_figures if n.reason_zh}
        return zh.get(token.detail, token.detail)
    if token.status == "caption":
        return f"在{ROLES.get(token.segment.role, token.segment.role)}中，不属于报告正文"
    return reason_zh(token.detail)


def anchored(token) -> bool:
    """Whether the source page gives this number an anchor (`fig-<start>`) to link to."""
    return token.status not in SKIP and token.segment.section is not None


def intro(book: YearBook) -> Markdown:
    """Source metadata and the legend of the highlights."""
    ex = book.extraction
    src = ex.curation.source
    names = {"title": "标题", "subtitle": "副标题", "correspondent": "记者", "outlet": "刊发", "place": "地点",
             "encoding": "编码"}
    rows = [[names[k], md.escape(str(src[k]))] for k in names if src.get(k)]
    rows += [["文件", md.code(f"data/reports/{book.year}.txt")], ["SHA-256", md.code(ex.report.sha256)],
             ["字数", f"{len(ex.report.text):,}（非空白 {sum(not c.isspace() for c in ex.report.text):,}）"],
             ["段落", f"{len(ex.segments)}"]]
    legend = (
        "\n\n下面是报告原文，一字未改，只按整理文件 "
        f"{md.code(f'data/reports/{book.year}.yml')} 排成阅读顺序（每处调整都在段落上方的灰色说明里写明理由）。"
        + md.span("底色标出", classes=("rb-fig",)) + "的数字是指标表中的数字（鼠标悬停可见指标名称），"
        + md.span("虚线标出", classes=("rb-nonfig",)) + "的数字不是指标（日期、名称、编号等，悬停可见理由）。"
    )
    return Markdown(md.table(["来源", "内容"], rows) + legend)


def _paragraph(book: YearBook, seg: Segment) -> str:
    text = book.extraction.report.text
    tokens = [t for t in book.extraction.tokens if t.segment.index == seg.index and t.status not in SKIP]
    out, at = [], seg.start
    for t in tokens:
        out.append(md.escape(text[at:t.figure.start]))
        if t.status in HIGHLIGHT:
            ind = book.catalog.by_id.get(t.detail)
            title = f"{ind.label_zh} · {ind.label_en}" if ind else "未匹配的数字"
            out.append(md.span(t.figure.text, f"fig-{t.figure.start}", (HIGHLIGHT[t.status],), title))
        else:
            out.append(md.span(t.figure.text, f"fig-{t.figure.start}", ("rb-nonfig",),
                               f"{kind_zh(t.status)}：{token_reason(book, t)}"))
        at = t.figure.end
    out.append(md.escape(text[at:seg.end]))
    note = f"报告第{seg.line}行 · {ROLES.get(seg.role, seg.role)}"
    if seg.truncated:
        note += " · " + {"start": "开头残缺", "end": "结尾残缺"}.get(seg.truncated, "残缺")
    if seg.reason_zh and seg.role != "header":
        note += f" · {seg.reason_zh}"
    english = seg.reason if seg.curated and seg.reason != seg.reason_zh else None  # the analyst's own words, on hover
    body = "".join(out)
    if seg.role == "header":
        body = f"<strong>{body}</strong>"
    return md.span(note, classes=("rb-note",), title=english) + "\n\n" + body


def section_text(book: YearBook, slug: str) -> Markdown:
    """The section's paragraphs in reading order."""
    segs = [s for s in reading_order(book.extraction.segments) if s.section == slug]
    if not segs:
        return Markdown(md.note(f"{book.year}年报告没有属于这一部分的段落。"))
    return Markdown("\n\n".join(_paragraph(book, s) for s in segs))


def captions(book: YearBook) -> Markdown:
    """Photo captions and noise: shown as such, with their reason."""
    segs = [s for s in book.extraction.segments if s.section is None]
    if not segs:
        return Markdown(md.note("本报告没有图片说明或版面杂项。"))
    rows = [[md.escape(s.text), f"{md.escape(ROLES.get(s.role, s.role))} · 第{s.line}行<br>{md.escape(s.reason_zh)}"]
            for s in segs]
    return Markdown(md.table(["文字", "类别与理由"], rows))
