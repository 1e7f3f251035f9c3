"""From a year's report, curation and the catalog to the rows of its indicator table."""
from __future__ import annotations

from dataclasses import dataclass, field

from reportbook.indicators.catalog import Catalog, load_catalog
from reportbook.text.context import Context, contexts
from reportbook.text.curation import Curation, load_curation
from reportbook.text.lexicon import numbered_names
from reportbook.text.scanner import Figure, scan
from reportbook.indicators.match import match
from reportbook.paths import Paths
from reportbook.text.report import Report, load_report
from reportbook.indicators.sections import SLUGS
from reportbook.text.segment import Segment, segment, unaccounted
from reportbook.indicators.table import format_value


@dataclass(frozen=True)
class Token:
    """A number in the report and what became of it."""

    figure: Figure
    status: str          # indicator | not_figure | caption | date | period | code | name | ordinal | word | unmatched
    detail: str          # the indicator id, or the reason it is not one
    segment: Segment


@dataclass(frozen=True)
class Extraction:
    """Everything read from one year: the inputs, the rows, and the problems found."""

    year: int
    paths: Paths
    report: Report
    curation: Curation
    catalog: Catalog
    segments: list[Segment]
    tokens: list[Token]
    contexts: dict[str, Context]   # indicator id -> context of its figure
    rows: list[dict]
    problems: list[str]            # errors: the year's data is wrong
    pending: list[dict] = field(default_factory=list)  # matching gaps of a year under review (<year>.review.yml)


def _segment_of(segments: list[Segment], fig: Figure) -> Segment:
    return next(s for s in segments if s.start <= fig.start < s.end)  # a figure broken by a line break starts here


def _not_figure_reasons(text: str, curation: Curation, figures: list[Figure], problems: list[str]) -> dict[int, str]:
    """Figure start -> reason, for figures inside a `not_figures` text of the curation file."""
    reasons: dict[int, str] = {}
    for item in curation.not_figures:
        covered = []
        at = text.find(item.text)
        while at != -1:
            covered += [f for f in figures if at <= f.start and f.end <= at + len(item.text)]
            at = text.find(item.text, at + 1)
        if not covered:
            problems.append(
                f"{curation.where}:{item.line}: not_figures text {item.text!r} contains no figure of the report; "
                "copy the text exactly as it stands, or remove the entry"
            )
        for fig in covered:
            reasons[fig.start] = item.reason
    return reasons


def _where(fig: Figure, seg: Segment) -> str:
    return f"report line {seg.line}, offset {fig.start}: {fig.text!r}"


def extract(paths: Paths, year: int, catalog: Catalog | None = None, under_review: bool | None = None) -> Extraction:
    """Read and match everything for `year`; nothing is written. Problems are collected, not raised.

    A year under review (default: it has a `<year>.review.yml`) lists its matching gaps as pending
    instead of as problems.
    """
    report = load_report(paths, year)
    curation = load_curation(paths, year)
    catalog = catalog or load_catalog(paths)
    text = report.text
    segments = segment(text, curation)
    problems = [f"report: {p}" for p in unaccounted(text, segments)]
    figures = scan(text, numbered_names(paths.data / "numbered_names.yml"))
    not_fig = _not_figure_reasons(text, curation, [f for f in figures if f.kind == "figure"], problems)
    tokens: list[Token] = []
    countable: list[Figure] = []
    for fig in figures:
        seg = _segment_of(segments, fig)
        if fig.kind != "figure":
            tokens.append(Token(fig, fig.kind, fig.reason or fig.kind, seg))
        elif fig.start in not_fig:
            tokens.append(Token(fig, "not_figure", not_fig[fig.start], seg))
        elif seg.section is None:
            tokens.append(Token(fig, "caption", f"in a {seg.role} line, not part of the report's sections", seg))
        else:
            countable.append(fig)
    ctxs = contexts(text, [s for s in segments if s.section], countable)
    result = match(catalog, ctxs, text)
    absent = {a.indicator: a for a in curation.absent}
    for a in curation.absent:
        if a.indicator not in catalog.by_id:
            problems.append(f"{curation.where}:{a.line}: absent indicator {a.indicator!r} is not in the catalog")
        elif a.indicator in result.found:
            problems.append(f"{curation.where}:{a.line}: {a.indicator} is listed as absent but the report states it")
    gaps = _matching_gaps(catalog, curation, result, ctxs, absent, year)
    if under_review is None:
        under_review = paths.review(year).is_file()
    if not under_review:
        problems += [g["problem"] for g in gaps]
    by_start = {c.figure.start: i for i, c in result.found.items()}
    for fig in countable:
        seg = _segment_of(segments, fig)
        if fig.start in by_start:
            tokens.append(Token(fig, "indicator", by_start[fig.start], seg))
        else:
            tokens.append(Token(fig, "unmatched", "matches no catalog indicator", seg))
    tokens.sort(key=lambda t: t.figure.start)
    rows = [_row(year, catalog, ind_id, ctx, text) for ind_id, ctx in result.found.items()]
    rows.sort(key=lambda r: (SLUGS.index(r["section"]), r["start"]))
    return Extraction(year, paths, report, curation, catalog, segments, tokens, dict(result.found), rows, problems,
                      gaps if under_review else [])


def _matching_gaps(catalog, curation, result, ctxs, absent, year) -> list[dict]:
    """What the catalog could not settle: ambiguous rules or figures, missing indicators, unmatched figures."""
    gaps = []
    for ind_id, ctx_list in result.ambiguous_rules.items():
        places = "; ".join(_where(c.figure, c.segment) for c in ctx_list)
        gaps.append({"kind": "ambiguous_rule", "indicator": ind_id, "problem": (
            f"{catalog.where}:{catalog[ind_id].line}: rule of {ind_id} matches {len(ctx_list)} figures ({places}); "
            "make its words more specific")})
    for start, ids in result.ambiguous_figures.items():
        ctx = next(c for c in ctxs if c.figure.start == start)
        gaps.append({"kind": "ambiguous_figure", "figure": ctx.figure.text, "offset": start, "problem": (
            f"{_where(ctx.figure, ctx.segment)} matches several indicators ({', '.join(ids)}); "
            f"make their rules in {catalog.where} tell them apart")})
    for ind_id in result.missing:
        if ind_id not in absent:
            gaps.append({"kind": "missing", "indicator": ind_id, "problem": (
                f"{catalog.where}:{catalog[ind_id].line}: {ind_id} ({catalog[ind_id].label_zh}) matches no figure of "
                f"the {year} report; adjust its rule, or list it under `absent:` in {curation.where} with a reason")})
    for ctx in result.unmatched:
        gaps.append({"kind": "unmatched", "figure": ctx.figure.text, "offset": ctx.figure.start,
                     "line": ctx.segment.line, "section": ctx.section,
                     "context": f"{ctx.before}【{ctx.figure.text}】{ctx.after}", "problem": (
                         f"{_where(ctx.figure, ctx.segment)} in section {ctx.section} matches no indicator; "
                         f"add a rule to {catalog.where} or list it under `not_figures:` in {curation.where} "
                         "with a reason")})
    return gaps


def _row(year: int, catalog: Catalog, ind_id: str, ctx: Context, text: str) -> dict:
    ind, fig = catalog[ind_id], ctx.figure
    return {
        "year": year, "section": ind.section, "indicator": ind.id, "label_zh": ind.label_zh,
        "label_en": ind.label_en, "value": format_value(fig.value), "unit": ind.unit,
        "value_max": "" if fig.value_max is None else format_value(fig.value_max),
        "qualifier": fig.qualifier, "quote": text[ctx.clause_start:ctx.clause_end],
        "start": fig.start, "end": fig.end,
    }
