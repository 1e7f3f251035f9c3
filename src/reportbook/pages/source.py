"""The source page: the report text in reading order, every number highlighted and anchored."""
from __future__ import annotations

from IPython.display import Markdown

from reportbook.pages import markdown as md
from reportbook.pages.chapter import YearBook
from reportbook.text.segment import Segment, reading_order

HIGHLIGHT = {"indicator": "rb-fig", "unmatched": "rb-fig"}
SKIP = {"word"}  # numeral characters inside ordinary words (一流, 三涧溪) are not highlighted


def anchored(token) -> bool:
    """Whether the source page gives this number an anchor (`fig-<start>`) to link to."""
    return token.status not in SKIP and token.segment.section is not None


def intro(book: YearBook) -> Markdown:
    """Source metadata and the legend of the highlights."""
    ex = book.extraction
    src = ex.curation.source
    rows = [[k, md.escape(str(src[k]))] for k in ("title", "subtitle", "correspondent", "outlet", "place", "encoding")
            if src.get(k)]
    rows += [["file", f"`data/reports/{book.year}.txt`"], ["sha256", f"`{ex.report.sha256}`"],
             ["characters", f"{len(ex.report.text):,} ({sum(not c.isspace() for c in ex.report.text):,} non-blank)"],
             ["paragraphs", f"{len(ex.segments)}"]]
    legend = (
        "\n\nThe text below is the report exactly as received, re-ordered into reading order by the "
        f"curation file `data/reports/{book.year}.yml` (each move is explained in the grey note above the "
        "paragraph). " + md.span("Highlighted", classes=("rb-fig",)) + " numbers are figures of the indicator "
        "table (hover for the indicator); " + md.span("dotted", classes=("rb-nonfig",)) + " numbers are not "
        "figures (dates, names, codes; hover for the reason)."
    )
    return Markdown(md.table(["source", "value"], rows) + legend)


def _paragraph(book: YearBook, seg: Segment) -> str:
    text = book.extraction.report.text
    tokens = [t for t in book.extraction.tokens if t.segment.index == seg.index and t.status not in SKIP]
    out, at = [], seg.start
    for t in tokens:
        out.append(md.escape(text[at:t.figure.start]))
        if t.status in HIGHLIGHT:
            ind = book.catalog.by_id.get(t.detail)
            title = f"{t.detail}: {ind.label_en}" if ind else t.detail
            out.append(md.span(t.figure.text, f"fig-{t.figure.start}", (HIGHLIGHT[t.status],), title))
        else:
            out.append(md.span(t.figure.text, f"fig-{t.figure.start}", ("rb-nonfig",), f"{t.status}: {t.detail}"))
        at = t.figure.end
    out.append(md.escape(text[at:seg.end]))
    note = f"report line {seg.line} · {seg.role}"
    if seg.truncated:
        note += f" · cut off at the {seg.truncated}"
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
        return Markdown(f"_No paragraph of the {book.year} report belongs to this section._")
    return Markdown("\n\n".join(_paragraph(book, s) for s in segs))


def captions(book: YearBook) -> Markdown:
    """Photo captions and noise: shown as such, with their reason."""
    segs = [s for s in book.extraction.segments if s.section is None]
    if not segs:
        return Markdown("_No caption or noise line in this report._")
    rows = [[str(s.line), s.role, md.escape(s.text), md.escape(s.reason)] for s in segs]
    return Markdown(md.table(["line", "kind", "text", "why"], rows))
