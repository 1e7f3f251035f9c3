"""Validate a year end to end: each check has a name, what it asserts, and the problems it found."""
from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from reportbook.errors import ReportbookError
from reportbook.indicators.catalog import Catalog
from reportbook.indicators.extract import Extraction
from reportbook.text.lexicon import numbered_names
from reportbook.text.scanner import scan
from reportbook.text.segment import unaccounted
from reportbook.indicators.table import render_csv, validate


@dataclass(frozen=True)
class CheckResult:
    """One named check and its outcome."""

    name: str
    asserts: str
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def _positions(frame, text: str, where: str, names: dict[str, str]) -> list[str]:
    """Every quote occurs verbatim and text[start:end] is the figure as written, inside the quote."""
    problems = []
    figures = {(f.start, f.end): f for f in scan(text, names)}
    for i, row in frame.iterrows():
        at = f"{where}:{i + 2} ({row['indicator']})"
        start, end = int(row["start"]), int(row["end"])
        if (start, end) not in figures or figures[(start, end)].kind != "figure":
            problems.append(f"{at}: text[{start}:{end}] = {text[start:end]!r} is not a figure as written")
        quote, spans, k = row["quote"], [], text.find(row["quote"])
        while k != -1:
            spans.append(k)
            k = text.find(quote, k + 1)
        if not spans:
            problems.append(f"{at}: quote {quote!r} does not occur verbatim in the report")
        elif not any(s <= start and end <= s + len(quote) for s in spans):
            problems.append(f"{at}: the figure at {start}:{end} lies outside every occurrence of its quote")
    return problems


def _against_catalog(frame, catalog: Catalog, where: str) -> list[str]:
    problems = []
    for i, row in frame.iterrows():
        ind = catalog.by_id.get(row["indicator"])
        if ind is None:
            problems.append(f"{where}:{i + 2}: indicator {row['indicator']!r} is not in the catalog")
        elif (row["section"], row["unit"], row["label_zh"], row["label_en"]) != (ind.section, ind.unit, ind.label_zh, ind.label_en):
            problems.append(f"{where}:{i + 2}: {ind.id} disagrees with the catalog (section, unit or labels)")
    return problems


def run_checks(ex: Extraction, csv_text: str | None, where: str) -> list[CheckResult]:
    """All checks of one year, given its extraction and the committed CSV text (None if missing)."""
    text = ex.report.text
    results = [
        CheckResult("accounting", "every non-blank character is in exactly one segment (section, caption or noise)",
                    tuple(unaccounted(text, ex.segments))),
        CheckResult("figures", "every figure is an indicator or listed as not a figure with a reason; "
                    "every rule matches exactly one figure; the curation refers only to text that exists",
                    tuple(ex.problems)),
    ]
    if csv_text is None:
        missing = (f"{where}: missing; run `reportbook extract {ex.year}`",)
        return results + [CheckResult(n, a, missing) for n, a in _TABLE_CHECKS]
    try:
        frame = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        bad = (f"{where}: not a valid CSV ({exc}); regenerate it with `reportbook extract {ex.year}`",)
        return results + [CheckResult(n, a, bad) for n, a in _TABLE_CHECKS]
    schema = validate(frame, where)
    results.append(CheckResult(*_TABLE_CHECKS[0], tuple(schema)))
    names = numbered_names(ex.paths.data / "numbered_names.yml")
    results.append(CheckResult(*_TABLE_CHECKS[1], tuple(_positions(frame, text, where, names)) if not schema else ("schema failed",)))
    results.append(CheckResult(*_TABLE_CHECKS[2], tuple(_against_catalog(frame, ex.catalog, where)) if not schema else ("schema failed",)))
    fresh = render_csv(ex.rows)
    stale = () if fresh == csv_text else (_first_difference(csv_text, fresh, where, ex.year),)
    results.append(CheckResult(*_TABLE_CHECKS[3], stale))
    return results


_TABLE_CHECKS = (
    ("schema", "the indicator table has exactly the contract's columns and types"),
    ("positions", "every quote occurs verbatim in the report and text[start:end] is the figure as written"),
    ("catalog", "every row's indicator, section, unit and labels agree with the catalog"),
    ("regenerated", "the committed table equals what `reportbook extract` generates now"),
)


def _first_difference(old: str, new: str, where: str, year: int) -> str:
    a, b = old.splitlines(), new.splitlines()
    for n, (x, y) in enumerate(zip(a, b), start=1):
        if x != y:
            return (f"{where}:{n} differs from what `reportbook extract {year}` generates now:\n"
                    f"      committed: {x}\n      generated: {y}")
    return f"{where}: has {len(a)} lines, `reportbook extract {year}` generates {len(b)}"


def check_year(ex: Extraction) -> list[CheckResult]:
    """All checks of one extracted year against its committed indicator table."""
    paths = ex.paths
    target = paths.indicators(ex.year)
    return run_checks(ex, read_committed(target), str(target.relative_to(paths.root)))


def read_committed(path) -> str | None:
    """The committed CSV's text, or None when it does not exist (a clear error if unreadable)."""
    if not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ReportbookError(f"not UTF-8 (byte offset {exc.start})", str(path),
                              "regenerate it with `reportbook extract YEAR`; never edit it by hand") from None
    except OSError as exc:
        raise ReportbookError(f"cannot be read ({exc.strerror or exc})", str(path), "make the file readable") from None


def check_definitions(paths, catalog: Catalog) -> list[CheckResult]:
    """data/derived.yml and data/charts.yml: they parse and name only known ids (before any kernel)."""
    from reportbook.indicators.derived import load_derived
    from reportbook.pages.chart_specs import load_chart_specs, trend_ids

    results, known = [], set(catalog.by_id)
    try:
        spec = load_derived(paths, catalog)
        known |= {item["id"] for item in spec.figures}
        results.append(CheckResult("derived", "data/derived.yml is valid: known sections, formulas of catalog ids", ()))
    except ReportbookError as exc:
        results.append(CheckResult("derived", "data/derived.yml is valid: known sections, formulas of catalog ids",
                                   (exc.render(),)))
    try:
        load_chart_specs(paths, known)
        trend_ids(paths, set(catalog.by_id))
        problems = ()
    except ReportbookError as exc:
        problems = (exc.render(),)
    results.append(CheckResult("charts", "data/charts.yml is valid: known sections and kinds, items of known ids",
                               problems))
    return results

