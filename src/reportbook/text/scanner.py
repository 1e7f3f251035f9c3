"""Find every numeric token in a report text and read it (value, unit, qualifier, kind).

:func:`scan` walks the text once, left to right, and returns non-overlapping
:class:`Figure` tokens in order of ``start``.  Every Arabic digit and every Chinese numeral
character (零〇一二两三四五六七八九十百千万亿; 双 is never a numeral) ends up inside a
token; the ``kind`` says what the token is:

``figure``   a quantity: ``19.77亿元``, ``300余人次``, ``两名``, ``四大``, ``1/4``, ``21.29%``
``date``     ``2022年`` (4-digit year), ``9月``/``9月份``, ``5日``, ``一季度``, ``2013-06-05``,
             ``10:15``, ``始建于556年``
``period``   ``1-11月`` (also with —, ~, 至), ``2021-2025年``
``code``     digits filling a pair of quotes (``“12346”``), ``12345热线``, ``3号``, hotlines
             (``119``), ``1551体系``, ``世界500强``, ``省道102``, ``3C``, ``〔2024〕``
``name``     an entry of ``data/numbered_names.yml`` (the token text is the WHOLE name, e.g.
             ``二十大``, ``四好农村路``); a numeral inside a short quoted phrase (``“三个一批”``);
             a phase (``二期``)
``ordinal``  ``第一``, ``第3`` (the text includes 第)
``word``     a Chinese numeral inside a word, not followed by a measure word
             (``三涧溪``, ``一流``, ``一年来``, ``万里``); 一 + a measure word meaning "a / each"
             (``一个个``, ``每一件``, ``一名领导``)

Ranges (``200—300件``, ``75%至80%``) are one figure: ``value`` is the lower end, ``value_max``
the upper end, ``qualifier`` is ``range``.  A figure broken by a line break (``262.8亿⏎元``) is
one figure whose ``text`` holds the line break.  Vague amounts (``数十家``, ``上千``, ``近万人``)
are figures whose value is the multiplier; ``三成`` is 30 (%).

Conventions for figures: ``text`` includes an adjacent leading qualifier (约, 近, 超过, 逾, ...)
and trailing 以上/左右; ``value`` is in base units (multipliers applied); ``unit`` is the base
unit (亿元/万元 -> 元, 名 -> 人, 千米 -> 公里); ``unit_as_written`` is the unit word as written,
prefixed by a multiplier written right before it (``亿元``, ``万人``) and by 大 in the
"N大" form (``大``, ``大类``), and is None when no unit is written (``126亿``, whose ``unit`` is 元: an
amount in 亿 with no unit is money).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from decimal import Decimal

from reportbook.text.figure import Figure
from reportbook.text.lexicon import (
    AGE_GROUP_AFTER,
    ARTICLE_MEASURES,
    CHENG_WORDS,
    CODE_AFTER,
    CODE_BEFORE,
    CONGRESS_AFTER,
    DURATION_24_AFTER,
    DURATION_AFTER,
    FLOOR_BEFORE,
    GRADE_AFTER,
    HOTLINES,
    LEADING_EXCLUDED_BEFORE,
    PHASE_AFTER,
    PHASE_BEFORE,
    PHASE_COUNT_BEFORE,
    PERCENT_MARKS,
    RANGE_MARKS,
    SHANG_EXCLUDED_BEFORE,
    TIME_OF_DAY_AFTER,
    TIME_OF_DAY_BEFORE,
    VAGUE_BEFORE,
    YEAR_BEFORE,
    numbered_names,
)
from reportbook.text.numerals import (
    CHINESE_DIGITS,
    EXACT,
    CHINESE_NUMERAL_CHARS,
    MULTIPLIERS,
    is_valid_chinese_numeral,
    longest_first,
    normalize_decimal,
    parse_number,
    split_run,
)
from reportbook.text.spans import QUOTE_PAIRS, find_names, find_quotes
from reportbook.text.tail import (
    LINE_BREAK_RE,
    MULTS_BY_LENGTH,
    UNITS,
    UNITS_BY_LENGTH,
    Tail,
    across_line_break,
    is_cjk,
    is_digit,
    leading,
    read_tail,
    trailing,
    unit_at,
)

__all__ = ["scan"]

MAX_DIGITS = 15  # significant digits a float64 table value keeps exactly; a longer run is a code


def _digits(w: str) -> int:
    """Significant digits of a written Arabic number."""
    return sum(ch.isdigit() for ch in w.lstrip("0０"))


def _money(tail: Tail, yi: bool = False) -> Tail:
    """An amount in 亿 with no unit written (完成投资126亿, 两亿余, 超十亿; ``yi``: 亿 is in the numeral
    itself) is money: its base unit is 元 (its ``unit_as_written`` stays None: nothing is written)."""
    if tail.unit is None and (tail.mult >= 10**8 or yi) and not tail.da:
        tail.unit = "元"
    return tail


def _latin(c: str) -> bool:
    """True for a Latin letter, half- or full-width (Ａ０６版, 3C)."""
    return c.isascii() and c.isalpha() or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ"


def _too_long(w: str) -> str:
    return (f"a number of {_digits(w)} digits, more than any figure of a report has (an ID, account or "
            f"registration number; a table of 64-bit floats could not hold it exactly) "
            f"({w if len(w) <= 40 else w[:20] + '…' + w[-10:]})")


_VAGUE_BY_LENGTH = sorted(VAGUE_BEFORE, key=len, reverse=True)
_RANGE_BY_LENGTH = sorted(RANGE_MARKS, key=len, reverse=True)
_POSITION_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}

_DIGITS = "0-9０-９"
_NUM_RE = re.compile(rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[{_DIGITS}]+)(?:[.．][{_DIGITS}]+)?")
_ISO_DATE_RE = re.compile(r"[0-9]{4}([-/.])[0-9]{1,2}\1[0-9]{1,2}(?![0-9])")
#: an area code and a number (0839-5212119), or a mobile number of 11 digits (13812345678)
_PHONE_RE = re.compile(r"0[0-9]{2,3}[-－][0-9]{7,8}(?![0-9])|1[3-9][0-9]{9}(?![0-9])")
_TIME_RE = re.compile(r"[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?(?![0-9])")
_INT_RE = re.compile(rf"[{_DIGITS}]+")
_PERIOD_RE = re.compile(
    rf"[{_DIGITS}]+\s*(?:[-－—–~～〜]+|至|到)\s*[{_DIGITS}]+\s*(?P<u>月份|月|年|日)"
)
_SENTENCE_END = "。！？!?\n"
OPENING_MARKS = frozenset("“‘「『《〈（(【")  # a noun phrase may open with these (一批“小而美”企业)
_MAX_QUOTED_NAME = 16  # longer quoted passages are quotations, not names
_POSITIONAL = frozenset("十百千万亿")
_CN_YEAR_DIGITS = frozenset("零〇一二三四五六七八九")
_DECIMAL_DIGITS = frozenset("零〇一二三四五六七八九")
_PHASE_NUMERALS = "一二三四五六七八九十"


class _Scanner:
    """Single left-to-right pass over one text; see :func:`scan`."""

    def __init__(self, text: str, names: dict[str, str]) -> None:
        self.t = text
        self.n = len(text)
        self.tokens: list[Figure] = []
        self.last_end = 0
        self.names = find_names(text, names)
        self.quotes = find_quotes(text)
        self._quote_opens = [o for o, _ in self.quotes]

    def _quoted(self, start: int, end: int) -> str | None:
        """The quoted phrase (with its quotes) if [start, end) lies in a short quoted span."""
        k = bisect.bisect_left(self._quote_opens, start) - 1  # the last span opening before start
        if k >= 0:
            o, c = self.quotes[k]
            if end <= c and c - o - 1 <= _MAX_QUOTED_NAME:
                return self.t[o:c + 1]
        return None

    # ------------------------------------------------------------ emitting
    def _emit(self, start: int, end: int, value: Decimal | None = None, unit: str | None = None,
              uaw: str | None = None, qualifier: str = "exact", kind: str = "figure",
              reason: str | None = None, value_max: Decimal | None = None) -> None:
        """Append one token (they must come in order and never overlap)."""
        assert start >= self.last_end and end > start, (start, end, self.last_end)
        if kind in ("figure", "word"):
            quoted = self._quoted(start, end)
            if quoted is not None:
                value, unit, uaw, qualifier, kind = None, None, None, "exact", "name"
                reason, value_max = f"a number in quotes used as a name ({quoted})", None
        self.tokens.append(Figure(start, end, self.t[start:end], value, unit, uaw,
                                  qualifier, kind, reason, value_max))
        self.last_end = end

    def _context(self, start: int, end: int) -> str:
        """The token plus up to two following CJK characters (else two preceding), for reasons."""
        k = end
        while k < min(self.n, end + 2) and is_cjk(self.t[k]):
            k += 1
        if k > end:
            return self.t[start:k]
        b = start
        while b > max(0, start - 2) and is_cjk(self.t[b - 1]):
            b -= 1
        return self.t[b:end]

    # ------------------------------------------------------------ helpers
    def _emit_figure(self, i: int, tail: Tail, value: Decimal, value_max: Decimal | None = None) -> None:
        """Emit a figure from number start i, with its tail and leading qualifier (a range: its ends);
        a minus sign standing alone before it (为-1.3‰, 负1.3‰) makes it negative."""
        t = self.t
        if (value_max is None and i > self.last_end and t[i - 1] in "-－负" and is_digit(t[i])
                and (i < 2 or not (is_digit(t[i - 2]) or _latin(t[i - 2])))):
            i, value = i - 1, -value
        start, lead_q = leading(self.t, i, self.last_end)
        if value_max is not None:
            self._emit(start, tail.end, normalize_decimal(value), tail.unit, tail.unit_as_written, "range",
                       "figure", value_max=normalize_decimal(value_max))
            return
        self._emit(start, tail.end, normalize_decimal(EXACT.multiply(value, tail.mult)), tail.unit, tail.unit_as_written,
                   lead_q or tail.qualifier or "exact", "figure")

    def _run_end(self, i: int) -> int:
        """End of the maximal run of Chinese numeral characters from i (stops at a name); a
        decimal part (四点五) is part of the run and ends it."""
        t = self.t
        j = i
        while j < self.n and t[j] in CHINESE_NUMERAL_CHARS and (j == i or j not in self.names):
            j += 1
        if j > i and t.startswith("点", j) and j + 1 < self.n and t[j + 1] in _DECIMAL_DIGITS:
            k = j + 1
            while k < self.n and t[k] in _DECIMAL_DIGITS:
                k += 1
            if is_valid_chinese_numeral(t[i:k]):
                return k
        return j

    def _numerator(self, j: int) -> tuple[int, str] | None:
        """A numerator after 分之: (end, written) for an Arabic or valid Chinese numeral."""
        m = _NUM_RE.match(self.t, j)
        if m:
            return m.end(), m.group()
        e = self._run_end(j)
        for k in longest_first(self.t, j, e):
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
            tail = Tail(end=num_end, unit="%", unit_as_written="百分之")
        else:
            tail = Tail(end=num_end, unit="share")
        self._emit_figure(i, trailing(self.t, tail), value)
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
            elif is_digit(t[i]):
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
            end = next((k for k in longest_first(self.t, j, e) if is_valid_chinese_numeral(self.t[j:k])), None)
            if end is None:
                return False
            w = self.t[j:end]
        self._emit(i, end, parse_number(w), kind="ordinal", reason=f"ordinal ({self.t[i:end]})")
        return True

    def _arabic(self, i: int) -> None:
        """Read an Arabic number at i and whatever makes it a figure, date, code, ..."""
        t, n = self.t, self.n
        phone = _PHONE_RE.match(t, i)
        if phone and (i == 0 or not is_digit(t[i - 1])):
            self._emit(i, phone.end(), kind="code", reason=f"a telephone number ({phone.group()})")
            return
        iso = _ISO_DATE_RE.match(t, i) or _TIME_RE.match(t, i)
        if iso and (i == 0 or not is_digit(t[i - 1])):
            what = "a date" if iso.re is _ISO_DATE_RE else "a time of day"
            self._emit(i, iso.end(), kind="date", reason=f"{what} ({iso.group()})")
            return
        m = _NUM_RE.match(t, i)
        w, j = m.group(), m.end()
        wrapped = self._wrapped_number(i)
        if wrapped:
            w, j = wrapped
        if _digits(w) > MAX_DIGITS:  # read as a code before any arithmetic (a run of 300 digits is no number)
            self._emit(i, j, kind="code", reason=_too_long(w))
            return
        value = parse_number(w.replace(",", ""))
        is_int = value == value.to_integral_value() and "." not in w and "．" not in w
        j = across_line_break(self.t, j)
        nxt = t[j] if j < n else ""
        code = self._code(i, j, w, is_int)
        if code:
            self._emit(i, code[0], kind="code", reason=code[1])
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
            if (len(w) == 3 and t.startswith("年", j) and any(t.startswith(b, i - len(b)) for b in YEAR_BEFORE)
                    and not any(t.startswith(a, j + 1) for a in DURATION_AFTER)):
                self._emit(i, j + 1, value, "年", "年", kind="date", reason=f"a year ({t[i:j + 1]})")
                return
            if (nxt in ("时", "点") and value <= 24 and not t.startswith(("时间", "时代", "时期", "点位"), j)
                    and (any(t.startswith(b, i - len(b)) for b in TIME_OF_DAY_BEFORE if i >= len(b))
                         or t.startswith(TIME_OF_DAY_AFTER, j + 1)
                         or re.match(r"[0-9]{1,2}分", t[j + 1:j + 4]))):  # 上午10时, 9时30分: a time of day
                minutes = re.match(r"[0-9]{1,2}分(?:钟)?|许|半|钟|整", t[j + 1:j + 5])
                end = j + 1 + (minutes.end() if minutes and not minutes.group().endswith("钟") else 0)
                self._emit(i, end, kind="date", reason=f"a time of day ({t[i:end]})")
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
                tail = trailing(self.t, Tail(end=m2.end(), unit="share"))
                self._emit_figure(i, tail, parse_number(f"{w}/{m2.group()}"))
                return
        if self._fraction(i, w, j):
            return
        if self._range(i, j, value):
            return
        if self._age_group(i, j):
            return
        if nxt and nxt in PERCENT_MARKS:
            tail = trailing(self.t, Tail(end=j + 1, unit=PERCENT_MARKS[nxt], unit_as_written=nxt))
            self._emit_figure(i, tail, value)
            return
        if is_int and value <= 10 and self._cheng(i, j, value):
            return
        tail = read_tail(self.t, j, cn=False, allow_da=value >= 2)
        if tail.unit is None and tail.mult == 1 and not tail.da and w in HOTLINES:
            self._emit(i, j, kind="code", reason=f"a hotline or emergency number ({w})")
            return
        if tail.unit is None and not tail.da:  # 总诊疗人次286.4万: the unit written as the noun before
            before = next((u for u in UNITS_BY_LENGTH if len(u) >= 2 and t.startswith(u, i - len(u))), None)
            if before:
                tail.unit = UNITS[before]
        _money(tail)
        if is_int and self._named_by_tail(i, tail):
            return
        self._emit_figure(i, tail, value)

    def _wrapped_number(self, i: int) -> tuple[str, int] | None:
        """(the number as written without the line break, its end) when a hard-wrapped line cuts the
        number at i between its digits (1,28⏎6.4亿元) and a unit, a multiplier or % follows its end;
        else None (a number that ends a line before a numbered item, 共计1⏎2.加强…, is left alone)."""
        t, n = self.t, self.n
        k = i
        while k < n and (is_digit(t[k]) or t[k] in ",.．"):
            k += 1
        if not (k < n - 1 and t[k] == "\n" and is_digit(t[k + 1]) and k > i and (is_digit(t[k - 1]) or t[k - 1] == ",")):
            return None
        joined = t[i:k] + t[k + 1:k + 41]
        m = _NUM_RE.match(joined)
        if m is None or m.end() <= k - i:
            return None
        end = i + m.end() + 1
        nxt = t[end:end + 1]
        if nxt and (nxt in PERCENT_MARKS or unit_at(t, end, False) or any(t.startswith(x, end) for x in MULTS_BY_LENGTH)):
            return m.group(), end
        return None

    def _is_phase(self, s: int, after: int, chinese: bool) -> bool:
        """Whether "N期" (the number at `s`, 期 ending at `after`) is the phase of a project (二期工程,
        安置区三期, 基地3期, 三涧溪三期、鲍庄二期) rather than a count (培训班三期, 培训3期): a word of
        PHASE_AFTER follows it, a place name's last character precedes it, or a list of phases goes on
        after it; a Chinese numeral also after any other name, unless a verb of holding precedes it."""
        t = self.t
        if (t.startswith(PHASE_AFTER, after) or t[s - 1:s] in PHASE_BEFORE
                or re.match(rf"、\S{{0,6}}?[{_PHASE_NUMERALS}]期", t[after:after + 9])):
            return True
        return (chinese and s > 0 and is_cjk(t[s - 1])
                and not any(t.startswith(w, s - len(w)) for w in PHASE_COUNT_BEFORE))

    def _named_by_tail(self, i: int, tail: Tail) -> bool:
        """Emit a number that its unit and the words around it make a name: a phase (基地3期), a floor of an
        address (B座7层), a grade (四级手术), round the clock (24小时驻勤)."""
        t, written = self.t, tail.unit_as_written
        prev, nxt = t[i - 1:i], t[tail.end:tail.end + 1]
        if written == "期" and self._is_phase(i, tail.end, chinese=False):
            kind, why = "name", "a phase of a project"
        elif written == "层" and prev in FLOOR_BEFORE:
            kind, why = "code", "a floor of an address"
        elif written == "级" and t.startswith(GRADE_AFTER, tail.end):
            kind, why = "name", "a grade"
        elif (written in ("小时", "个小时") and t[i:tail.end - len(written)] == "24" and tail.qualifier is None
              and is_cjk(nxt or " ") and nxt not in DURATION_24_AFTER):
            kind, why = "name", "round the clock, an attribute, not a duration"
        else:
            return False
        self._emit(i, tail.end, kind=kind, reason=f"{why} ({t[i:tail.end]})")
        return True

    def _code(self, i: int, j: int, w: str, is_int: bool) -> tuple[int, str] | None:
        """(end, reason) when the number at [i, j) is a code or a name, not a quantity."""
        t, nxt = self.t, self.t[j] if j < self.n else ""
        prev = t[i - 1] if i > 0 else ""
        if prev and QUOTE_PAIRS.get(prev) == nxt and nxt:
            return j, f"a number in quotes used as a name ({t[i - 1:j + 1]})"
        if t.startswith("热线", j):
            return j + 2, f"a hotline number ({t[i:j + 2]})"
        if prev in "〔［[【(（" and nxt in "〕］]】)）" and is_int and len(w) == 4:
            return j, f"the year of a document number ({t[i - 1:j + 1]})"
        if _latin(nxt) or _latin(prev):
            end = j
            while end < self.n and (_latin(t[end]) or is_digit(t[end])):
                end += 1
            return end, f"a code with Latin letters ({t[max(0, i - 1):end]})"
        if is_int and any(t.startswith(b, i - len(b)) for b in CODE_BEFORE if i >= len(b)):
            return j, f"a code or road number ({self._context(i, j)})"
        if is_int and not unit_at(self.t, j, False) and nxt not in PERCENT_MARKS:
            after = next((a for a in CODE_AFTER if t.startswith(a, j)), None)
            if after:
                return j, f"a number used as a name ({t[i:j + len(after)]})"
        return None

    def _range(self, i: int, j: int, low: Decimal) -> bool:
        """Emit "low—high unit" (200—300件, 80至100件, 75%至80%, 1.5万至2万人) as one range figure."""
        t = self.t
        k, mult1, pct1 = j, None, ""
        for m in MULTS_BY_LENGTH:
            if t.startswith(m, k):
                mult1, k = MULTIPLIERS[m], k + len(m)
                break
        if k < self.n and t[k] in PERCENT_MARKS and mult1 is None:
            pct1, k = t[k], k + 1
        mark = next((r for r in _RANGE_BY_LENGTH if t.startswith(r, k)), None)
        if mark is None:
            return False
        m2 = _NUM_RE.match(t, k + len(mark))
        if not m2 or (len(low.to_eng_string()) > 1 and t[i] == "0"):
            return False
        high = parse_number(m2.group().replace(",", ""))
        e = m2.end()
        if e < self.n and t[e] in PERCENT_MARKS:
            tail = trailing(self.t, Tail(end=e + 1, unit=PERCENT_MARKS[t[e]], unit_as_written=t[e]))
        else:
            if pct1:
                return False
            tail = read_tail(self.t, e, cn=False, allow_da=False)
            if tail.unit is None or tail.unit in ("年", "月", "日") or tail.yu:
                return False
        if pct1 and tail.unit != PERCENT_MARKS[pct1]:
            return False
        low = low * (mult1 or tail.mult)
        high = high * tail.mult
        if high <= low:
            return False
        if tail.unit == "岁":  # 0—14岁人口, 15—59岁: an age group, not a figure
            self._emit(i, tail.end, kind="name", reason=f"an age group ({t[i:tail.end]})")
            return True
        self._emit_figure(i, tail, low, value_max=high)
        return True

    def _age_group(self, i: int, j: int) -> bool:
        """Emit "N岁以上/以下/及以上" (60岁以上老年人, 3岁以下儿童) as a name: an age group, not a figure."""
        t = self.t
        if not t.startswith("岁", j):
            return False
        after = next((a for a in AGE_GROUP_AFTER if t.startswith(a, j + 1)), None)
        if after is None:
            return False
        end = j + 1 + len(after)
        self._emit(i, end, kind="name", reason=f"an age group ({t[i:end]})")
        return True

    def _cheng(self, i: int, j: int, value: Decimal) -> bool:
        """Emit "N成" (增长三成, 3成) as N*10 %; False if 成 starts a word (一成不变, 三成立)."""
        t = self.t
        lb = LINE_BREAK_RE.match(t, j)
        if lb and t.startswith("成", lb.end()):  # 超过三⏎成: a figure broken by a line break
            j = lb.end()
        if not t.startswith("成", j) or (j + 1 < self.n and t[j + 1] in CHENG_WORDS):
            return False
        end = j + 1
        if end < self.n and t[end] in _DECIMAL_DIGITS and t[end] not in "零〇" and (
                end + 1 >= self.n or t[end + 1] not in CHINESE_NUMERAL_CHARS and not is_cjk(t[end + 1])
                or t[end + 1] in "的"):
            value, end = value + Decimal(CHINESE_DIGITS[t[end]]) / 10, end + 1  # 四成五 = 4.5 tenths
        tail = Tail(end=end, unit="%", unit_as_written=t[j:end])
        if end < self.n and t[end] in "多余":
            tail.qualifier, tail.end = "at_least", end + 1
        self._emit_figure(i, trailing(self.t, tail), value * 10)
        return True

    def _vague(self, i: int, e: int) -> bool:
        """Emit a bare multiplier after a vague word (数十家, 上千, 近万人, 超千万元) as a figure."""
        t, run = self.t, self.t[i:e]
        if any(c not in _POSITION_VALUE for c in run):
            return False
        word = next((v for v in _VAGUE_BY_LENGTH if t.startswith(v, i - len(v)) and i >= len(v)), None)
        if word is None:
            return False
        s = i - len(word)
        if s < self.last_end:
            return False
        before = t[s - 1] if s > 0 else ""
        if word == "上" and before in SHANG_EXCLUDED_BEFORE or before in LEADING_EXCLUDED_BEFORE.get(word, ()):
            return False
        value = Decimal(1)
        for c in run:
            value *= _POSITION_VALUE[c]
        tail = _money(read_tail(self.t, e, cn=True, allow_da=False), "亿" in run)
        nxt = t[e] if e < self.n else ""
        if tail.unit is None and not tail.yu and nxt in ("分", "年"):
            return False  # 人数十分踊跃, 数十年如一日
        q = "at_least" if tail.yu else VAGUE_BEFORE[word]
        self._emit(s, tail.end, normalize_decimal(value * tail.mult), tail.unit, tail.unit_as_written, q, "figure")
        return True

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
        if self._vague(i, e):
            return
        pieces = split_run(run)
        # fractions: 四分之一, 百分之二十
        lb = LINE_BREAK_RE.match(t, e)
        fe = lb.end() if lb and t.startswith("分之", lb.end()) else e  # 三⏎分之一: a fraction broken by a line break
        if t.startswith("分之", fe):
            ps, _ = pieces[-1]
            den_start = i + ps
            den = t[den_start:e]
            if not is_valid_chinese_numeral(den) and run[-1] in "百千万":
                den_start, den = e - 1, run[-1]
            if den_start >= i:
                saved = (len(self.tokens), self.last_end)  # a length, not a copy of every token so far
                self._words(i, den_start, run)
                if self._fraction(den_start, den, fe):
                    return
                del self.tokens[saved[0]:]
                self.last_end = saved[1]
        for k, (ps, pe) in enumerate(pieces):
            s, pend = i + ps, i + pe
            if k < len(pieces) - 1:
                self._emit(s, pend, kind="word",
                           reason=f"numeral characters that do not form one valid numeral ({run})")
                continue
            self._last_piece(s, pend)

    def _words(self, i: int, end: int, run: str) -> None:
        """Emit the characters [i, end) of an invalid run as word tokens (one per piece)."""
        for ps, pe in split_run(self.t[i:end]) if end > i else []:
            self._emit(i + ps, i + pe, kind="word",
                       reason=f"numeral characters that do not form one valid numeral ({run})")

    def _last_piece(self, s: int, pend: int) -> None:
        """The piece of a run next to what follows: a figure, date or word."""
        t = self.t
        p = t[s:pend]
        if p in ("百", "千", "万") and t[pend:pend + 1] in ("余", "多"):  # 千余亩, 百余人, 万余人: at least
            tail = read_tail(t, pend, cn=True, allow_da=False)
            if tail.unit:
                self._emit_figure(s, tail, Decimal(_POSITION_VALUE[p]))
                return
        if t[s - 1:s] == "翻" and t[pend:pend + 1] == "番" and s - 1 >= self.last_end and is_valid_chinese_numeral(p):
            times = 2 ** int(parse_number(p))  # 翻一番: twice, 翻两番: four times
            self._emit(s - 1, pend + 1, Decimal(times), "倍", "番", "exact", "figure")
            return
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
        nxt = t[pend] if pend < self.n else ""
        if nxt == "号" or nxt == "期" and self._is_phase(s, pend + 1, chinese=True):
            # 二期工程, 一号民生工程, 三涧溪三期、鲍庄二期
            what = "a phase of a project" if nxt == "期" else "a serial number"
            self._emit(s, pend + 1, kind="name" if nxt == "期" else "code", reason=f"{what} ({t[s:pend + 1]})")
            return
        if nxt == "大" and value >= 10 and (t[s - 2:s] == "党的" or t.startswith(CONGRESS_AFTER, pend + 1)):
            self._emit(s, pend + 1, kind="name", reason=f"a party congress ({t[s:pend + 1]})")  # 二十二大
            return
        if p == "一" and nxt == "半":  # 一半以上: half
            self._emit_figure(s, trailing(t, Tail(end=pend + 1, unit="share", unit_as_written="一半")), Decimal("0.5"))
            return
        if value <= 10 and "点" not in p and self._cheng(s, pend, value):
            return
        tail = read_tail(self.t, pend, cn=True, allow_da=value >= 2, allow_mult="点" in p)
        if "点" not in p and self._named_by_tail(s, tail):
            return
        positional = any(c in _POSITIONAL for c in p)
        if (p == "一" and tail.unit_as_written in ARTICLE_MEASURES and not tail.yu and tail.mult == 1
                and not tail.da and (t[s - 1:s] == "每" or is_cjk(t[tail.end:tail.end + 1] or " ")
                                     or t[tail.end:tail.end + 1] in OPENING_MARKS)):
            # 每一件, 一名领导, 一个个: "a / each"; a count of one ends its clause (新增一个。)
            self._emit(s, pend, kind="word",
                       reason=f"一 + a measure word means 'a' or 'each', not a count ({self._context(s, pend)})")
        elif tail.unit or tail.da or (tail.yu and (positional or tail.mult > 1)) or tail.mult > 1:
            self._emit_figure(s, _money(tail, "亿" in p), value)
        else:
            self._emit(s, pend, kind="word",
                       reason=f"numeral inside a word, not followed by a measure word "
                              f"({self._context(s, pend)})")

    def _estimates(self) -> None:
        """Mark exact figures as estimates when 预计 occurs earlier in the same sentence."""
        t = self.t
        # Sorted offsets, looked up by bisection: linear in the text, however long a sentence is.
        ends = [m.start() for m in re.finditer("[" + re.escape(_SENTENCE_END) + "]", t)]
        yuji = [m.start() for m in re.finditer("预计", t)]
        out = []
        for f in self.tokens:
            if f.kind == "figure" and f.qualifier == "exact":
                k = bisect.bisect_left(ends, f.start)
                ss = ends[k - 1] + 1 if k else 0
                p = bisect.bisect_left(yuji, ss)
                if p < len(yuji) and yuji[p] + 2 <= f.start:
                    f = replace(f, qualifier="estimate")
            out.append(f)
        self.tokens = out


def scan(text: str, names: dict[str, str] | None = None) -> list[Figure]:
    """Return every numeric token of ``text`` in order of start; tokens never overlap.

    ``names``: names that contain numerals and are not figures (name -> reason); by default
    ``data/numbered_names.yml`` (:func:`reportbook.text.lexicon.numbered_names`).
    """
    return _Scanner(text, numbered_names() if names is None else names).run()
