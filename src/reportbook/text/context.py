"""The words around each figure: its clause, its sentence, and the text to its neighbours."""
from __future__ import annotations

from dataclasses import dataclass

from reportbook.text.scanner import Figure
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


def _bounds(text: str, lo: int, hi: int, at: int, end: int, marks: frozenset) -> tuple[int, int]:
    """The stretch of text[lo:hi] around [at, end) delimited by any of `marks`."""
    start = at
    while start > lo and text[start - 1] not in marks:
        start -= 1
    stop = end
    while stop < hi and text[stop] not in marks:
        stop += 1
    return start, stop


def contexts(text: str, segments: list[Segment], figures: list[Figure]) -> list[Context]:
    """One Context per figure, in text order; neighbours are the figures of the same paragraph."""
    out: list[Context] = []
    for seg in segments:
        own = [f for f in figures if seg.start <= f.start < seg.end]
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
