"""From a year's report, curation and the catalog to the rows of its indicator table."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from reportbook.indicators.catalog import Catalog, load_catalog
from reportbook.text.context import Context, contexts
from reportbook.text.curation import Curation, load_curation
from reportbook.text.lexicon import numbered_names
from reportbook.text.figure import Figure
from reportbook.text.scanner import scan
from reportbook.indicators.learned import Proposal, examples, propose
from reportbook.indicators.match import match
from reportbook.indicators.periods import period_of
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
    proposals: list[Proposal] = field(default_factory=list)  # the learned matcher's view of every open figure


def _segment_of(segments: list[Segment], fig: Figure, starts: list[int] | None = None) -> Segment:
    """The paragraph a figure starts in (a figure broken by a line break starts here); `starts`,
    the segments' start offsets, makes it a bisection instead of a walk through every paragraph."""
    starts = [s.start for s in segments] if starts is None else starts
    k = bisect.bisect_right(starts, fig.start) - 1
    if k < 0 or not fig.start < segments[k].end:
        raise StopIteration(f"no paragraph holds the figure at offset {fig.start}")
    return segments[k]


def _not_figure_reasons(text: str, curation: Curation, figures: list[Figure], problems: list[str]) -> dict[int, str]:
    """Token start -> reason, for the tokens (`figures`) inside a `not_figures` text of the curation file."""
    reasons: dict[int, str] = {}
    starts = [f.start for f in figures]  # figures come in text order and never overlap
    for item in curation.not_figures:
        covered = []
        at = text.find(item.text)
        while at != -1:
            k = bisect.bisect_left(starts, at)
            while k < len(figures) and figures[k].start < at + len(item.text):
                if figures[k].end <= at + len(item.text):
                    covered.append(figures[k])
                k += 1
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


def extract(paths: Paths, year: int, catalog: Catalog | None = None, under_review: bool | None = None,
            rules: bool = True) -> Extraction:
    """Read and match everything for `year`; nothing is written. Problems are collected, not raised.

    A year under review (default: it has a `<year>.review.yml`) lists its matching gaps as pending
    instead of as problems. `rules=False` leaves every figure to the learned matcher (calibration).
    """
    report = load_report(paths, year)
    curation = load_curation(paths, year)
    catalog = catalog or load_catalog(paths)
    text = report.text
    segments = segment(text, curation)
    problems = [f"report: {p}" for p in unaccounted(text, segments)]
    figures = scan(text, numbered_names(paths.data / "numbered_names.yml"))
    # a `not_figures` entry may also name a number the scanner already reads as a name or a code (a
    # general rule learned after the entry was written): the analyst's reason is the one shown
    not_fig = _not_figure_reasons(text, curation, [f for f in figures if f.kind != "word"], problems)
    tokens: list[Token] = []
    countable: list[Figure] = []
    seg_starts = [s.start for s in segments]
    for fig in figures:
        seg = _segment_of(segments, fig, seg_starts)
        if fig.start in not_fig:
            tokens.append(Token(fig, "not_figure", not_fig[fig.start], seg))
        elif fig.kind != "figure":
            tokens.append(Token(fig, fig.kind, fig.reason or fig.kind, seg))
        elif seg.section is None:
            tokens.append(Token(fig, "caption", f"in a {seg.role} line, not part of the report's sections", seg))
        else:
            countable.append(fig)
    ctxs = contexts(text, [s for s in segments if s.section], countable)
    confirmed = _confirmed(text, curation, catalog, ctxs, problems)
    taken_figures = {c.figure.start for c in confirmed.values()}
    result = match(catalog, [c for c in ctxs if c.figure.start not in taken_figures] if rules else [], text)
    found: dict[str, tuple[Context, str, str]] = {i: (c, "confirmed", "") for i, c in confirmed.items()}
    earlier = examples(paths, year)
    periods: dict[str, set[str]] = {}
    for e in earlier:
        periods.setdefault(e.indicator, set()).add(e.period)
    # a rule's figure for another period than the indicator's earlier figures (a 1-11月 actual where
    # earlier years stated the whole year) is left to the learned matcher, which weighs the period
    found |= {i: (c, "rule", "") for i, c in result.found.items() if i not in confirmed
              and (i not in periods or period_of(text, c.figure, figures) in periods[i])}
    absent = {a.indicator: a for a in curation.absent}
    for a in curation.absent:
        if a.indicator not in catalog.by_id:
            problems.append(f"{curation.where}:{a.line}: absent indicator {a.indicator!r} is not in the catalog")
        elif a.indicator in found:
            problems.append(f"{curation.where}:{a.line}: {a.indicator} is listed as absent but the report states it")
    used = {c.figure.start for c, _, _ in found.values()}
    open_figures = [c for c in ctxs if c.figure.start not in used]
    open_indicators = [i.id for i in catalog.indicators if i.id not in found and i.id not in absent]
    proposals = propose(catalog, open_figures, open_indicators, text, figures, earlier,
                        {c.figure.start: i for i, (c, _, _) in found.items()})
    for p in proposals:
        if p.band == "auto":
            found[p.chosen.indicator] = (p.context, "auto", f"{p.chosen.score:.3f}")
    gaps = _matching_gaps(catalog, curation, proposals, open_indicators, found, year)
    if under_review is None:
        under_review = paths.review(year).is_file()
    if not under_review:
        problems += _ambiguous_rules(catalog, result, found, ctxs) + [g["problem"] for g in gaps]
    by_start = {c.figure.start: i for i, (c, _, _) in found.items()}
    suggested = {p.context.figure.start: p.chosen for p in proposals if p.band == "suggested"}
    for fig in countable:
        seg = _segment_of(segments, fig, seg_starts)
        if fig.start in by_start:
            tokens.append(Token(fig, "indicator", by_start[fig.start], seg))
        elif fig.start in suggested:
            cand = suggested[fig.start]
            tokens.append(Token(fig, "unmatched", f"suggested: {cand.indicator} (score {cand.score:.3f}), "
                                                  "awaiting review", seg))
        else:
            tokens.append(Token(fig, "unmatched", "matches no catalog indicator", seg))
    tokens.sort(key=lambda t: t.figure.start)
    rows = [_row(year, catalog, ind_id, ctx, text, figures, how, score)
            for ind_id, (ctx, how, score) in found.items()]
    rows.sort(key=lambda r: (SLUGS.index(r["section"]), r["start"]))
    return Extraction(year, paths, report, curation, catalog, segments, tokens,
                      {i: c for i, (c, _, _) in found.items()}, rows, problems, gaps if under_review else [],
                      proposals)


def _confirmed(text: str, curation: Curation, catalog: Catalog, ctxs: list[Context],
               problems: list[str]) -> dict[str, Context]:
    """Indicator id -> context, for the analyst's `matches:` decisions in the curation file."""
    by_start = {c.figure.start: c for c in ctxs}
    out: dict[str, Context] = {}
    for item in curation.matches:
        where = f"{curation.where}:{item.line}"
        hits = []
        at = text.find(item.at)
        while at != -1:
            hits.append(at + item.at.index(item.figure))
            at = text.find(item.at, at + 1)
        if item.indicator not in catalog.by_id:
            problems.append(f"{where}: matches: indicator {item.indicator!r} is not in the catalog; "
                            "add it to the catalog or pick a catalog indicator")
        elif len(hits) != 1 or hits[0] not in by_start:
            problems.append(f"{where}: matches: {item.figure!r} in {item.at!r} "
                            + ("occurs nowhere in the report" if not hits else
                               f"occurs {len(hits)} times" if len(hits) > 1 else "is not a figure of a section")
                            + "; copy a stretch of text that contains the figure exactly once")
        elif item.indicator in out:
            problems.append(f"{where}: matches: {item.indicator} is confirmed for two figures; keep one")
        else:
            out[item.indicator] = by_start[hits[0]]
    return out


def _ambiguous_rules(catalog: Catalog, result, found: dict, ctxs: list[Context]) -> list[str]:
    """Rules that matched several figures, or figures several rules matched, that nothing else settled."""
    out = []
    for ind_id, ctx_list in result.ambiguous_rules.items():
        if ind_id not in found:
            places = "; ".join(_where(c.figure, c.segment) for c in ctx_list)
            out.append(f"{catalog.where}:{catalog[ind_id].line}: rule of {ind_id} matches {len(ctx_list)} figures "
                       f"({places}); make its words more specific")
    settled = {c.figure.start for c, _, _ in found.values()}
    by_start = {c.figure.start: c for c in reversed(ctxs)}  # the first context of each start wins
    for start, ids in result.ambiguous_figures.items():
        if start not in settled:
            ctx = by_start[start]
            out.append(f"{_where(ctx.figure, ctx.segment)} matches several indicators ({', '.join(ids)}); "
                       f"make their rules in {catalog.where} tell them apart")
    return out


def candidate_items(catalog: Catalog, proposal: Proposal) -> list[dict]:
    """A proposal's top candidates as review-file items: indicator, label, score, evidence, unit change."""
    return [{"indicator": c.indicator, "label_zh": catalog[c.indicator].label_zh, "score": c.score,
             "evidence": " ".join(c.evidence)} | ({"unit_change": c.unit_change} if c.unit_change else {})
            | ({"period_change": c.period_change} if c.period_change else {}) for c in proposal.candidates]


def _matching_gaps(catalog, curation, proposals: list[Proposal], open_indicators, found, year) -> list[dict]:
    """What needs the analyst: suggested matches, unmatched figures, indicators no figure took."""
    gaps = []
    proposed = {p.chosen.indicator for p in proposals if p.chosen is not None}
    for p in proposals:
        if p.band == "auto":
            continue
        ctx = p.context
        item = {"kind": p.band, "figure": ctx.figure.text, "offset": ctx.figure.start, "line": ctx.segment.line,
                "section": ctx.section, "period": p.period, "context": f"{ctx.before}【{ctx.figure.text}】{ctx.after}",
                "candidates": candidate_items(catalog, p)}
        if p.band == "suggested":
            item["problem"] = (f"{_where(ctx.figure, ctx.segment)} in section {ctx.section} is probably "
                               f"{p.chosen.indicator} (score {p.chosen.score:.3f}, below the auto-accept threshold); "
                               f"confirm or reject it with `reportbook review {year}`")
        else:
            item["problem"] = (f"{_where(ctx.figure, ctx.segment)} in section {ctx.section} matches no indicator; "
                               f"map it with `reportbook review {year}`: a catalog indicator, a new one, or "
                               f"`not_figures:` in {curation.where} with a reason")
        gaps.append(item)
    for ind_id in open_indicators:
        if ind_id not in found and ind_id not in proposed:
            gaps.append({"kind": "missing", "indicator": ind_id, "problem": (
                f"{catalog.where}:{catalog[ind_id].line}: {ind_id} ({catalog[ind_id].label_zh}) matches no figure of "
                f"the {year} report; map its figure with `reportbook review {year}`, or list it under `absent:` "
                f"in {curation.where} with a reason")})
    return gaps


def _row(year: int, catalog: Catalog, ind_id: str, ctx: Context, text: str, figures: list[Figure],
         how: str, score: str) -> dict:
    ind, fig = catalog[ind_id], ctx.figure
    return {
        "year": year, "section": ind.section, "indicator": ind.id, "label_zh": ind.label_zh,
        "label_en": ind.label_en, "value": format_value(fig.value), "unit": ind.unit,
        "value_max": "" if fig.value_max is None else format_value(fig.value_max),
        "qualifier": fig.qualifier, "period": period_of(text, fig, figures), "match": how, "score": score,
        "quote": text[ctx.clause_start:ctx.clause_end],
        "start": fig.start, "end": fig.end,
    }
