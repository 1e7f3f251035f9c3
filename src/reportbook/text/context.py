"""The words around each figure: its clause, its sentence, and the text to its neighbours."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from reportbook.text.figure import Figure
from reportbook.text.segment import Segment

CLAUSE_MARKS = frozenset(",，;；:：。!?！？")
SENTENCE_MARKS = frozenset("。!?！？")


@dataclass(frozen=True)
class Context:
    """A figure in its place in the report."""

    figure: Figure
    segment: Segment
    clause_start: int
    clause_end: int
    sentence_start: int
    sentence_end: int
    before: str            # from the previous figure (or the clause start) to the figure
    after: str             # from the figure to the next figure (or the clause end)
    previous: Figure | None  # the previous figure of the same sentence

    @property
    def section(self) -> str | None:
        return self.segment.section


@lru_cache(maxsize=8)
def mark_offsets(text: str, marks: frozenset) -> list[int]:
    """The sorted offsets of every character of `marks` in `text` (found once per text)."""
    return [m.start() for m in re.finditer("[" + re.escape("".join(sorted(marks))) + "]", text)]


def _bounds(text: str, lo: int, hi: int, at: int, end: int, marks: frozenset) -> tuple[int, int]:
    """The stretch of text[lo:hi] around [at, end) delimited by any of `marks`.

    Walks no character: the nearest marks are looked up by bisection in :func:`mark_offsets`,
    so a sentence of any length costs the same. As before, the stretch starts at `at` when
    `at <= lo` and stops at `end` when `end >= hi` (a figure broken by a line break may end
    after its paragraph).
    """
    offsets = mark_offsets(text, marks)
    start = at
    if at > lo:
        k = bisect.bisect_left(offsets, at) - 1  # the last mark before `at`
        start = offsets[k] + 1 if k >= 0 and offsets[k] >= lo else lo
    stop = end
    if end < hi:
        k = bisect.bisect_left(offsets, end)  # the first mark at or after `end`
        stop = offsets[k] if k < len(offsets) and offsets[k] < hi else hi
    return start, stop


def contexts(text: str, segments: list[Segment], figures: list[Figure]) -> list[Context]:
    """One Context per figure, in text order; neighbours are the figures of the same paragraph."""
    figures = sorted(figures, key=lambda f: f.start)  # stable: already sorted when they come from scan()
    starts = [f.start for f in figures]
    out: list[Context] = []
    for seg in segments:
        own = figures[bisect.bisect_left(starts, seg.start):bisect.bisect_left(starts, seg.end)]
        for k, fig in enumerate(own):
            c0, c1 = _bounds(text, seg.start, seg.end, fig.start, fig.end, CLAUSE_MARKS)
            s0, s1 = _bounds(text, seg.start, seg.end, fig.start, fig.end, SENTENCE_MARKS)
            prev = own[k - 1] if k > 0 else None
            nxt = own[k + 1] if k + 1 < len(own) else None
            before_start = max(c0, prev.end) if prev else c0
            after_end = min(c1, nxt.start) if nxt else c1
            out.append(Context(
                fig, seg, c0, c1, s0, s1, text[before_start:fig.start], text[fig.end:after_end],
                prev if prev and prev.start >= s0 else None,
            ))
    return out
