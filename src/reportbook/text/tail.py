"""What is written around a number: 余/多, a multiplier, 大, the unit and 以上/左右 after it, 约/超过 before it.

Functions of the text and an offset, used by the scanner (:mod:`reportbook.text.scanner`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportbook.text.lexicon import (
    ARABIC_ONLY_UNITS,
    ARTICLE_MEASURES,
    CN_NOT_MEASURE,
    DA_UNITS,
    LEADING,
    LEADING_EXCLUDED_BEFORE,
    PERCENT_MARKS,
    TIME_UNITS_MORE,
    TRAILING,
    WRITTEN_UNITS,
)
from reportbook.text.numerals import MULTIPLIERS

__all__ = ["Tail", "UNITS", "UNITS_BY_LENGTH", "MULTS_BY_LENGTH", "LINE_BREAK_RE", "is_cjk", "is_digit",
           "unit_at", "unit_span", "read_tail", "trailing", "leading", "across_line_break"]

UNITS = WRITTEN_UNITS  # written unit -> base unit (the lexicon's list)
UNITS_BY_LENGTH = sorted(UNITS, key=len, reverse=True)
MULTS_BY_LENGTH = sorted(MULTIPLIERS, key=len, reverse=True)
LINE_BREAK_RE = re.compile(r"[ \t\u3000]*\r?\n[ \t\u3000]*")


def is_cjk(c: str) -> bool:
    """True for a CJK unified ideograph."""
    return "\u4e00" <= c <= "\u9fff"


def is_digit(c: str) -> bool:
    """True for an Arabic digit, half- or full-width."""
    return "0" <= c <= "9" or "０" <= c <= "９"


@dataclass
class Tail:
    """What follows a number: 余/多, multiplier, 大, unit, trailing qualifier."""

    end: int
    mult: int = 1
    unit: str | None = None
    unit_as_written: str | None = None
    qualifier: str | None = None
    yu: bool = False
    da: bool = False


def unit_at(t: str, i: int, cn: bool, yu: bool = False) -> str | None:
    """The longest written unit starting at i (Chinese numerals take fewer units, except after 余/多)."""
    span = unit_span(t, i, cn, yu)
    return span[0] if span else None


def unit_span(t: str, i: int, cn: bool, yu: bool = False) -> tuple[str, int] | None:
    """(unit, its length in the text) at i; a unit broken by one line break (公⏎顷, 个⏎百分点) counts,
    and wins over the shorter unit before the break."""
    direct = next((u for u in UNITS_BY_LENGTH if t.startswith(u, i)), None)
    if direct is not None and cn and (direct in ARABIC_ONLY_UNITS and not yu
                                      or t[i + len(direct) - 1:i + len(direct) + 1] in CN_NOT_MEASURE):
        return None
    lb = LINE_BREAK_RE.search(t, i + 1, i + 4)
    if lb and not cn:
        joined = t[i:lb.start()] + t[lb.end():lb.end() + 4]
        for u in UNITS_BY_LENGTH:
            if len(u) > max(lb.start() - i, len(direct or "")) and joined.startswith(u):
                return u, len(u) + lb.end() - lb.start()
    return (direct, len(direct)) if direct else None


def across_line_break(t: str, j: int) -> int:
    """Where a number's tail starts: after a line break when the next line opens with its
    unit (262.8亿⏎元, 17.2⏎%), else j."""
    lb = LINE_BREAK_RE.match(t, j)
    if not lb:
        return j
    k = lb.end()
    if k < len(t) and (t[k] in PERCENT_MARKS or t[k] in "年月日号" or t.startswith("分之", k)
                       or unit_at(t, k, False)
                       or any(t.startswith(m, k) and unit_at(t, k + len(m), False) for m in MULTS_BY_LENGTH)):
        return k
    return j


def read_tail(t: str, k: int, cn: bool, allow_da: bool, allow_mult: bool = False) -> Tail:
    """Read 余/多, a multiplier, 大, a unit and a trailing qualifier after a number ending at k."""
    n = len(t)
    tail = Tail(end=k)
    i = k
    if i < n and t[i] in "余多":
        tail.yu, tail.qualifier = True, "at_least"
        i += 1
    elif i < n and t[i] == "来" and unit_span(t, i + 1, cn, True):  # 三百来人, 20来个: about
        tail.yu, tail.qualifier = True, "approx"
        i += 1
    span = unit_span(t, i, cn, tail.yu)
    mult_end = -1
    mult_w = ""
    if span is None:
        for m in MULTS_BY_LENGTH:
            if t.startswith(m, i) and (not cn or (tail.yu or allow_mult) and m in ("万亿", "亿", "万")):
                tail.mult, mult_w = MULTIPLIERS[m], m
                i += len(m)
                mult_end = i
                break
        if mult_w:
            i = across_line_break(t, i)
            if not tail.yu and i < n and t[i] in "余多":
                tail.yu, tail.qualifier = True, "at_least"
                i += 1
            span = unit_span(t, i, cn, tail.yu)
    unit, length = span if span else (None, 0)
    da_w = ""
    if (unit is None and allow_da and t.startswith("大", i) and i + 1 < n
            and is_cjk(t[i + 1]) and t[i + 1] not in "于约概"):
        tail.da, da_w = True, "大"
        i += 1
        unit = next((u for u in DA_UNITS if t.startswith(u, i)), None)
        length = len(unit or "")
    if unit is not None:
        written = (mult_w if mult_end == i else "") + da_w + unit
        tail.unit, tail.unit_as_written = UNITS[unit], written
        i += length
    elif da_w:  # 四大平台: four of something, counted in 个 (10大类 has its own unit)
        tail.unit, tail.unit_as_written = "个", da_w
    if (tail.qualifier is None and tail.unit in TIME_UNITS_MORE and t.startswith("多", i)
            and t[i + 1:i + 2] not in ARTICLE_MEASURES):  # 4年多: more than four years (not 4年多次)
        tail.qualifier = "at_least"
        i += 1
    tail.end = i
    return trailing(t, tail)


def trailing(t: str, tail: Tail) -> Tail:
    """Extend ``tail`` over a trailing 以上/左右/上下 (an earlier 余/多 keeps priority)."""
    for w, q in TRAILING:
        if t.startswith(w, tail.end):
            tail.qualifier = tail.qualifier or q
            tail.end += len(w)
            break
    return tail


def leading(t: str, i: int, floor: int) -> tuple[int, str | None]:
    """Start and qualifier of an adjacent leading qualifier (约, 超过, ...) before i, not before floor."""
    for w, q in LEADING:
        s = i - len(w)
        if s >= floor and t[s:i] == w:
            if s > 0 and t[s - 1] in LEADING_EXCLUDED_BEFORE.get(w, ()):
                continue
            return s, q
    return i, None
