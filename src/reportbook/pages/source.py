"""The source page: the report text in reading order, every number highlighted and anchored."""
from __future__ import annotations

from IPython.display import Markdown

from reportbook.pages import markdown as md
from reportbook.pages.chapter import YearBook
from reportbook.text.segment import Segment, reading_order

HIGHLIGHT = {"indicator": "rb-fig", "unmatched": "rb-fig"}
SKIP = {"word"}
ROLES = {"masthead": "报头", "header": "板块标题", "lead": "导语", "body": "正文", "closing": "结语",
         "caption": "图片说明", "noise": "版面杂项"}  # numeral characters inside ordinary words (一流, 三涧溪) are not highlighted


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
    rows += [["文件", f"`data/reports/{book.year}.txt`"], ["SHA-256", f"`{ex.report.sha256}`"],
             ["字数", f"{len(ex.report.text):,}（非空白 {sum(not c.isspace() for c in ex.report.text):,}）"],
             ["段落", f"{len(ex.segments)}"]]
    legend = (
        "\n\n下面是报告原文，一字未改，只按整理文件 "
        f"`data/reports/{book.year}.yml` 排成阅读顺序（每处调整都在段落上方的灰色说明里写明理由）。"
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
            out.append(md.span(t.figure.text, f"fig-{t.figure.start}", ("rb-nonfig",), f"{t.status}: {t.detail}"))
        at = t.figure.end
    out.append(md.escape(text[at:seg.end]))
    note = f"报告第{seg.line}行 · {ROLES.get(seg.role, seg.role)}"
    if seg.truncated:
        note += " · " + {"start": "开头残缺", "end": "结尾残缺"}.get(seg.truncated, "残缺")
    if seg.reason and seg.role != "header":
        note += f" · {seg.reason}"
    body = "".join(out)
    if seg.role == "header":
        body = f"**{body}**"
    return md.span(note, classes=("rb-note",)) + "\n\n" + body


def section_text(book: YearBook, slug: str) -> Markdown:
    """The section's paragraphs in reading order."""
    segs = [s for s in reading_order(book.extraction.segments) if s.section == slug]
    if not segs:
        return Markdown(f"_{book.year}年报告没有属于这一部分的段落。_")
    return Markdown("\n\n".join(_paragraph(book, s) for s in segs))


def captions(book: YearBook) -> Markdown:
    """Photo captions and noise: shown as such, with their reason."""
    segs = [s for s in book.extraction.segments if s.section is None]
    if not segs:
        return Markdown("_本报告没有图片说明或版面杂项。_")
    rows = [[str(s.line), s.role, md.escape(s.text), md.escape(s.reason)] for s in segs]
    return Markdown(md.table(["行", "类别", "文字", "理由"], rows))
