"""A year's curation file (data/reports/<year>.yml): source metadata and analyst decisions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportbook.errors import ReportbookError
from reportbook.paths import Paths
from reportbook.indicators.sections import SLUGS
from reportbook.yamlfile import check_keys, load_yaml

ROLES = ("masthead", "header", "lead", "body", "closing", "caption", "noise")
TRUNCATED = ("start", "end", "both")
SOURCE_KEYS = {"year", "title", "subtitle", "correspondent", "outlet", "place", "encoding", "received_as"}
# Every decision carries a `reason` (in any language) and may carry `reason_zh`, the Chinese form that
# reader pages show; pages show `reason` where there is no `reason_zh`.
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class ParagraphDecision:
    """Where one paragraph (identified by its opening text `at`) belongs, and why."""

    at: str
    reason: str
    line: int
    section: str | None = None
    role: str | None = None
    continues: str | None = None
    after: str | None = None
    truncated: str | None = None
    reason_zh: str | None = None


@dataclass(frozen=True)
class NotFigure:
    """A stretch of text whose numbers are not figures, with the reason."""

    text: str
    reason: str
    line: int
    reason_zh: str | None = None


@dataclass(frozen=True)
class Absent:
    """A catalog indicator this year's report does not state."""

    indicator: str
    reason: str
    line: int
    reason_zh: str | None = None


@dataclass(frozen=True)
class Confirmed:
    """The analyst's match: the figure (as written, first occurrence inside `at`) is this indicator."""

    figure: str
    at: str
    indicator: str
    reason: str
    line: int
    reason_zh: str | None = None


@dataclass(frozen=True)
class Curation:
    """Everything in one curation file."""

    year: int
    where: str
    source: dict
    paragraphs: tuple[ParagraphDecision, ...] = ()
    not_figures: tuple[NotFigure, ...] = ()
    absent: tuple[Absent, ...] = ()
    matches: tuple[Confirmed, ...] = ()
    extra: dict = field(default_factory=dict)


def _list(doc: dict, key: str, where: str) -> list:
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise ReportbookError(f"`{key}` must be a list", where, f"write `{key}:` followed by `- ...` items")
    for item in value:
        if not isinstance(item, dict):
            raise ReportbookError(f"every item of `{key}` must be a mapping, got {item!r}", where)
    return value


def _reason_zh(item: dict, where: str) -> str | None:
    """The optional Chinese reason of a decision: a string with Chinese in it, or absent."""
    value = item.get("reason_zh")
    if value is None:
        return None
    if not isinstance(value, str) or not CJK.search(value):
        raise ReportbookError(f"`reason_zh` must be the reason in Chinese, got {value!r}", f"{where}:{item.line}",
                              "write the reason in Chinese (for example `reason_zh: 图片说明`), or leave `reason_zh` out")
    return value


def _paragraph(item: dict, where: str) -> ParagraphDecision:
    check_keys(item, {"at", "section", "role", "continues", "after", "truncated", "reason", "reason_zh"},
               {"at", "reason"}, where)
    at = f"{where}:{item.line}"
    if item.get("section") is not None and item["section"] not in SLUGS:
        raise ReportbookError(
            f"unknown section {item['section']!r} for paragraph {item['at']!r}", at, f"use one of: {', '.join(SLUGS)}"
        )
    if item.get("role") is not None and item["role"] not in ROLES:
        raise ReportbookError(f"unknown role {item['role']!r}", at, f"use one of: {', '.join(ROLES)}")
    if item.get("truncated") is not None and item["truncated"] not in TRUNCATED:
        raise ReportbookError(f"`truncated` must be one of {', '.join(TRUNCATED)}", at)
    return ParagraphDecision(
        at=str(item["at"]), reason=str(item["reason"]), line=item.line, section=item.get("section"),
        role=item.get("role"), continues=item.get("continues"), after=item.get("after"),
        truncated=item.get("truncated"), reason_zh=_reason_zh(item, where),
    )


def load_curation(paths: Paths, year: int) -> Curation:
    """Read and validate data/reports/<year>.yml."""
    path: Path = paths.curation(year)
    where = str(path.relative_to(paths.root))
    if not path.is_file():
        raise ReportbookError(
            "no curation file", where, f"create it (`reportbook add-year {year} REPORT.txt` writes a skeleton)"
        )
    doc = load_yaml(path, where)
    if not isinstance(doc, dict):
        raise ReportbookError("must be a mapping with `source:` and `paragraphs:`", where)
    check_keys(doc, {"source", "paragraphs", "not_figures", "absent", "matches"}, {"source"}, where)
    source = doc["source"]
    if not isinstance(source, dict):
        raise ReportbookError("`source` must be a mapping", where)
    check_keys(source, SOURCE_KEYS, {"year"}, where)
    if source["year"] != year:
        raise ReportbookError(
            f"source.year is {source['year']!r} but the file is for {year}", f"{where}:{source.line}", f"set `year: {year}`"
        )
    paragraphs = tuple(_paragraph(i, where) for i in _list(doc, "paragraphs", where))
    not_figures = []
    for item in _list(doc, "not_figures", where):
        check_keys(item, {"text", "reason", "reason_zh"}, {"text", "reason"}, where)
        not_figures.append(NotFigure(str(item["text"]), str(item["reason"]), item.line, _reason_zh(item, where)))
    absent = []
    for item in _list(doc, "absent", where):
        check_keys(item, {"indicator", "reason", "reason_zh"}, {"indicator", "reason"}, where)
        absent.append(Absent(str(item["indicator"]), str(item["reason"]), item.line, _reason_zh(item, where)))
    matches = []
    for item in _list(doc, "matches", where):
        check_keys(item, {"figure", "at", "indicator", "reason", "reason_zh"}, {"figure", "at", "indicator", "reason"},
                   where)
        if str(item["figure"]) not in str(item["at"]):
            raise ReportbookError(f"figure {item['figure']!r} is not inside at {item['at']!r}", f"{where}:{item.line}",
                                  "copy the figure as written and a stretch of text around it")
        matches.append(Confirmed(str(item["figure"]), str(item["at"]), str(item["indicator"]), str(item["reason"]),
                                 item.line, _reason_zh(item, where)))
    return Curation(year, where, dict(source), paragraphs, tuple(not_figures), tuple(absent), tuple(matches))
