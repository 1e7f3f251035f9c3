"""The period a figure covers: `year` for the whole year, else its months (1-11月 → `1-11`)."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from reportbook.text.context import SENTENCE_MARKS, mark_offsets
from reportbook.text.numerals import parse_number
from reportbook.text.figure import Figure, per_figure_list

YEAR = "year"
_CN = "一二两三四五六七八九十"
#: words that name a part of the year (or the whole of it), with the months they cover
_WORDS = re.compile(
    rf"(?P<whole>全年|全年度)"
    rf"|(?P<half>上半年)"
    rf"|(?P<quarters>前(?P<q>[{_CN}1-3])(?:个)?季度)"
    rf"|(?P<first>(?<!第[二三四])(?:第)?一季度)"
    rf"|(?P<months>前(?P<m>[{_CN}0-9]{{1,3}})(?:个)?月)"
    rf"|(?P<until>截至(?:目前|(?P<u>[{_CN}0-9]{{1,3}})月(?:底|末|份)?))"
)
_RANGE = re.compile(r"^([0-9０-９]+)\s*(?:[-－—–~～〜]+|至|到)\s*([0-9０-９]+)\s*月")


def _number(s: str) -> int:
    return int(parse_number(s)) if not s.isdigit() else int(s)


#: the longest text a period word of _WORDS can span (截至12月底: 7 characters), with room to spare
_LONGEST_WORD = 16


def _marks(text: str, lo: int, hi: int, figures: list[Figure]) -> list[tuple[int, str | None]]:
    """(offset, period) of each period word in text[lo:hi]; None for 截至目前 (the report's date)."""
    out: list[tuple[int, str | None]] = []
    spans, starts = _period_figures(figures)
    for f in spans[bisect.bisect_left(starts, lo):bisect.bisect_right(starts, hi)]:
        if f.kind == "period" and lo <= f.start and f.end <= hi:
            m = _RANGE.match(f.text)
            if m and int(m.group(1)) == 1:
                out.append((f.start, f"1-{int(m.group(2))}"))
    for m in _words_until(text, lo, hi):
        if m.group("whole"):
            out.append((m.start(), YEAR))
        elif m.group("half"):
            out.append((m.start(), "1-6"))
        elif m.group("quarters"):
            out.append((m.start(), f"1-{3 * _number(m.group('q'))}"))
        elif m.group("first"):
            out.append((m.start(), "1-3"))
        elif m.group("months"):
            out.append((m.start(), f"1-{_number(m.group('m'))}"))
        elif m.group("u"):
            out.append((m.start(), f"1-{_number(m.group('u'))}"))
    return sorted(out)


@per_figure_list
def _period_figures(figures: list[Figure]) -> tuple[list[Figure], list[int]]:
    """The figures of kind `period` (in text order) and their starts, listed once per figure list:
    a figure late in a long sentence does not read every figure before it."""
    spans = [f for f in figures if f.kind == "period"]
    return spans, [f.start for f in spans]


@lru_cache(maxsize=64)
def _sentence_words(text: str, lo: int) -> tuple[list[re.Match], list[int]]:
    """Every match of _WORDS from `lo` to the end of its sentence, and their starts (found once per sentence)."""
    offsets = mark_offsets(text, SENTENCE_MARKS)
    k = bisect.bisect_left(offsets, lo)
    found = list(_WORDS.finditer(text, lo, offsets[k] if k < len(offsets) else len(text)))
    return found, [m.start() for m in found]


def _words_until(text: str, lo: int, hi: int) -> list[re.Match]:
    """The same matches as ``_WORDS.finditer(text, lo, hi)``, for `lo` a sentence start and `hi`
    in that sentence, without reading the sentence again for each figure of it.

    A match of the whole sentence that starts more than _LONGEST_WORD before `hi` was read without
    looking at `hi` or beyond, so it is a match of the shorter search too; only the last stretch
    before `hi` is read again.
    """
    found, starts = _sentence_words(text, lo)
    stable = found[:bisect.bisect_left(starts, hi - _LONGEST_WORD)]
    resume = max(lo, hi - _LONGEST_WORD, stable[-1].end() if stable else lo)
    return stable + list(_WORDS.finditer(text, resume, hi)) if resume < hi else stable


def period_of(text: str, figure: Figure, figures: list[Figure]) -> str:
    """The last period word of the figure's sentence before it; `year` when there is none."""
    offsets = mark_offsets(text, SENTENCE_MARKS)
    k = bisect.bisect_left(offsets, figure.start)
    lo = offsets[k - 1] + 1 if k > 0 else 0
    marks = [p for _, p in _marks(text, lo, figure.start, figures) if p is not None]
    period = marks[-1] if marks else YEAR
    return YEAR if period == "1-12" else period
