"""Recognise a section header in any common form: a short line standing alone that names one section.

Accepted (the section named may stand anywhere in the line): ``强党建促提升 奋力打造活力双山``,
``党建引领聚合力 活力双山动能澎湃``, ``一、活力双山``, ``（一）富裕双山：…``, ``【幸福双山】``,
``奋力打造文明双山``, ``美 丽 双 山``, ``平安双山建设``.  Not a header: a body sentence (a sentence
mark, or longer than :data:`MAX_HEADER`), or a line that names several sections (the lead's
``活力、富裕、幸福、文明、美丽、平安双山``).  A header may also open a paragraph of running text
(``【活力双山】全年…``, ``富裕双山：项目为王。…``): :func:`headings` gives both kinds, for every paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportbook.indicators.sections import BY_KEYWORD, Section

MAX_HEADER = 30       # characters (without white space) a header may have
MAX_WITH_COMMA = 22   # a line with a comma is a header only when this short
_KEYWORDS = "|".join(BY_KEYWORD)
#: a section named: 活力双山, 活力 双山, 活力建设双山 is not written, 建设活力双山 / 活力双山建设 are
_NAMED = re.compile(rf"({_KEYWORDS})(?:建设)?双山")
_ANY_KEYWORD = re.compile(rf"{_KEYWORDS}")
_SENTENCE_MARKS = re.compile(r"[。！？!?；;]")  # a header is no sentence
_COMMAS = re.compile(r"[，,、]")


_MARKED = re.compile(r"^(?:[（(【\[〔]|[一二三四五六七八九十]+[、.．]|[0-9０-９]+[、.．]|第[一二三四五六七八九十]+)")


def is_body(line: str) -> bool:
    """True for a paragraph of running text: it has a sentence mark or is longer than a header."""
    flat = re.sub(r"\s+", "", line)
    return bool(_SENTENCE_MARKS.search(flat)) or len(flat) > MAX_HEADER


def header_section(line: str, in_masthead: bool = False, next_line: str = "") -> Section | None:
    """The section a line names when it reads as a section header, else None.

    ``in_masthead``: the line comes before any paragraph of running text, where a headline may
    name a section (努力打造近悦远来的活力双山, followed by the byline); there a line is a header
    only when it is numbered or bracketed (``一、活力双山``, ``【活力双山】``) or running text
    (``next_line``) follows it.
    """
    flat = re.sub(r"\s+", "", line)
    if in_masthead and not _MARKED.match(flat) and not is_body(next_line):
        return None
    if not flat or len(flat) > MAX_HEADER or _SENTENCE_MARKS.search(flat):
        return None
    named = {m.group(1) for m in _NAMED.finditer(flat)}
    if len(named) != 1:
        return None
    keyword = next(iter(named))
    # 活力、富裕…双山 lists several sections even when only one is followed by 双山
    others = {k for k in _ANY_KEYWORD.findall(flat) if k != keyword}
    if others and _COMMAS.search(flat):
        return None
    if _COMMAS.search(flat) and len(flat) > MAX_WITH_COMMA:
        return None
    return BY_KEYWORD[keyword]


#: what ends a header printed at the start of a paragraph: a closing bracket, a colon, a dash, a bar
_OPENING_END = re.compile(r"[】\]〕：:—｜|]|。")


def opening_header(line: str) -> Section | None:
    """The section named by a header printed at the start of a paragraph of running text, else None:
    ``【活力双山】全年…``, ``富裕双山：项目为王。…``, ``一、幸福双山。…`` (the header ends at a closing bracket,
    a colon, a dash or a bar; at a full stop only when it is numbered or bracketed, since
    ``奋力打造美丽双山。`` may be a sentence of the text)."""
    flat = line.strip()
    if not is_body(flat):
        return None
    for m in _OPENING_END.finditer(flat, 0, MAX_HEADER + 2):
        head, rest = flat[:m.end()], flat[m.end():].strip()
        if not rest or m.group() == "。" and not _MARKED.match(head):
            continue
        section = header_section(head.rstrip("：:—｜|。"))
        if section is not None:
            return section
    return None


@dataclass(frozen=True)
class Heading:
    """A section header: a line of its own, or printed at the start of a paragraph (``inline``)."""

    section: Section
    inline: bool


def headings(text: str, spans) -> list[Heading | None]:
    """For each paragraph `spans` of `text`, the header it is or opens with (None for most)."""
    from reportbook.text.segment import next_paragraph

    out: list[Heading | None] = []
    seen_body = False
    for i, (s, e, _) in enumerate(spans):
        body = text[s:e]
        section = header_section(body, not seen_body, next_paragraph(text, spans, i))
        seen_body = seen_body or is_body(body)
        inline = None if section else opening_header(body)
        out.append(Heading(section, False) if section else Heading(inline, True) if inline else None)
    return out


def headed_sections(text: str, spans) -> set[str]:
    """The slugs of the sections that have a header among the paragraphs `spans` of `text`."""
    return {h.section.slug for h in headings(text, spans) if h}
