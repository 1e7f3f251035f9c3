"""Passes over a whole text before it is scanned: where the numbered names and the quoted phrases are.

Both are linear in the text; the scanner (:mod:`reportbook.text.scanner`) looks their results up.
"""
from __future__ import annotations

import re
from functools import lru_cache

from reportbook.text.numerals import CHINESE_NUMERAL_CHARS
from reportbook.text.tail import is_digit

__all__ = ["QUOTE_PAIRS", "find_names", "find_quotes"]

QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "'": "'"}
_NUMERAL_ANY = CHINESE_NUMERAL_CHARS | frozenset("0123456789０１２３４５６７８９")


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    """One alternation of the names that contain a numeral, longest first."""
    with_numeral = sorted((k for k in names if any(c in _NUMERAL_ANY for c in k)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, with_numeral))) if with_numeral else None


def find_names(t: str, lexicon: dict[str, str]) -> dict[int, tuple[int, str]]:
    """Start offset -> (end, reason) for every lexicon name with a numeral in it."""
    found: dict[int, tuple[int, str]] = {}
    pattern = _names_pattern(tuple(sorted(lexicon)))
    if pattern is None:
        return found
    for m in pattern.finditer(t):
        s = m.start()
        first, prev = t[s], t[s - 1] if s else ""
        if prev and (is_digit(first) and is_digit(prev)
                     or first in CHINESE_NUMERAL_CHARS and prev in CHINESE_NUMERAL_CHARS):
            continue  # 三二十大 would not be the congress
        found[s] = (m.end(), lexicon[m.group()])
    return found


def find_quotes(t: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quoted spans on one line (sorted, never overlapping).

    Linear in the text: the next close mark and the next line end are looked up in a cache
    that only moves forward (a line of unclosed quotes once made this quadratic).
    """
    spans = []
    n = len(t)
    following: dict[str, int] = {}  # character -> its next offset at or after the last lookup

    def next_at(ch: str, i: int) -> int:
        k = following.get(ch, -1)
        if k < i:
            k = t.find(ch, i)
            k = n if k == -1 else k
            following[ch] = k
        return k

    i = 0
    openers = re.compile("|".join(map(re.escape, QUOTE_PAIRS)))
    while True:
        m = openers.search(t, i)
        if m is None:
            return spans
        i = m.start()
        j = next_at(QUOTE_PAIRS[t[i]], i + 1)
        if j < n and j < next_at("\n", i + 1):
            spans.append((i, j))
            i = j + 1
        else:
            i += 1
