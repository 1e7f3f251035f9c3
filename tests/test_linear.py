"""Extraction is linear in the size of the report (issue 10 item 8).

A line of unclosed quotes once took 321 s in `add-year` (30,000 characters), and a 30 MB report
without headers did not finish: every figure re-read its whole sentence, paragraph or report. The
structural tests count the lines of reportbook's own code that run (a measure of work that does not
depend on the machine's load) as the input grows: for linear work each added stretch of text costs
the same, for quadratic work each costs more than the one before (the old code fails each of them
with a growth of 1.8 to 2.4, or does not finish).
"""
from __future__ import annotations

import random
import re
import sys

import pytest

from reportbook.indicators.extract import extract
from reportbook.indicators.add_year import curation_skeleton
from reportbook.text.curation import load_curation
from reportbook.text.segment import paragraphs, segment
from tests.conftest import ROOT

REPORT_2022 = (ROOT / "data" / "reports" / "2022.txt").read_text(encoding="utf-8")
BODIES = [REPORT_2022[s:e] for s, e, _ in paragraphs(REPORT_2022) if len(REPORT_2022[s:e]) > 40]
SENTENCES = [s for p in BODIES for s in re.findall(r"[^。！？]+[。！？]?", p) if len(s) > 4]
#: a stretch of an unbalanced line: a quote that never closes, a clause mark, two figures
QUOTED = "“新增企业12家，完成投资3.5亿元"
SRC = str(ROOT / "src" / "reportbook")


def lines_run(work) -> int:
    """How many lines of reportbook's code run while `work()` runs (other code is not traced)."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(SRC) else None

    old = sys.gettrace()
    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(old)
    return count


def growth(costs: list[int]) -> float:
    """How much more the last added stretch cost than the first (1.0 for linear work)."""
    steps = [b - a for a, b in zip(costs, costs[1:])]
    return steps[-1] / steps[0]


def with_line(line: str) -> str:
    """The 2022 report with `line` as a paragraph below its first section header."""
    at = REPORT_2022.index("强党建促提升 奋力打造活力双山")
    at = REPORT_2022.index("\n", at) + 1
    return REPORT_2022[:at] + "\n" + line + "\n" + REPORT_2022[at:]


def without_headers(paragraphs_: int | None = None, size: int | None = None, seed: int = 1) -> str:
    """Report text without any header: distinct paragraphs of 3-9 sentences of the 2022 report,
    shuffled; `paragraphs_` of them, or as many as make `size` bytes of UTF-8."""
    rnd = random.Random(seed)
    out, seen, total = [], set(), 0
    while len(out) < (paragraphs_ or sys.maxsize) and total < (size or sys.maxsize):
        p = "".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(3, 9)))
        if p not in seen:  # a paragraph twice would be no report (add-year could not name either)
            seen.add(p)
            out.append(p)
            total += len(p.encode("utf-8")) + 2
    return "\n\n".join(out) + "\n"


def test_an_unbalanced_line_costs_each_figure_the_same(scratch):
    """Each added stretch of a line of unclosed quotes costs what the one before cost (before: 4x)."""
    costs = []
    for repeats in (60, 120, 180):
        scratch.report(2022).write_text(with_line(QUOTED * repeats), encoding="utf-8")
        costs.append(lines_run(lambda: extract(scratch, 2022)))
    assert growth(costs) < 1.3, costs


def test_paragraphs_without_headers_cost_each_the_same(scratch):
    """A report without headers: each added batch of paragraphs costs what the one before cost in
    add-year's curation guesses (each paragraph's opening) and in segmenting by them (before: each
    opening was compared with every paragraph)."""
    costs = []
    for n in (100, 200, 300):
        text = without_headers(n)

        def work():
            skeleton, _ = curation_skeleton(2030, text, "utf-8", "incoming.txt")
            scratch.report(2030).write_text(text, encoding="utf-8")
            scratch.curation(2030).write_text(skeleton, encoding="utf-8")
            segments = segment(text, load_curation(scratch, 2030))
            assert len(segments) == n and all(s.section == "overview" for s in segments)

        costs.append(lines_run(work))
    assert growth(costs) < 1.3, costs


@pytest.mark.parametrize("run", ["一二" * 150, "十" * 300, "一万" * 150], ids=["yi-er", "shi", "yi-wan"])
def test_a_run_of_numeral_characters_costs_each_character_the_same(run):
    """A long run of Chinese numeral characters (once cubic: 800 characters took 73 s)."""
    from reportbook.text.scanner import scan

    costs = [lines_run(lambda: scan("共" + run[:n] + "人。", {})) for n in (100, 200, 300)]
    assert growth(costs) < 1.3, costs
