"""Derived figures and consistency checks (data/derived.yml), computed per year."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportbook.indicators.catalog import Catalog
from reportbook.errors import ReportbookError
from reportbook.indicators.formulas import FormulaError, bound_of, names, outcome
from reportbook.paths import Paths
from reportbook.indicators.sections import SLUGS
from reportbook.yamlfile import check_keys, load_yaml


@dataclass(frozen=True)
class DerivedSpec:
    """What data/derived.yml defines."""

    figures: tuple[dict, ...]
    checks: tuple[dict, ...]


def load_derived(paths: Paths, catalog: Catalog) -> DerivedSpec:
    """Read data/derived.yml; every formula may use only catalog indicator ids."""
    path = paths.data / "derived.yml"
    where = str(path.relative_to(paths.root))
    doc = load_yaml(path, where)
    if not isinstance(doc, dict):
        raise ReportbookError("must be a mapping with `derived:` and `checks:`", where)
    figures, checks = doc.get("derived") or [], doc.get("checks") or []
    for key, items in (("derived", figures), ("checks", checks)):
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ReportbookError(f"`{key}` must be a list of mappings", where, f"write `{key}:` then `- id: …` items")
    for item in figures:
        check_keys(item, {"id", "section", "label_zh", "label_en", "formula", "unit", "implied", "meaning_zh",
                          "meaning_en"},
                   {"id", "section", "label_zh", "label_en", "formula", "unit", "meaning_zh", "meaning_en"}, where)
    for item in checks:
        check_keys(item, {"id", "section", "assert", "meaning", "meaning_zh"},
                   {"id", "section", "assert", "meaning", "meaning_zh"}, where)
    for item in [*figures, *checks]:
        at = f"{where}:{item.line}"
        if item["section"] not in SLUGS:
            raise ReportbookError(f"unknown section {item['section']!r}", at, f"use one of: {', '.join(SLUGS)}")
        expression = item.get("formula") or item["assert"]
        try:
            unknown = [n for n in names(expression) if n not in catalog.by_id]
        except FormulaError as exc:
            raise ReportbookError(str(exc), at, "use indicator ids, numbers, + - * / ( ) and comparisons") from None
        if unknown:
            raise ReportbookError(f"{item['id']} uses unknown indicator(s) {', '.join(unknown)}", at,
                                  f"use ids from {catalog.where}")
    return DerivedSpec(tuple(figures), tuple(checks))


def _inputs(table: pd.DataFrame) -> tuple[dict[str, float], dict[str, str]]:
    values = dict(zip(table["indicator"], table["value"].astype(float)))
    qualifiers = dict(zip(table["indicator"], table["qualifier"]))
    return values, qualifiers


def _of_section(items: list[dict], section: str | None) -> list[dict]:
    """The items of one section (all of them when `section` is None)."""
    return [item for item in items if not section or item["section"] == section]


def derived_figures(spec: DerivedSpec, table: pd.DataFrame, section: str | None = None) -> pd.DataFrame:
    """One row per derived figure: formula, value (None if not computable), unit, and inputs' qualifiers."""
    values, qualifiers = _inputs(table)
    rows = []
    for item in _of_section(spec.figures, section):
        result = outcome(item["id"], item["formula"], values)
        inputs = names(item["formula"])
        inexact = sorted({qualifiers[n] for n in inputs if n in qualifiers} - {"exact"})
        rows.append({
            "id": item["id"], "section": item["section"], "label_zh": item["label_zh"],
            "label_en": item["label_en"], "formula": item["formula"], "value": result.value,
            "unit": item["unit"], "implied": bool(item.get("implied")),
            "inputs_qualified": ", ".join(inexact), "missing": ", ".join(result.missing),
            "qualifier": bound_of(item["formula"], qualifiers),
            "meaning_zh": item["meaning_zh"], "meaning_en": item["meaning_en"],
        })
    return pd.DataFrame(rows, columns=["id", "section", "label_zh", "label_en", "formula", "value", "unit",
                                       "implied", "inputs_qualified", "missing", "qualifier", "meaning_zh",
                                       "meaning_en"])


def consistency_checks(spec: DerivedSpec, table: pd.DataFrame, section: str | None = None) -> pd.DataFrame:
    """One row per check: the assertion, its meaning, and passed / FAILED / not computable."""
    values, _ = _inputs(table)
    rows = []
    for item in _of_section(spec.checks, section):
        result = outcome(item["id"], item["assert"], values)
        status = ("not computable (missing " + ", ".join(result.missing) + ")" if result.value is None
                  else "passed" if result.value else "FAILED")
        rows.append({"id": item["id"], "section": item["section"], "assert": item["assert"],
                     "meaning": item["meaning"], "meaning_zh": item["meaning_zh"], "result": status})
    return pd.DataFrame(rows, columns=["id", "section", "assert", "meaning", "meaning_zh", "result"])
