"""Match figures to catalog indicators by the words around them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportbook.indicators.catalog import Catalog, Indicator
from reportbook.text.context import Context


@dataclass(frozen=True)
class Matching:
    """Which figure each indicator found, and what went wrong."""

    found: dict[str, Context]          # indicator id -> its figure
    unmatched: list[Context]           # figures that no rule took
    ambiguous_rules: dict[str, list[Context]]    # indicator id -> the several figures it matched
    ambiguous_figures: dict[int, list[str]]      # figure start -> the several indicators matching it
    missing: list[str]                 # indicator ids that matched no figure


def _words(patterns, text: str) -> bool:
    return all(p.search(text) for p in patterns)


class _Spans:
    """Whether patterns occur in stretches of the text (clauses, sentences), each stretch cut and
    searched once per pattern: the figures of one long sentence share its answers instead of each
    reading it again."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cut: dict[tuple[int, int], str] = {}
        self.found: dict[tuple[re.Pattern, int, int], bool] = {}

    def all(self, patterns, start: int, end: int) -> bool:
        for p in patterns:
            key = (p, start, end)
            if key not in self.found:
                if (start, end) not in self.cut:
                    self.cut[(start, end)] = self.text[start:end]
                self.found[key] = p.search(self.cut[(start, end)]) is not None
            if not self.found[key]:
                return False
        return True


def rule_matches(ind: Indicator, ctx: Context, text: str, taken: dict[int, str], spans: _Spans | None = None) -> bool:
    """True when `ctx` is in the indicator's section and unit and satisfies one of its rules."""
    if ctx.section != ind.section or ctx.figure.unit not in (ind.unit, None):
        return False
    spans = spans or _Spans(text)
    return any(_rule_matches(rule, ctx, taken, spans) for rule in ind.rules)


def _rule_matches(rule, ctx: Context, taken: dict[int, str], spans: _Spans) -> bool:
    """True when `ctx` satisfies every part of one rule."""
    if rule.follows is not None:
        if ctx.previous is None or taken.get(ctx.previous.start) != rule.follows:
            return False
    return (
        _words(rule.before, ctx.before)
        and _words(rule.after, ctx.after)
        and spans.all(rule.clause, ctx.clause_start, ctx.clause_end)
        and spans.all(rule.sentence, ctx.sentence_start, ctx.sentence_end)
        and not any(p.search(ctx.before) for p in rule.not_before)
    )


def match(catalog: Catalog, contexts: list[Context], text: str) -> Matching:
    """Apply every rule to every figure: rules without `follows` first, then those that follow them."""
    hits: dict[str, list[Context]] = {}
    taken: dict[int, str] = {}
    spans = _Spans(text)
    for phase in (False, True):
        for ind in catalog.indicators:
            if any(r.follows is not None for r in ind.rules) != phase:
                continue
            hits[ind.id] = [c for c in contexts if rule_matches(ind, c, text, taken, spans)]
            if len(hits[ind.id]) == 1:
                taken.setdefault(hits[ind.id][0].figure.start, ind.id)
    by_figure: dict[int, list[str]] = {}
    for ind_id, ctxs in hits.items():
        for c in ctxs:
            by_figure.setdefault(c.figure.start, []).append(ind_id)
    found = {i: c[0] for i, c in hits.items() if len(c) == 1 and len(by_figure[c[0].figure.start]) == 1}
    return Matching(
        found=found,
        unmatched=[c for c in contexts if c.figure.start not in by_figure],
        ambiguous_rules={i: c for i, c in hits.items() if len(c) > 1},
        ambiguous_figures={s: ids for s, ids in by_figure.items() if len(ids) > 1},
        missing=[i for i, c in hits.items() if not c],
    )
