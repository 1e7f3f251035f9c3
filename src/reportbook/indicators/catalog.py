"""The indicator catalog (data/catalog.yml): each measure once, with the rule that finds it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportbook.errors import ReportbookError
from reportbook.paths import Paths
from reportbook.indicators.sections import SLUGS
from reportbook.text.lexicon import WRITTEN_UNITS
from reportbook.yamlfile import check_keys, load_yaml

_FIRST = (
    "元", "人", "人次", "户", "件", "次", "个", "条", "项", "套", "家", "场", "支", "处", "块", "小时",
    "类", "级", "%", "share", "百分点", "千分点", "平方米", "亩", "公里", "米", "吨", "辆", "所", "座", "批", "轮", "天",
    "部", "台", "栋", "间", "种",
)
#: the units an indicator is kept in: every base unit the scanner reads (its WRITTEN_UNITS map what a
#: text writes to these), so that a new measure counted in 起 or 例 can become an indicator
BASE_UNITS = _FIRST + tuple(u for u in dict.fromkeys(WRITTEN_UNITS.values()) if u not in _FIRST)
MATCH_KEYS = ("before", "after", "clause", "sentence", "not_before", "follows")
ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Rule:
    """Words around a figure that identify an indicator (see the header of data/catalog.yml)."""

    before: tuple[re.Pattern, ...] = ()
    after: tuple[re.Pattern, ...] = ()
    clause: tuple[re.Pattern, ...] = ()
    sentence: tuple[re.Pattern, ...] = ()
    not_before: tuple[re.Pattern, ...] = ()
    follows: str | None = None


@dataclass(frozen=True)
class Indicator:
    """One catalog entry."""

    id: str
    section: str
    label_zh: str
    label_en: str
    unit: str
    rules: tuple[Rule, ...]  # alternatives: a figure matches when any one of them does
    line: int
    headline: bool = False
    growth_of: str | None = None


@dataclass(frozen=True)
class Catalog:
    """All indicators, in catalog order."""

    indicators: tuple[Indicator, ...]
    where: str
    by_id: dict = field(default_factory=dict)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]


def _patterns(value, key: str, at: str) -> tuple[re.Pattern, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ReportbookError(f"match.{key} must be a list of words or patterns", at, f"write `{key}: [词, 词|词]`")
    try:
        return tuple(re.compile(v) for v in value)
    except re.error as exc:
        raise ReportbookError(f"match.{key}: bad pattern ({exc})", at, "fix the regular expression") from None


def _rule(match: dict, ind_id: str, where: str, at: str) -> Rule:
    check_keys(match, set(MATCH_KEYS), set(), where)
    if not any(k in match for k in ("before", "after", "clause", "sentence")):
        raise ReportbookError(f"{ind_id}: the rule needs words (before/after/clause/sentence)", at)
    return Rule(**{k: _patterns(match[k], k, at) for k in MATCH_KEYS[:-1] if k in match},
                follows=match.get("follows"))


def _indicator(item: dict, where: str) -> Indicator:
    at = f"{where}:{item.line}"
    check_keys(item, {"id", "section", "label_zh", "label_en", "unit", "match", "headline", "growth_of"},
               {"id", "section", "label_zh", "label_en", "unit"}, where)
    if not ID.match(str(item["id"])):
        raise ReportbookError(f"id {item['id']!r} is not snake_case", at, "use lower-case letters, digits and _")
    if item["section"] not in SLUGS:
        raise ReportbookError(f"unknown section {item['section']!r} for {item['id']}", at, f"use one of: {', '.join(SLUGS)}")
    if item["unit"] not in BASE_UNITS:
        raise ReportbookError(f"unknown unit {item['unit']!r} for {item['id']}", at, f"use a base unit: {' '.join(BASE_UNITS)}")
    match = item.get("match", [])  # no rule: found by the analyst's confirmed matches and by learning
    alternatives = match if isinstance(match, list) else [match]
    if "match" in item and not alternatives or not all(isinstance(m, dict) and m for m in alternatives):
        raise ReportbookError(f"{item['id']}: `match` must be a mapping, or a list of mappings (alternatives)",
                              at, f"keys: {', '.join(MATCH_KEYS)}")
    rules = tuple(_rule(m, item["id"], where, at) for m in alternatives)
    return Indicator(str(item["id"]), item["section"], str(item["label_zh"]), str(item["label_en"]), item["unit"],
                     rules, item.line, bool(item.get("headline", False)), item.get("growth_of"))


def load_catalog(paths: Paths) -> Catalog:
    """Read and validate data/catalog.yml: unique ids, known sections and units, valid rules."""
    where = str(paths.catalog.relative_to(paths.root))
    doc = load_yaml(paths.catalog, where)
    if not isinstance(doc, dict) or not isinstance(doc.get("indicators"), list):
        raise ReportbookError("must be a mapping with a list `indicators:`", where)
    indicators = [_indicator(item, where) for item in doc["indicators"]]
    by_id: dict[str, Indicator] = {}
    for ind in indicators:
        if ind.id in by_id:
            raise ReportbookError(
                f"indicator id {ind.id!r} is defined twice (lines {by_id[ind.id].line} and {ind.line})",
                f"{where}:{ind.line}", "give each indicator a unique id",
            )
        by_id[ind.id] = ind
    for ind in indicators:
        for ref in (*(r.follows for r in ind.rules), ind.growth_of):
            if ref is not None and ref not in by_id:
                raise ReportbookError(f"{ind.id} refers to unknown indicator {ref!r}", f"{where}:{ind.line}")
    return Catalog(tuple(indicators), where, by_id)
