"""Learned matching: every figure matched in an earlier year is an example of its indicator.

A figure the catalog rules left open is scored against every indicator by how alike its words
are to those around the indicator's earlier figures:

- the words: character unigrams and bigrams of the figure's sentence (a paragraph ends it too;
  at most WINDOW characters on each side of the figure),
  each weighted by how close it stands to the figure (a neighbouring figure counts as one
  character, however long it is written; halved across each clause mark), TF-IDF weighted,
  compared by cosine similarity with each earlier example (the best example counts). Character
  n-grams need no word list and survive the rewording seen in practice (接收→接到, a noun before or
  after the number) better than whole words, which jieba splits differently in each phrasing;
- the neighbours: the indicators of the figures just before and after it in its sentence are
  pseudo-words of its context (measures reported together stay together: 承办 follows 接收). The
  year is scored again with each round's assignment as the neighbours, until it settles;
- the unit: the same unit (名/人 are both 人) counts fully, an unwritten unit a little less, a
  related unit (人 vs 户, 次 vs 场, 个 vs 项 vs 处) is a flagged change at a discount, any other
  unit refuses;
- the value: far from the indicator's earlier value (ten times larger or smaller), a weak discount;
- the section: a weight, not a gate; the period (1-11月 against a whole year): a weight.

Each year is one assignment (scipy's linear_sum_assignment): one figure per indicator, one
indicator per figure, the total score as high as possible. Three bands: AUTO and above (or
MARGIN_FLOOR and above with MARGIN times the best rival's score) is accepted as `auto` (never a
figure for another period than the indicator's earlier figure: that one is only suggested),
SUGGEST and above goes to the review file with the top three candidates, below is unmatched. The
thresholds and their calibration are documented in the README (`python -m tests.match_measure
--calibrate` prints the table they are chosen from).
"""
from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from reportbook.indicators.catalog import Catalog
from reportbook.indicators.periods import period_of
from reportbook.paths import Paths
from reportbook.text.context import CLAUSE_MARKS, SENTENCE_MARKS, Context, mark_offsets
from reportbook.text.lexicon import numbered_names
from reportbook.text.figure import Figure, per_figure_list
from reportbook.text.scanner import scan

AUTO = 0.6      # at or above: accepted as `auto` (calibrated: see the README)
SUGGEST = 0.2   # at or above (and below AUTO): suggested, into the review file
MARGIN, MARGIN_FLOOR = 3.0, 0.3  # below AUTO, a score >= MARGIN_FLOOR and >= MARGIN x its best rival's: `auto` too
DECAY = 0.85    # weight of an n-gram d characters from the figure: DECAY ** d
CLAUSE_STEP = 0.5  # and this factor for each clause mark between it and the figure
WINDOW = 200    # characters on each side of the figure: the longest half-sentence of the reports is 135
SAME_UNIT, NO_UNIT, RELATED_UNIT = 1.0, 0.85, 0.75
OTHER_SECTION = 0.9
OTHER_PERIOD = 0.6
OTHER_BASE = 0.5  # a growth rate that does not follow its base figure
MAGNITUDE_SCALE, MAGNITUDE_FLOOR = 1.0, 0.5  # the value against the example's: exp(-(ln ratio / scale)² / 2), at least the floor
NO_MAGNITUDE = {"%", "‰", "share", "百分点", "千分点"}  # rates and shares: no magnitude signal (a growth rate may halve or turn)
RELATED_UNITS = ({"人", "位", "户", "人次", "户次"}, {"次", "场", "场次", "轮", "期", "批", "批次"},
                 # general classifiers of things counted (问题28个 / 37项, 隐患1300余条 / 1380余处)
                 {"个", "家", "处", "所", "座", "项", "条", "件", "类", "种", "块"})
MASK = "#"
ROUNDS = 3  # scorings at most: each round's assigned figures are the neighbours in the next
NEIGHBOUR = 1.0  # weight of the pseudo-word naming a neighbouring figure's indicator (as a bigram next to the figure)
NEIGHBOUR_BEFORE, NEIGHBOUR_AFTER = "⟨before⟩", "⟨after⟩"
SENTENCE_ENDS = SENTENCE_MARKS | {"\n"}  # a paragraph ends a sentence too (a header or caption is no context)


@dataclass(frozen=True)
class Example:
    """One earlier figure of an indicator: its weighted n-grams and where it stood."""

    indicator: str
    year: int
    section: str
    unit: str
    period: str
    grams: dict[str, float]
    value: float | None = None


@dataclass(frozen=True)
class Candidate:
    """An indicator proposed for a figure, its score and the evidence."""

    indicator: str
    score: float
    evidence: tuple[str, ...]     # the shared n-grams that weigh most
    unit_change: str | None       # "户 → 人" when the units differ but are related
    example_year: int
    period_change: str | None = None  # "year → 1-11" when the best example covers another period


@dataclass(frozen=True)
class Proposal:
    """What the learned matcher says about one open figure."""

    context: Context
    period: str
    band: str                       # auto | suggested | unmatched
    chosen: Candidate | None        # the assigned indicator (auto or suggested)
    candidates: tuple[Candidate, ...]  # the top three, the assigned one first
    runner_up: float = 0.0          # the best competing score: another indicator for this figure, or
                                    # another figure for the chosen indicator


def _masked(text: str, lo: int, hi: int, figures: list[Figure]) -> str:
    """text[lo:hi] with every numeric token replaced by MASK characters (same length)."""
    chars = list(text[lo:hi])
    for f in figures:
        for k in range(max(f.start, lo), min(f.end, hi)):
            chars[k - lo] = MASK
    return "".join(chars)


def _overlapping(figures: list[Figure], lo: int, hi: int) -> list[Figure]:
    """The figures that overlap text[lo:hi], by bisection (figures come in text order and never overlap)."""
    first = bisect.bisect_right(figures, lo, key=lambda f: f.end)
    last = bisect.bisect_left(figures, hi, key=lambda f: f.start)
    return figures[first:last]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """(lo, hi): from after the last sentence end before `start` to the first one at or after `end`."""
    offsets = mark_offsets(text, SENTENCE_ENDS)
    k = bisect.bisect_left(offsets, start)
    lo = offsets[k - 1] + 1 if k > 0 else 0
    k = bisect.bisect_left(offsets, end)
    return lo, offsets[k] if k < len(offsets) else len(text)


_DECAY_POWERS = [DECAY ** d for d in range(WINDOW + 1)]
_STEP_POWERS = [CLAUSE_STEP ** m for m in range(WINDOW + 1)]


def grams(text: str, start: int, end: int, figures: list[Figure]) -> dict[str, float]:
    """Proximity-weighted character unigrams and bigrams of the sentence around text[start:end]
    (at most WINDOW characters on each side of it: a long sentence costs no more than a short one)."""
    lo, hi = sentence_around(text, start, end)
    lo, hi = max(lo, start - WINDOW), min(hi, end + WINDOW)
    masked = _masked(text, lo, hi, _overlapping(figures, lo, hi))
    out: dict[str, float] = {}
    step, at_step = 0, []  # distances count a neighbouring figure as one character, however it is written
    for k, ch in enumerate(masked):
        if not (ch == MASK and k and masked[k - 1] == MASK):
            step += 1
        at_step.append(step)
    marks_before = [0, *itertools.accumulate(c in CLAUSE_MARKS for c in masked)]  # clause marks in masked[:k]
    s, e = start - lo, end - lo

    def weight(k: int) -> float:
        if s <= k < e:
            return 0.0
        if k < s:  # the clause marks of masked[k:s]
            d, marks = at_step[s] - at_step[k] - 1, marks_before[s] - marks_before[k]
        else:  # the clause marks of masked[e:k]
            d, marks = at_step[k] - at_step[e - 1] - 1, marks_before[k] - marks_before[e]
        return _DECAY_POWERS[max(d, 0)] * _STEP_POWERS[marks]

    usable = [c not in MASK and not c.isspace() and c not in CLAUSE_MARKS and c not in "“”\"（）()、" for c in masked]
    for k, ch in enumerate(masked):
        if not usable[k]:
            continue
        w = weight(k)
        if w <= 0:
            continue
        out[ch] = out.get(ch, 0.0) + 0.3 * w
        if k + 1 < len(masked) and usable[k + 1]:
            w2 = min(w, weight(k + 1))
            if w2 > 0:
                out[ch + masked[k + 1]] = out.get(ch + masked[k + 1], 0.0) + w2
    return out


class Neighbours:
    """The figures (kind `figure`) of a text in order, to find those beside one by its start."""

    def __init__(self, text: str, figures: list[Figure]) -> None:
        self.text, self.figures = text, figures
        self.own = [f for f in figures if f.kind == "figure"]
        self.at: dict[int, int] = {}
        for i, f in enumerate(self.own):
            self.at.setdefault(f.start, i)
        self.ends = mark_offsets(text, SENTENCE_ENDS)

    def same_sentence(self, a: int, b: int) -> bool:
        """True when no sentence end stands in text[a:b]."""
        k = bisect.bisect_left(self.ends, a)
        return not (k < len(self.ends) and self.ends[k] < b)

    def of(self, start: int) -> tuple[Figure | None, Figure | None]:
        own, k = self.own, self.at.get(start)
        if k is None:
            return None, None
        prev = own[k - 1] if k > 0 and self.same_sentence(own[k - 1].end, start) else None
        nxt = own[k + 1] if k + 1 < len(own) and self.same_sentence(own[k].end, own[k + 1].start) else None
        return prev, nxt


_neighbours_of = per_figure_list(Neighbours)  # the figures indexed once per text and figure list


def neighbours(text: str, start: int, figures: list[Figure]) -> tuple[Figure | None, Figure | None]:
    """The figures just before and just after the one at `start` in its sentence (None at either end)."""
    return _neighbours_of(text, figures).of(start)


def context_grams(text: str, figure: Figure, figures: list[Figure], known: dict[int, str],
                  period: str | None = None) -> dict[str, float]:
    """The figure's context: its proximity-weighted grams and pseudo-words naming the indicators of
    the figures beside it (where `known` knows them).

    Measures reported together stay together: 承办 19778件 follows 接收 31405件 in one sentence, and
    next year's 办理 22650件 follows the 接到 35280件 that is already known to be the tickets received.
    A figure that restates the one before it for another period (1-11月完成投资128.4亿元，预计全年完成
    151亿元: the same unit, the next figure of the sentence) takes that one's words and neighbour
    before as well: its own words (预计全年完成) say little more than that it is the same measure.
    """
    prev, nxt = neighbours(text, figure.start, figures)
    out = grams(text, figure.start, figure.end, figures)
    if (period is not None and prev is not None and figure.unit is not None and prev.unit == figure.unit
            and period_of(text, prev, figures) != period):
        for g, w in grams(text, prev.start, prev.end, figures).items():
            out[g] = max(out.get(g, 0.0), w)
        prev, _ = neighbours(text, prev.start, figures)
    if prev is not None and prev.start in known:
        out[NEIGHBOUR_BEFORE + known[prev.start]] = NEIGHBOUR
    if nxt is not None and nxt.start in known:
        out[NEIGHBOUR_AFTER + known[nxt.start]] = NEIGHBOUR
    return out


def examples(paths: Paths, year: int) -> list[Example]:
    """The accepted figures (rule or confirmed) of every earlier year's committed table."""
    out: list[Example] = []
    names = numbered_names(paths.data / "numbered_names.yml")
    for earlier in paths.years():
        table = paths.indicators(earlier)
        if earlier >= year or not table.is_file():
            continue
        text = paths.report(earlier).read_text(encoding="utf-8")
        figures = scan(text, names)  # as extract reads the year: a numbered name is no neighbouring figure
        frame = pd.read_csv(table, dtype=str, keep_default_na=False, encoding="utf-8")
        rows = [r for r in frame.to_dict("records") if r.get("match", "rule") in ("rule", "confirmed")]
        known = {int(r["start"]): r["indicator"] for r in rows}
        by_start = {f.start: f for f in figures}
        for row in rows:
            start, end = int(row["start"]), int(row["end"])
            fig = by_start.get(start)
            doc = context_grams(text, fig, figures, known) if fig else grams(text, start, end, figures)
            out.append(Example(row["indicator"], earlier, row["section"], row["unit"], row.get("period") or "year",
                               doc, float(row["value"]) if row["value"] else None))
    return out


def _magnitude(value, example: float | None, unit: str) -> float:
    """A weak signal: a figure far larger or smaller than the indicator's earlier one is less likely it."""
    if value is None or example is None or unit in NO_MAGNITUDE or value <= 0 or example <= 0:
        return 1.0
    ratio = math.log(float(value) / example) / MAGNITUDE_SCALE
    return max(MAGNITUDE_FLOOR, math.exp(-ratio * ratio / 2))


def _unit_factor(fig_unit: str | None, ind_unit: str) -> tuple[float, str | None]:
    if fig_unit is None:
        return NO_UNIT, None
    if fig_unit == ind_unit:
        return SAME_UNIT, None
    if any(fig_unit in g and ind_unit in g for g in RELATED_UNITS):
        return RELATED_UNIT, f"{ind_unit} → {fig_unit}"
    return 0.0, None


class _Idf:
    def __init__(self, docs: list[dict[str, float]]):
        df: dict[str, int] = {}
        for d in docs:
            for g in d:
                df[g] = df.get(g, 0) + 1
        n = len(docs)
        self.idf = {g: math.log((n + 1) / (c + 1)) + 1.0 for g, c in df.items()}

    def vector(self, doc: dict[str, float]) -> tuple[dict[str, float], float]:
        vec = {g: w * self.idf.get(g, 1.0) for g, w in doc.items()}
        return vec, math.sqrt(sum(v * v for v in vec.values())) or 1.0


def _similarity(a, b) -> tuple[float, list[tuple[float, str]]]:
    (va, na), (vb, nb) = a, b
    if len(va) > len(vb):
        va, vb = vb, va
    shared = [(va[g] * vb[g], g) for g in va if g in vb]
    return sum(s for s, _ in shared) / (na * nb), shared


def propose(catalog: Catalog, open_figures: list[Context], open_indicators: list[str], text: str,
            all_figures: list[Figure], earlier: list[Example], known: dict[int, str]) -> list[Proposal]:
    """Score the open figures against the open indicators, assign one to one, and band the result.

    `known` maps the start of each figure already matched (rule or confirmed) to its indicator. Growth
    rates (`growth_of`) are assigned after the other indicators: a growth rate whose previous figure
    in the sentence is not its base indicator's figure counts at OTHER_BASE of its score.
    """
    if not open_figures:
        return []
    out, settled = _propose_once(catalog, open_figures, open_indicators, text, all_figures, earlier, known), None
    for _ in range(ROUNDS - 1):  # the assigned figures become the neighbours of the others: score again
        now = dict(known) | {p.context.figure.start: p.chosen.indicator for p in out if p.chosen is not None}
        if now == settled:
            break
        settled = now
        out = _propose_once(catalog, open_figures, open_indicators, text, all_figures, earlier, now)
    return [replace(p, chosen=_readable(catalog, p.chosen), candidates=tuple(_readable(catalog, c) for c in p.candidates))
            for p in out]


def _readable(catalog: Catalog, cand: Candidate | None) -> Candidate | None:
    """The candidate with its neighbour pseudo-words as the analyst reads them (前: 热线工单接收)."""
    if cand is None:
        return None
    words = []
    for g in cand.evidence:
        for mark, zh in ((NEIGHBOUR_BEFORE, "前"), (NEIGHBOUR_AFTER, "后")):
            if g.startswith(mark):
                ind = g[len(mark):]
                g = f"{zh}:{catalog[ind].label_zh if ind in catalog.by_id else ind}"
        words.append(g)
    return replace(cand, evidence=tuple(words))


def _propose_once(catalog: Catalog, open_figures: list[Context], open_indicators: list[str], text: str,
                  all_figures: list[Figure], earlier: list[Example], known: dict[int, str]) -> list[Proposal]:
    """One scoring and assignment of the open figures, with the figures in `known` as neighbours."""
    periods = [period_of(text, c.figure, all_figures) for c in open_figures]
    docs = [context_grams(text, c.figure, all_figures, known, periods[k]) for k, c in enumerate(open_figures)]
    idf = _Idf(docs + [e.grams for e in earlier])
    fig_vecs = [idf.vector(d) for d in docs]
    by_ind: dict[str, list[tuple[Example, tuple]]] = {}
    for e in earlier:
        if e.indicator in open_indicators and e.indicator in catalog.by_id:
            by_ind.setdefault(e.indicator, []).append((e, idf.vector(e.grams)))
    taken = dict(known)
    chosen: dict[int, Candidate] = {}
    cands: dict[int, list[Candidate]] = {fi: [] for fi in range(len(open_figures))}
    for growth in (False, True):
        inds = [i for i in open_indicators if i in by_ind and (catalog[i].growth_of is not None) == growth]
        free = [fi for fi in range(len(open_figures)) if fi not in chosen]
        scores = np.zeros((len(free), len(inds)))
        for row, fi in enumerate(free):
            ctx = open_figures[fi]
            for col, ind_id in enumerate(inds):
                cand = _score(catalog[ind_id], ctx, fig_vecs[fi], periods[fi], by_ind[ind_id], taken)
                if cand is not None:
                    scores[row, col] = cand.score
                    cands[fi].append(cand)
        if free and inds:
            from scipy.optimize import linear_sum_assignment  # here: scipy costs every page's kernel a second

            rows, cols = linear_sum_assignment(-scores)
            for r, c in zip(rows, cols):
                if scores[r, c] >= SUGGEST:
                    fi = free[int(r)]
                    chosen[fi] = next(x for x in cands[fi] if x.indicator == inds[int(c)])
                    taken[open_figures[fi].figure.start] = inds[int(c)]
    by_indicator: dict[str, list[tuple[int, float, str | None]]] = {}
    for fi, row in cands.items():
        for c in row:
            by_indicator.setdefault(c.indicator, []).append((fi, c.score, c.period_change))
    out = []
    for fi, ctx in enumerate(open_figures):
        pick = chosen.get(fi)
        runner_up = 0.0
        if pick is not None:  # other indicators for this figure, other figures for this indicator
            rivals = [c.score for c in cands[fi] if c is not pick]
            # another figure rivals only for the same period: one that states the indicator for another
            # period (a 1-11月 actual beside the full-year estimate) is never taken for it
            rivals += [score for fj, score, moved in by_indicator[pick.indicator] if fj != fi and not moved]
            runner_up = max(rivals, default=0.0)
        others = sorted((c for c in cands[fi] if c is not pick), key=lambda c: (-c.score, c.indicator))
        top = ([pick] if pick else []) + others
        # the margin rule takes a figure only in its indicator's own section: elsewhere a lone candidate
        # may be the only one of its unit (a share of the district's hotline tickets, not of its tracing)
        by_margin = (pick is not None and ctx.section == catalog[pick.indicator].section
                     and pick.score >= MARGIN_FLOOR and pick.score >= MARGIN * runner_up)
        band = "unmatched" if pick is None else ("auto" if pick.period_change is None and (
            pick.score >= AUTO or by_margin) else "suggested")
        out.append(Proposal(ctx, periods[fi], band, pick, tuple(top[:3]), runner_up))
    return out


def _score(ind, ctx: Context, vec, period: str, examples_of, taken: dict[int, str]) -> Candidate | None:
    """The best score of one figure against one indicator's earlier examples, with its evidence."""
    unit, change = _unit_factor(ctx.figure.unit, ind.unit)
    if unit == 0.0:
        return None
    best, best_shared, best_ex = 0.0, [], None
    for ex, ex_vec in examples_of:
        sim, shared = _similarity(vec, ex_vec)
        sim *= OTHER_PERIOD if ex.period != period else 1.0
        sim *= _magnitude(ctx.figure.value, ex.value, ind.unit)
        if sim > best:
            best, best_shared, best_ex = sim, shared, ex
    if best_ex is None:
        return None
    score = best * unit * (1.0 if ctx.section == ind.section else OTHER_SECTION)
    if ind.growth_of is not None:
        previous = taken.get(ctx.previous.start) if ctx.previous is not None else None
        score *= 1.0 if previous == ind.growth_of else OTHER_BASE
    score = round(score, 3)
    if score <= 0:
        return None
    evidence = tuple(g for _, g in sorted(best_shared, key=lambda p: (-p[0], p[1])) if len(g) > 1)[:5]
    moved = None if best_ex.period == period else f"{best_ex.period} → {period}"
    return Candidate(ind.id, score, evidence, change, best_ex.year, moved)
