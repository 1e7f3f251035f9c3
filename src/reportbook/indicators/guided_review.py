"""`reportbook review YEAR`: walk the analyst through what the matcher could not settle.

For each pending item of the year (a suggested match, an unmatched figure, an indicator no figure
took) it shows the sentence with the figure highlighted and the candidates with their scores, and
asks for one key. Each decision is written at once, with its reason, to the curation file
(`matches:`, `not_figures:`, `absent:`) or the catalog (a new indicator), so a session can be quit
and resumed; at the end the year is re-extracted (table and review file rewritten).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import yaml

from reportbook.errors import ReportbookError
from reportbook.indicators.catalog import BASE_UNITS as UNITS, ID, load_catalog
from reportbook.indicators.extract import Extraction, candidate_items, extract
from reportbook.indicators.learned import SENTENCE_ENDS
from reportbook.indicators.sections import SLUGS
from reportbook.files import write_atomic
from reportbook.paths import Paths

ORDER = {"suggested": 0, "unmatched": 1, "missing": 2, "auto": 3}
FIGURE_KEYS = ("[1-3] accept that candidate · [p] pick another indicator · [n] new indicator · "
               "[x] not a figure · [s] skip · [q] quit")
MISSING_KEYS = "[a] absent this year · [s] skip · [q] quit"


class Quit(Exception):
    """The analyst quit the session (decisions so far are saved)."""


@dataclass
class Session:
    """One review session: where to read answers from and where to print."""

    paths: Paths
    year: int
    ask: Callable[[str], str] = input
    say: Callable[[str], None] = print
    decisions: int = 0
    last_absent_reason: str | None = None  # offered again for the next indicator marked absent

    def prompt(self, question: str, default: str | None = None, check: Callable[[str], str | None] | None = None) -> str:
        """Ask until the answer is non-empty (or the default) and `check` finds nothing wrong; `q` quits."""
        while True:
            try:
                answer = self.ask(f"{question}{f' [{default}]' if default else ''}: ").strip()
            except EOFError:
                raise Quit from None
            if answer == "q":
                raise Quit
            answer = answer or (default or "")
            problem = "an answer is needed" if not answer else (check(answer) if check else None)
            if problem is None:
                return answer
            self.say(f"  ! {problem}")


def pending_items(ex: Extraction) -> list[dict]:
    """The year's pending items in the order they are asked: suggestions, unmatched figures, missing."""
    return sorted(ex.pending, key=lambda g: (ORDER.get(g["kind"], 9), g.get("offset", 0), g.get("indicator", "")))


def auto_items(ex: Extraction) -> list[dict]:
    """The figures matched automatically (`auto`), to confirm (key 1) or correct; asked after the pending ones."""
    out = []
    for p in ex.proposals:
        if p.band == "auto":
            fig = p.context.figure
            out.append({"kind": "auto", "figure": fig.text, "offset": fig.start, "line": p.context.segment.line,
                        "section": p.context.section, "period": p.period,
                        "candidates": candidate_items(ex.catalog, p)})
    return out


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] with the figure in 【】 (never beyond its paragraph: no header)."""
    lo, hi = start, end
    while lo > 0 and text[lo - 1] not in SENTENCE_ENDS:
        lo -= 1
    while hi < len(text) and text[hi] not in SENTENCE_ENDS:
        hi += 1
    closing = text[hi] if hi < len(text) and text[hi] != "\n" else ""
    return f"{text[lo:start].strip()}【{text[start:end]}】{text[end:hi].strip()}{closing}"


def describe(ex: Extraction, item: dict, number: int, total: int) -> list[str]:
    """The lines that present one pending item."""
    head = f"[{number}/{total}] {item['kind']}"
    if item["kind"] == "missing":
        ind = ex.catalog[item["indicator"]]
        return [f"{head}: {ind.id} ({ind.label_zh} · {ind.label_en}, {ind.unit}, section {ind.section}) "
                f"was found in no figure of {ex.year}"]
    lines = [f"{head}: {item['figure']} · line {item['line']} · section {item['section']} · period {item['period']}",
             "  " + sentence_of(ex.report.text, item["offset"], item["offset"] + len(item["figure"]))]
    for k, cand in enumerate(item.get("candidates") or [], start=1):
        change = f" · unit change {cand['unit_change']}" if cand.get("unit_change") else ""
        change += f" · period {cand['period_change']}" if cand.get("period_change") else ""
        lines.append(f"  {k}) {cand['indicator']} {cand['label_zh']} · score {cand['score']:.3f}"
                     f" · shared words: {cand['evidence'] or '—'}{change}")
    if not item.get("candidates"):
        lines.append("  (no candidate)")
    return lines


def _at(ex: Extraction, start: int, end: int) -> str:
    """A stretch of text around [start, end) that occurs once and holds no other number, for the files."""
    text = ex.report.text
    spans = sorted((t.figure.start, t.figure.end) for t in ex.tokens)
    lo_limit = max((e for s_, e in spans if e <= start), default=0)
    hi_limit = min((s_ for s_, e in spans if s_ >= end), default=len(text))
    lo = start
    while lo > lo_limit and text[lo - 1] not in "，,；;：:。！？\n":
        lo -= 1
    hi = end
    while text.count(text[lo:hi]) > 1 and hi < hi_limit and text[hi] != "\n":
        hi += 1
    while text.count(text[lo:hi]) > 1 and lo > lo_limit:
        lo -= 1
    return text[lo:hi]


# ─────────────────────────────────────────────────────────── writing decisions
def append_item(path, key: str, item: dict) -> None:
    """Append one mapping to the top-level list `key` of a YAML file, keeping its comments and layout."""
    lines = path.read_text(encoding="utf-8").splitlines()
    body = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=1000).splitlines()
    block = ["  " + line for line in body]
    at = next((i for i, line in enumerate(lines) if re.match(rf"^{key}:", line)), None)
    if at is None:
        lines += [f"{key}:", *block]
    else:
        if re.match(rf"^{key}:\s*\[\]\s*(#.*)?$", lines[at]):
            lines[at] = f"{key}:"
        end = at + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "-", "#"))):
            end += 1
        while end > at + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        lines[end:end] = block
    write_atomic(path, "\n".join(lines) + "\n")


def by_words(catalog, answer: str, open_only: set[str] | None = None) -> list[str]:
    """Catalog ids whose id or Chinese label contains `answer` (open ones only, when given)."""
    return [i.id for i in catalog.indicators if (answer in i.id or answer in i.label_zh)
            and (open_only is None or i.id in open_only)]


def _check_id(catalog, open_only: set[str] | None = None):
    def check(answer: str) -> str | None:
        if answer not in catalog.by_id:
            found = by_words(catalog, answer, open_only)
            if len(found) == 1:
                return None  # words of one open indicator's id or Chinese label name it
            close = ", ".join(f"{i} {catalog[i].label_zh}" for i in found[:8])
            return (f"{answer!r} is no catalog id" + (f"; it is in the id or label of: {close}; type one id" if close
                                                       else " and no open indicator's id or Chinese label contains it"))
        if open_only is not None and answer not in open_only:
            return f"{answer} already has a figure this year (or is absent)"
        return None
    return check


def _one_of(options, what: str):
    return lambda a: None if a in options else f"{what} must be one of: {' '.join(options)}"


def _new_id(catalog):
    return lambda a: (f"{a!r} is not snake_case" if not ID.match(a) else
                      f"{a} is already in the catalog" if a in catalog.by_id else None)


def decide_figure(s: Session, ex: Extraction, item: dict, open_ids: set[str]) -> bool:
    """Ask about one figure; write the decision; False when skipped."""
    cands = item.get("candidates") or []
    keys = {str(k) for k in range(1, len(cands) + 1)} | {"p", "n", "x", "s"}
    key = s.prompt(FIGURE_KEYS, check=_one_of(sorted(keys), "the key"))
    start = item["offset"]
    at = _at(ex, start, start + len(item["figure"]))
    curation = s.paths.curation(s.year)
    if key == "s":
        return False
    if key == "x":
        reason = s.prompt("why is it not a figure")
        append_item(curation, "not_figures", {"text": at, "reason": reason})
        return True
    if key in {str(k) for k in range(1, len(cands) + 1)}:
        cand = cands[int(key) - 1]
        if cand["indicator"] not in open_ids:
            s.say(f"  ! {cand['indicator']} was given another figure in this session; pick again")
            return decide_figure(s, ex, item, open_ids)
        indicator = cand["indicator"]
        reason = s.prompt("reason", f"accepted the suggestion (score {cand['score']:.3f}; shared words: "
                                    f"{cand['evidence'] or '—'})")
    elif key == "p":
        answer = s.prompt("indicator id (or words of its Chinese label)", check=_check_id(ex.catalog, open_ids))
        indicator = answer if answer in ex.catalog.by_id else by_words(ex.catalog, answer, open_ids)[0]
        if indicator != answer:
            s.say(f"  → {indicator} {ex.catalog[indicator].label_zh}")
        reason = s.prompt("reason")
    else:
        catalog = load_catalog(s.paths)
        indicator = s.prompt("new indicator id (snake_case)", check=_new_id(catalog))
        label_zh = s.prompt("label_zh (中文名称)")
        label_en = s.prompt("label_en (English label)")
        unit = s.prompt("unit", _unit_default(item, ex), _one_of(UNITS, "the unit"))
        section = s.prompt("section", item.get("section"), _one_of(SLUGS, "the section"))
        reason = s.prompt("reason")
        append_item(s.paths.catalog, "indicators", {"id": indicator, "section": section, "label_zh": label_zh,
                                                    "label_en": label_en, "unit": unit})
    append_item(curation, "matches", {"figure": item["figure"], "at": at, "indicator": indicator, "reason": reason})
    open_ids.discard(indicator)
    return True


def _unit_default(item: dict, ex: Extraction) -> str | None:
    fig = next((t.figure for t in ex.tokens if t.figure.start == item["offset"]), None)
    return fig.unit if fig is not None and fig.unit in UNITS else None


def decide_missing(s: Session, item: dict) -> bool:
    key = s.prompt(MISSING_KEYS, check=_one_of(["a", "s"], "the key"))
    if key == "s":
        return False
    reason = s.prompt("why does the report not state it", s.last_absent_reason)
    s.last_absent_reason = reason
    append_item(s.paths.curation(s.year), "absent", {"indicator": item["indicator"], "reason": reason})
    return True


def run_review(paths: Paths, year: int, ask: Callable[[str], str] = input, say: Callable[[str], None] = print,
               list_only: bool = False) -> int:
    """The guided review of `year`; returns the number of items still pending."""
    from reportbook.cli import write_year  # the CLI's extract-and-write step (no import cycle at load time)

    if year not in paths.years():
        raise ReportbookError(f"no report for {year}", f"review {year}", "add it with `reportbook add-year`")
    ex = extract(paths, year, under_review=True)
    items = pending_items(ex) + auto_items(ex)
    if not items:
        say(f"{year}: nothing to review")
        return 0
    if list_only:
        for n, item in enumerate(items, start=1):
            for line in describe(ex, item, n, len(items)):
                say(line)
        return len(items)
    s = Session(paths, year, ask, say)
    open_ids = {i.id for i in ex.catalog.indicators} - set(ex.contexts) - {a.indicator for a in ex.curation.absent}
    auto = sum(1 for i in items if i["kind"] == "auto")
    say(f"{year}: {len(items) - auto} item(s) to decide and {auto} automatic match(es) to confirm; every decision "
        "is saved at once (q quits, run again to resume)")
    try:
        for n, item in enumerate(items, start=1):
            say("")
            if item["kind"] == "missing" and item["indicator"] not in open_ids:
                say(f"[{n}/{len(items)}] missing: {item['indicator']} was given a figure earlier in this session")
                continue
            for line in describe(ex, item, n, len(items)):
                say(line)
            if item["kind"] == "auto":
                open_ids.add(item["candidates"][0]["indicator"])  # key 1 confirms the automatic match
            done = decide_missing(s, item) if item["kind"] == "missing" else decide_figure(s, ex, item, open_ids)
            s.decisions += done
    except Quit:
        say("quit: the decisions so far are saved")
    catalog = load_catalog(paths)
    after, table, review = write_year(paths, year, catalog, under_review=True)
    say(f"{year}: {s.decisions} decision(s) saved; {len(after.rows)} indicators -> {table}; review: {review}")
    return len(after.pending)
