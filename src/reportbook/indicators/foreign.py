"""Refuse a report that does not read like a 双山街道 report, before add-year writes anything."""
from __future__ import annotations

import re

from reportbook.errors import CheckFailed
from reportbook.paths import Paths

HOME = "双山"
#: a place named in the title: 中大槐树街道, 明水镇
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:街道|镇|乡|区|县))")
TITLE_LINES = 4  # the masthead: the first lines of the text


def _matched(paths: Paths, text: str) -> tuple[int, int]:
    """(indicators matched, catalog size) with paragraphs placed by their headers only."""
    from reportbook.indicators.catalog import load_catalog
    from reportbook.indicators.match import match
    from reportbook.text.context import contexts
    from reportbook.text.headers import headings
    from reportbook.text.lexicon import numbered_names
    from reportbook.text.scanner import scan
    from reportbook.text.segment import Segment, paragraphs

    catalog = load_catalog(paths)
    spans = paragraphs(text)
    segments, current = [], "overview"
    for i, heading in enumerate(headings(text, spans)):
        s, e, line = spans[i]
        body = text[s:e]
        current = heading.section.slug if heading else current
        segments.append(Segment(i, s, e, body, line, "body", current, "header guess"))
    names_file = paths.data / "numbered_names.yml"
    figures = [f for f in scan(text, numbered_names(names_file) if names_file.is_file() else None)
               if f.kind == "figure"]
    result = match(catalog, contexts(text, segments, figures), text)
    return len(result.found), len(catalog.indicators)


def refusal(paths: Paths, text: str) -> str | None:
    """Why `text` is not taken in as a year of this book, or None when it reads like one."""
    from reportbook.text.headers import headed_sections
    from reportbook.text.segment import paragraphs

    spans = paragraphs(text)
    sections = headed_sections(text, spans)
    title = "\n".join(text[s:e] for s, e, _ in spans[:TITLE_LINES])
    places = [p for p in dict.fromkeys(_PLACE.findall(title)) if HOME not in p]
    matched, total = _matched(paths, text)
    foreign = bool(places) and HOME not in title
    if sections and matched and not foreign and HOME in text:
        return None
    why = []
    if not sections:
        why.append("no section header")
    why.append(f"{matched} of {total} indicators matched")
    if foreign:
        why.append(f"its title names {'、'.join(places)}")
    if HOME not in text:
        why.append(f"it never names {HOME}")
    return f"this does not read like a {HOME}街道 report: {'; '.join(why)}"


def refuse_foreign(paths: Paths, text: str, where: str) -> None:
    """Raise (exit 1, nothing written) when `text` does not read like a report of this book."""
    why = refusal(paths, text)
    if why:
        raise CheckFailed([why], where, "check that this is the right file; nothing was written. "
                                        "Pass --force to take it in anyway")
