"""Find every numeric token in a report text and read it (value, unit, qualifier, kind).

:func:`scan` walks the text once, left to right, and returns non-overlapping
:class:`Figure` tokens in order of ``start``.  Every Arabic digit and every Chinese numeral
character (零〇一二两三四五六七八九十百千万亿; 双 is never a numeral) ends up inside a
token; the ``kind`` says what the token is:

``figure``   a quantity: ``19.77亿元``, ``300余人次``, ``两名``, ``四大``, ``1/4``, ``21.29%``
``date``     ``2022年`` (4-digit year), ``9月``/``9月份``, ``5日``, ``一季度``
``period``   ``1-11月`` (also with —, ~, 至), ``2021-2025年``
``code``     digits filling a pair of quotes (``“12346”``), ``12345热线``, ``3号``
``name``     an entry of :data:`reportbook.text.numbered_names.NUMBERED_NAMES` (the token text is
             the WHOLE name, e.g. ``二十大``, ``四好农村路``); or a numeral inside a short
             quoted phrase (``“三个一批”``)
``ordinal``  ``第一``, ``第3`` (the text includes 第)
``word``     a Chinese numeral inside a word, not followed by a measure word
             (``三涧溪``, ``一流``, ``一年来``, ``万里``)

Conventions for figures: ``text`` includes an adjacent leading qualifier (约, 近, 超过, 逾, ...)
and trailing 以上/左右; ``value`` is in base units (multipliers applied); ``unit`` is the base
unit (亿元/万元 -> 元, 名 -> 人, 千米 -> 公里); ``unit_as_written`` is the unit word as written,
prefixed by a multiplier written right before it (``亿元``, ``万人``) and by 大 in the
"N大" form (``大``, ``大类``), and is None when no unit is written (``126亿``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from reportbook.text.numbered_names import NUMBERED_NAMES
from reportbook.text.numerals import (
    CHINESE_DIGITS,
    CHINESE_NUMERAL_CHARS,
    MULTIPLIERS,
    is_valid_chinese_numeral,
    normalize_decimal,
    parse_number,
)

__all__ = ["Figure", "scan", "UNITS", "KINDS", "QUALIFIERS"]

KINDS = ("figure", "date", "period", "code", "name", "ordinal", "word")
QUALIFIERS = ("exact", "at_least", "approx", "estimate")


@dataclass(frozen=True)
class Figure:
    """One numeric token of a text; ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str
    value: Decimal | None
    unit: str | None
    unit_as_written: str | None
    qualifier: str
    kind: str
    reason: str | None = None

    def __post_init__(self) -> None:
        """Check the invariants that do not need the source text."""
        if self.end - self.start != len(self.text) or not self.text:
            raise ValueError(f"inconsistent span {self.start}:{self.end} for {self.text!r}")
        if self.kind not in KINDS or self.qualifier not in QUALIFIERS:
            raise ValueError(f"bad kind/qualifier {self.kind!r}/{self.qualifier!r}")


# ---------------------------------------------------------------- lexicon of units
#: written unit -> base unit (longest written form wins when matching)
UNITS: dict[str, str] = {
    "个百分点": "个百分点", "百分点": "个百分点",
    "平方公里": "平方公里", "平方千米": "平方公里", "平方米": "平方米", "立方米": "立方米",
    "公里": "公里", "千米": "公里", "米": "米", "公顷": "公顷", "亩": "亩",
    "千克": "千克", "公斤": "千克", "吨": "吨", "斤": "斤", "千瓦时": "千瓦时", "千瓦": "千瓦",
    "元": "元", "美元": "美元",
    "人次": "人次", "户次": "户次", "车次": "车次", "架次": "架次", "场次": "场次", "批次": "批次",
    "人": "人", "名": "人", "位": "位", "户": "户", "家": "家", "件": "件", "次": "次",
    "个工作日": "个工作日", "个小时": "小时", "个月": "个月", "个": "个",
    "条": "条", "项": "项", "套": "套", "场": "场", "支": "支", "处": "处", "块": "块",
    "小时": "小时", "分钟": "分钟", "天": "天", "周": "周", "年": "年",
    "类": "类", "级": "级", "批": "批", "轮": "轮", "所": "所", "座": "座", "辆": "辆",
    "台": "台", "张": "张", "本": "本", "栋": "栋", "间": "间", "种": "种", "只": "只",
    "头": "头", "株": "株", "棵": "棵", "部": "部", "份": "份", "篇": "篇", "期": "期",
    "宗": "宗", "笔": "笔", "倍": "倍", "岁": "岁", "段": "段", "组": "组", "队": "队",
    "度": "度", "分": "分", "方": "立方米",
}
#: units read after Arabic numbers only (after a Chinese numeral they make words: 一年来, 十分)
_ARABIC_ONLY_UNITS = frozenset({"年", "度", "分", "方"})
#: unit + next character pairs that are words, not measures, after a Chinese numeral
_CN_NOT_MEASURE = ("次性", "部分", "元化", "元素", "级别", "体化")
#: units that may follow 大 in the "N大" form (10大类)
_DA_UNITS = ("板块", "类", "项", "块")
_UNITS_BY_LENGTH = sorted(UNITS, key=len, reverse=True)
_MULTS_BY_LENGTH = sorted(MULTIPLIERS, key=len, reverse=True)

_LEADING = (  # (written, qualifier), longest first
    ("不少于", "at_least"), ("不低于", "at_least"), ("超过", "at_least"), ("大约", "approx"),
    ("将近", "approx"), ("接近", "approx"), ("约", "approx"), ("近", "approx"),
    ("逾", "at_least"), ("超", "at_least"),
)
#: a leading qualifier is not one when preceded by these (最近, 预约, 赶超, ...)
_LEADING_EXCLUDED_BEFORE = {
    "近": set("最附邻靠亲就贴临"),
    "约": set("预制签合节公邀相履违特简契条婚誓"),
    "超": set("赶高"),
}
_TRAILING = (("以上", "at_least"), ("左右", "approx"), ("上下", "approx"))

_DIGITS = "0-9０-９"
_NUM_RE = re.compile(rf"[{_DIGITS}]+(?:[.．][{_DIGITS}]+)?")
_INT_RE = re.compile(rf"[{_DIGITS}]+")
_PERIOD_RE = re.compile(
    rf"[{_DIGITS}]+\s*(?:[-－—–~～〜]+|至|到)\s*[{_DIGITS}]+\s*(?P<u>月份|月|年|日)"
)
_SENTENCE_END = "。！？!?\n"
_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "'": "'"}
_MAX_QUOTED_NAME = 16  # longer quoted passages are quotations, not names
_POSITIONAL = frozenset("十百千万亿")
_CN_YEAR_DIGITS = frozenset("零〇一二三四五六七八九")
_NUMERAL_ANY = CHINESE_NUMERAL_CHARS | frozenset("0123456789０１２３４５６７８９")


def _is_cjk(c: str) -> bool:
    """True for a CJK unified ideograph."""
    return "\u4e00" <= c <= "\u9fff"


def _is_digit(c: str) -> bool:
    """True for an Arabic digit, half- or full-width."""
    return "0" <= c <= "9" or "０" <= c <= "９"


@dataclass
class _Tail:
    """What follows a number: 余/多, multiplier, 大, unit, trailing qualifier."""

    end: int
    mult: int = 1
    unit: str | None = None
    unit_as_written: str | None = None
    qualifier: str | None = None
    yu: bool = False
    da: bool = False


class _Scanner:
    """Single left-to-right pass over one text; see :func:`scan`."""

    def __init__(self, text: str) -> None:
        self.t = text
        self.n = len(text)
        self.tokens: list[Figure] = []
        self.last_end = 0
        self.names = self._find_names()
        self.quotes = self._find_quotes()

    # ------------------------------------------------------------ pre-passes
    def _find_names(self) -> dict[int, tuple[int, str]]:
        """Start offset -> (end, reason) for every lexicon name with a numeral in it."""
        names = sorted((k for k in NUMBERED_NAMES if any(c in _NUMERAL_ANY for c in k)),
                       key=len, reverse=True)
        found: dict[int, tuple[int, str]] = {}
        if not names:
            return found
        pattern = re.compile("|".join(map(re.escape, names)))
        for m in pattern.finditer(self.t):
            s = m.start()
            first, prev = self.t[s], self.t[s - 1] if s else ""
            if prev and (_is_digit(first) and _is_digit(prev)
                         or first in CHINESE_NUMERAL_CHARS and prev in CHINESE_NUMERAL_CHARS):
                continue  # 三二十大 would not be the congress
            found[s] = (m.end(), NUMBERED_NAMES[m.group()])
        return found

    def _find_quotes(self) -> list[tuple[int, int]]:
        """(open, close) offsets of quoted spans on one line."""
        spans = []
        t = self.t
        i = 0
        while i < self.n:
            close = _QUOTE_PAIRS.get(t[i])
            if close is not None:
                j = i + 1
                while j < self.n and t[j] != close and t[j] != "\n":
                    j += 1
                if j < self.n and t[j] == close:
                    spans.append((i, j))
                    i = j + 1
                    continue
            i += 1
        return spans

    def _quoted(self, start: int, end: int) -> str | None:
        """The quoted phrase (with its quotes) if [start, end) lies in a short quoted span."""
        for o, c in self.quotes:
            if o < start and end <= c and c - o - 1 <= _MAX_QUOTED_NAME:
                return self.t[o:c + 1]
        return None

    # ------------------------------------------------------------ emitting
    def _emit(self, start: int, end: int, value: Decimal | None = None, unit: str | None = None,
              uaw: str | None = None, qualifier: str = "exact", kind: str = "figure",
              reason: str | None = None) -> None:
        """Append one token (they must come in order and never overlap)."""
        assert start >= self.last_end and end > start, (start, end, self.last_end)
        if kind in ("figure", "word"):
            quoted = self._quoted(start, end)
            if quoted is not None:
                value, unit, uaw, qualifier, kind = None, None, None, "exact", "name"
                reason = f"a number in quotes used as a name ({quoted})"
        self.tokens.append(Figure(start, end, self.t[start:end], value, unit, uaw,
                                  qualifier, kind, reason))
        self.last_end = end

    def _context(self, start: int, end: int) -> str:
        """The token plus up to two following CJK characters (else two preceding), for reasons."""
        k = end
        while k < min(self.n, end + 2) and _is_cjk(self.t[k]):
            k += 1
        if k > end:
            return self.t[start:k]
        b = start
        while b > max(0, start - 2) and _is_cjk(self.t[b - 1]):
            b -= 1
        return self.t[b:end]

    # ------------------------------------------------------------ helpers
    def _unit_at(self, i: int, cn: bool) -> str | None:
        """The longest written unit starting at i (Chinese numerals take fewer units)."""
        t = self.t
        for u in _UNITS_BY_LENGTH:
            if t.startswith(u, i):
                if cn and (u in _ARABIC_ONLY_UNITS
                           or t[i + len(u) - 1:i + len(u) + 1] in _CN_NOT_MEASURE):
                    return None
                return u
        return None

    def _tail(self, k: int, cn: bool, allow_da: bool) -> _Tail:
        """Read 余/多, a multiplier, 大, a unit and a trailing qualifier after a number."""
        t, n = self.t, self.n
        tail = _Tail(end=k)
        i = k
        if i < n and t[i] in "余多":
            tail.yu, tail.qualifier = True, "at_least"
            i += 1
        unit = self._unit_at(i, cn)
        mult_end = -1
        mult_w = ""
        if unit is None:
            for m in _MULTS_BY_LENGTH:
                if t.startswith(m, i) and (not cn or tail.yu and m in ("万亿", "亿", "万")):
                    tail.mult, mult_w = MULTIPLIERS[m], m
                    i += len(m)
                    mult_end = i
                    break
            if mult_w:
                if not tail.yu and i < n and t[i] in "余多":
                    tail.yu, tail.qualifier = True, "at_least"
                    i += 1
                unit = self._unit_at(i, cn)
        da_w = ""
        if (unit is None and allow_da and t.startswith("大", i) and i + 1 < n
                and _is_cjk(t[i + 1]) and t[i + 1] not in "于约概"):
            tail.da, da_w = True, "大"
            i += 1
            unit = next((u for u in _DA_UNITS if t.startswith(u, i)), None)
        if unit is not None:
            written = (mult_w if mult_end == i else "") + da_w + unit
            tail.unit, tail.unit_as_written = UNITS[unit], written
            i += len(unit)
        elif da_w:
            tail.unit_as_written = da_w
        tail.end = i
        return self._trailing(tail)

    def _trailing(self, tail: _Tail) -> _Tail:
        """Extend ``tail`` over a trailing 以上/左右/上下 (an earlier 余/多 keeps priority)."""
        for w, q in _TRAILING:
            if self.t.startswith(w, tail.end):
                tail.qualifier = tail.qualifier or q
                tail.end += len(w)
                break
        return tail

    def _leading(self, i: int) -> tuple[int, str | None]:
        """Start and qualifier of an adjacent leading qualifier (约, 超过, ...) before i."""
        t = self.t
        for w, q in _LEADING:
            s = i - len(w)
            if s >= self.last_end and t[s:i] == w:
                if s > 0 and t[s - 1] in _LEADING_EXCLUDED_BEFORE.get(w, ()):
                    continue
                return s, q
        return i, None

    def _emit_figure(self, i: int, tail: _Tail, value: Decimal) -> None:
        """Emit a figure from number start i, with its tail and leading qualifier."""
        start, lead_q = self._leading(i)
        self._emit(start, tail.end, normalize_decimal(value * tail.mult), tail.unit, tail.unit_as_written,
                   lead_q or tail.qualifier or "exact", "figure")

    def _run_end(self, i: int) -> int:
        """End of the maximal run of Chinese numeral characters from i (stops at a name)."""
        j = i
        while j < self.n and self.t[j] in CHINESE_NUMERAL_CHARS and (j == i or j not in self.names):
            j += 1
        return j

    def _numerator(self, j: int) -> tuple[int, str] | None:
        """A numerator after 分之: (end, written) for an Arabic or valid Chinese numeral."""
        m = _NUM_RE.match(self.t, j)
        if m:
            return m.end(), m.group()
        e = self._run_end(j)
        for k in range(e, j, -1):
            w = self.t[j:k]
            if is_valid_chinese_numeral(w) or w == "百":
                return k, w
        return None

    def _fraction(self, i: int, den_w: str, after: int) -> bool:
        """Emit "den分之num" (den written from i, 分之 at after) as a share/percent figure."""
        if not self.t.startswith("分之", after):
            return False
        num = self._numerator(after + 2)
        if num is None:
            return False
        num_end, num_w = num
        try:
            value = parse_number(f"{den_w}分之{num_w}")
        except ValueError:
            return False
        if den_w == "百":
            tail = _Tail(end=num_end, unit="%", unit_as_written="百分之")
        else:
            tail = _Tail(end=num_end, unit="share")
        self._emit_figure(i, self._trailing(tail), value)
        return True

    # ------------------------------------------------------------ token readers
    def run(self) -> list[Figure]:
        """Scan the whole text."""
        t, i = self.t, 0
        while i < self.n:
            if i in self.names:
                end, reason = self.names[i]
                self._emit(i, end, kind="name", reason=reason)
            elif t[i] == "第" and i + 1 < self.n and self._ordinal(i):
                pass
            elif _is_digit(t[i]):
                self._arabic(i)
            elif t[i] in CHINESE_NUMERAL_CHARS:
                self._chinese(i)
            else:
                i += 1
                continue
            i = self.last_end
        self._estimates()
        return self.tokens

    def _ordinal(self, i: int) -> bool:
        """第 + numeral -> ordinal token (text includes 第); False if no numeral follows."""
        j = i + 1
        if j in self.names:
            return False
        m = _INT_RE.match(self.t, j)
        if m:
            end, w = m.end(), m.group()
        else:
            e = self._run_end(j)
            end = next((k for k in range(e, j, -1) if is_valid_chinese_numeral(self.t[j:k])), None)
            if end is None:
                return False
            w = self.t[j:end]
        self._emit(i, end, parse_number(w), kind="ordinal", reason=f"ordinal ({self.t[i:end]})")
        return True

    def _arabic(self, i: int) -> None:
        """Read an Arabic number at i and whatever makes it a figure, date, code, ..."""
        t, n = self.t, self.n
        m = _NUM_RE.match(t, i)
        w, j = m.group(), m.end()
        value = parse_number(w)
        is_int = value == value.to_integral_value() and "." not in w and "．" not in w
        nxt = t[j] if j < n else ""
        # codes: digits filling a pair of quotes, hotline numbers, serial numbers
        if i > 0 and _QUOTE_PAIRS.get(t[i - 1]) == nxt and nxt:
            self._emit(i, j, kind="code",
                       reason=f"a number in quotes used as a name ({t[i - 1:j + 1]})")
            return
        if t.startswith("热线", j):
            self._emit(i, j + 2, kind="code", reason=f"a hotline number ({t[i:j + 2]})")
            return
        # periods and dates
        pm = _PERIOD_RE.match(t, i)
        if pm and is_int:
            u = pm["u"]
            base = {"月份": "月"}.get(u, u)
            what = {"月": "months", "年": "years", "日": "days"}[base]
            self._emit(i, pm.end(), unit=base, uaw=u, kind="period",
                       reason=f"a period of {what} ({pm.group()})")
            return
        if is_int:
            for word, base, lo, hi in (("年", "年", 1000, 2999), ("月份", "月", 1, 12),
                                       ("月", "月", 1, 12), ("日", "日", 1, 31),
                                       ("季度", "季度", 1, 4)):
                if t.startswith(word, j) and lo <= value <= hi and (word != "年" or len(w) == 4):
                    end = j + len(word)
                    self._emit(i, end, value, base, word, kind="date",
                               reason=f"a date ({t[i:end]})")
                    return
            if nxt == "号":  # 9月1号 is a date, 1号文件 a serial number
                if i > 0 and t[i - 1] == "月":
                    self._emit(i, j + 1, value, "日", "号", kind="date", reason=f"a date ({t[i:j + 1]})")
                else:
                    self._emit(i, j + 1, kind="code", reason=f"a serial number ({t[i:j + 1]})")
                return
        # fractions and percentages
        if nxt and nxt in "/／" and (i == 0 or t[i - 1] not in "/／"):
            m2 = _INT_RE.match(t, j + 1)
            if m2 and is_int and t[m2.end():m2.end() + 1] not in ("/", "／") and int(m2.group()) != 0:
                tail = self._trailing(_Tail(end=m2.end(), unit="share"))
                self._emit_figure(i, tail, parse_number(f"{w}/{m2.group()}"))
                return
        if self._fraction(i, w, j):
            return
        if nxt and nxt in "%％":
            tail = self._trailing(_Tail(end=j + 1, unit="%", unit_as_written=nxt))
            self._emit_figure(i, tail, value)
            return
        tail = self._tail(j, cn=False, allow_da=value >= 2)
        self._emit_figure(i, tail, value)

    def _chinese(self, i: int) -> None:
        """Read a run of Chinese numeral characters at i (may yield several tokens)."""
        t = self.t
        e = self._run_end(i)
        run = t[i:e]
        # 二〇二二年: a year written digit by digit
        if len(run) == 4 and set(run) <= _CN_YEAR_DIGITS and t.startswith("年", e):
            digits = "".join(str(CHINESE_DIGITS[c]) for c in run)
            self._emit(i, e + 1, Decimal(digits), "年", "年", kind="date", reason=f"a date ({run}年)")
            return
        pieces = _split_run(run)
        # fractions: 四分之一, 百分之二十
        if t.startswith("分之", e):
            ps, _ = pieces[-1]
            den_start = i + ps
            den = t[den_start:e]
            if not is_valid_chinese_numeral(den) and run[-1] in "百千万":
                den_start, den = e - 1, run[-1]
            if den_start >= i:
                saved = (list(self.tokens), self.last_end)
                self._words(i, den_start, run)
                if self._fraction(den_start, den, e):
                    return
                self.tokens, self.last_end = saved
        for k, (ps, pe) in enumerate(pieces):
            s, pend = i + ps, i + pe
            if k < len(pieces) - 1:
                self._emit(s, pend, kind="word",
                           reason=f"numeral characters that do not form one valid numeral ({run})")
                continue
            self._last_piece(s, pend)

    def _words(self, i: int, end: int, run: str) -> None:
        """Emit the characters [i, end) of an invalid run as word tokens (one per piece)."""
        for ps, pe in _split_run(self.t[i:end]) if end > i else []:
            self._emit(i + ps, i + pe, kind="word",
                       reason=f"numeral characters that do not form one valid numeral ({run})")

    def _last_piece(self, s: int, pend: int) -> None:
        """The piece of a run next to what follows: a figure, date or word."""
        t = self.t
        p = t[s:pend]
        if not is_valid_chinese_numeral(p):
            why = ("a multiplier without a digit is not a number" if p in _POSITIONAL
                   else "not a valid numeral")
            self._emit(s, pend, kind="word", reason=f"{why} ({self._context(s, pend)})")
            return
        value = parse_number(p)
        for word, base, lo, hi in (("月份", "月", 1, 12), ("月", "月", 1, 12),
                                   ("日", "日", 1, 31), ("季度", "季度", 1, 4)):
            if t.startswith(word, pend) and lo <= value <= hi:
                end = pend + len(word)
                self._emit(s, end, value, base, word, kind="date", reason=f"a date ({t[s:end]})")
                return
        tail = self._tail(pend, cn=True, allow_da=value >= 2)
        positional = any(c in _POSITIONAL for c in p)
        if tail.unit or tail.da or (tail.yu and (positional or tail.mult > 1)):
            self._emit_figure(s, tail, value)
        else:
            self._emit(s, pend, kind="word",
                       reason=f"numeral inside a word, not followed by a measure word "
                              f"({self._context(s, pend)})")

    def _estimates(self) -> None:
        """Mark exact figures as estimates when 预计 occurs earlier in the same sentence."""
        t = self.t
        out = []
        for f in self.tokens:
            if f.kind == "figure" and f.qualifier == "exact":
                ss = max(t.rfind(c, 0, f.start) for c in _SENTENCE_END) + 1
                if "预计" in t[ss:f.start]:
                    f = replace(f, qualifier="estimate")
            out.append(f)
        self.tokens = out


def _split_run(run: str) -> list[tuple[int, int]]:
    """Split a run of numeral characters into pieces, right to left, longest valid suffix first.

    ``五两`` -> ``五`` | ``两``; a character that is valid in no piece stands alone (``万``).
    """
    pieces = []
    end = len(run)
    while end > 0:
        start = next((s for s in range(end) if is_valid_chinese_numeral(run[s:end])), end - 1)
        pieces.append((start, end))
        end = start
    return pieces[::-1]


def scan(text: str) -> list[Figure]:
    """Return every numeric token of ``text`` in order of start; tokens never overlap."""
    return _Scanner(text).run()
