"""Turn one written number (Arabic, Chinese or mixed) into an exact Decimal.

Accepted forms (all results are ``Decimal``; no float is ever involved):

* Arabic integers and decimals, half- or full-width: ``"19.77"``, ``"300"``, ``"１２"``;
  an optional leading ``-``/``负`` and an optional trailing ``%``/``％`` (dropped: the
  caller knows it is a percent).
* Arabic followed by a multiplier: ``"2万"`` -> 20000, ``"19.77亿"`` -> 1977000000,
  ``"1.5万亿"``, ``"3千万"``; multipliers are 百, 千, 万, 百万, 千万, 亿, 万亿.
* Chinese numerals under a strict grammar (see :func:`is_valid_chinese_numeral`):
  ``"两"``, ``"三百"``, ``"十二"``, ``"一千二百零五"``, ``"三万五千"``, ``"一千〇五"``,
  ``"三点一四"``; the financial forms 壹贰叁肆伍陆柒捌玖拾佰仟萬億 are read as the plain ones.
* Fractions: ``"1/4"``, ``"四分之一"``, ``"3分之2"`` -> the quotient (0.25, ...);
  ``"千分之五"`` -> 0.005.  ``"百分之二十"`` is the one exception: it gives the percent
  number 20 (not 0.2), because callers record percentages in percent.

Anything else raises ``ValueError`` naming the input.
"""
from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation

__all__ = [
    "EXACT",
    "parse_number",
    "is_valid_chinese_numeral",
    "CHINESE_DIGITS",
    "CHINESE_NUMERAL_CHARS",
    "MULTIPLIERS",
    "normalize_decimal",
    "split_run",
    "longest_first",
]

#: Chinese digit characters and their values (两 is 2, but only in some positions).
CHINESE_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_ZERO = frozenset("零〇")
_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
#: every character that can be part of a plain Chinese integer numeral
CHINESE_NUMERAL_CHARS = frozenset(CHINESE_DIGITS) | frozenset(_SMALL_UNITS) | frozenset("万亿")

#: multipliers that may follow an Arabic number, longest first
MULTIPLIERS: dict[str, int] = {
    "万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 1000, "百": 100,
}

_FINANCIAL = str.maketrans({
    "壹": "一", "贰": "二", "貳": "二", "叁": "三", "參": "三", "肆": "四", "伍": "五",
    "陆": "六", "陸": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百",
    "仟": "千", "萬": "万", "億": "亿",
})
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％／－", "0123456789.%/-")

_ARABIC_RE = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<mult>万亿|千万|百万|亿|万|千|百)?")


# Decimal arithmetic on figures: exact for any number a report can write (the default context
# keeps 28 digits, and quantize() raised InvalidOperation on a 29-digit number).
EXACT = Context(prec=200)


def normalize_decimal(d: Decimal) -> Decimal:
    """Return ``d`` without spurious trailing zeros or exponent (1977000000.00 -> 1977000000)."""
    if d == d.to_integral_value():
        return d.quantize(Decimal(1), context=EXACT)
    return d.normalize(context=EXACT)


# ---------------------------------------------------------------- Chinese grammar
def _section(s: str, leading: bool, bare_liang: bool) -> int | None:
    """Value of a section below 10000 (``一千二百零五``), or None if ill-formed.

    ``leading``: an initial bare 十 (=10) is allowed.  ``bare_liang``: 两 alone is allowed.
    """
    n = len(s)
    if n == 0:
        return None
    value = 0
    prev_unit: int | None = None
    zero_seen = False
    i = 0
    while i < n:
        c = s[i]
        if c in _ZERO:
            # a zero marks a gap: never first, never last, never doubled
            if prev_unit is None or zero_seen or i == n - 1:
                return None
            zero_seen = True
            i += 1
            continue
        if c == "十" and (prev_unit is None and leading or zero_seen):
            d, unit = 1, 10  # implicit one: 十, 十二, 一千零十
            i += 1
        elif c in CHINESE_DIGITS:
            d = CHINESE_DIGITS[c]
            i += 1
            if i < n and s[i] in _SMALL_UNITS:
                unit = _SMALL_UNITS[s[i]]
                i += 1
            else:
                unit = 1
        else:
            return None  # a unit without a digit (百, 千, 十 in the middle)
        if c == "两" and unit not in (100, 1000) and not (bare_liang and n == 1):
            return None
        if prev_unit is not None:
            if unit == 1 and not zero_seen and prev_unit in (100, 1000) and i == n and c != "两":
                unit = prev_unit // 10  # abbreviation: 一千五 = 1500, 三百五 = 350
            if zero_seen:
                if unit * 100 > prev_unit:
                    return None  # 零 must stand for at least one skipped position
            elif unit * 10 != prev_unit:
                return None  # positions must follow each other without a gap
        value += d * unit
        prev_unit = unit
        zero_seen = False
    return value


def _myriads(s: str, leading: bool, whole: bool) -> int | None:
    """Value of a numeral below 10**8 (may contain one 万), or None."""
    if s.count("万") > 1:
        return None
    if "万" in s:
        i = s.index("万")
        hi = _section(s[:i], leading, bare_liang=True)
        if not hi:
            return None
        lo = _lower(s[i + 1:], 4)
        return None if lo is None else hi * 10**4 + lo
    return _section(s, leading, bare_liang=whole)


def _lower(s: str, width: int) -> int | None:
    """Value of the part after 万 (width 4) or 亿 (width 8); a 零 is required before a gap."""
    if s == "":
        return 0
    top = 10 ** (width - 1)
    if s[0] in _ZERO:
        rest = s[1:]
        if rest == "" or rest[0] in _ZERO:
            return None
        v = _myriads(rest, True, False) if width == 8 else _section(rest, True, False)
        if v is None or not 0 < v < top:
            return None
        return v
    if len(s) == 1 and s in CHINESE_DIGITS and s != "两" and s not in _ZERO:
        return CHINESE_DIGITS[s] * top  # abbreviation: 一万五 = 15000, 一亿五 = 150000000
    v = _myriads(s, False, False) if width == 8 else _section(s, False, False)
    if v is None or v < top:
        return None
    return v


def _chinese_integer(s: str) -> int | None:
    """Value of a plain Chinese integer numeral, or None if the grammar rejects it."""
    if s in _ZERO:
        return 0
    if not s or any(c not in CHINESE_NUMERAL_CHARS for c in s):
        return None
    if s.count("亿") > 1:
        return None
    if "亿" in s:
        i = s.index("亿")
        hi = _myriads(s[:i], True, True)
        if not hi:
            return None
        lo = _lower(s[i + 1:], 8)
        return None if lo is None else hi * 10**8 + lo
    return _myriads(s, True, True)


def _chinese_decimal(s: str) -> Decimal | None:
    """Value of a Chinese numeral with an optional 点 decimal part (三点一四), or None."""
    s = s.translate(_FINANCIAL)
    if "点" in s:
        int_part, _, frac = s.partition("点")
        iv = _chinese_integer(int_part)
        if iv is None or not frac or any(c not in CHINESE_DIGITS or c == "两" for c in frac):
            return None
        digits = "".join(str(CHINESE_DIGITS[c]) for c in frac)
        return Decimal(f"{iv}.{digits}")
    iv = _chinese_integer(s)
    return None if iv is None else Decimal(iv)


def is_valid_chinese_numeral(s: str) -> bool:
    """True if ``s`` is a well-formed Chinese numeral under the strict grammar.

    Valid: 两, 十 (=10), 二十, 十二, 一千二百零五, 三万五千, 一万亿, 三点五, and the
    abbreviations 一千五 (=1500) / 两万五 (=25000).  Invalid: 五两 (digits side by side),
    万 (a multiplier needs a digit), 二十两, 一千五十 (needs 零), 一百零 (trailing 零).
    """
    return isinstance(s, str) and _chinese_decimal(s) is not None


# ---------------------------------------------------------------- public parser
def _parse_simple(s: str) -> Decimal | None:
    """Arabic (with multiplier) or Chinese numeral, no fraction; None if neither."""
    m = _ARABIC_RE.fullmatch(s)
    if m:
        v = Decimal(m["num"])
        if m["mult"]:
            v = EXACT.multiply(v, MULTIPLIERS[m["mult"]])
        return v
    return _chinese_decimal(s)


def parse_number(s: str) -> Decimal:
    """Read one written number (Arabic, Chinese, mixed, fraction) and return it as a Decimal.

    Raises ``ValueError`` (naming the input) for anything that is not a number.
    """
    if not isinstance(s, str):
        raise ValueError(f"not a number: {s!r} (expected a string)")
    t = s.strip().translate(_FULLWIDTH).translate(_FINANCIAL)
    sign = 1
    if t[:1] in ("-", "负"):
        sign, t = -1, t[1:]
    if t.endswith("%"):
        t = t[:-1]
    result: Decimal | None = None
    try:
        if "/" in t:
            num, _, den = t.partition("/")
            a, b = _parse_simple(num), _parse_simple(den)
            if a is not None and b is not None and b != 0:
                result = a / b
        elif "分之" in t:
            den, _, num = t.partition("分之")
            a = Decimal(100) if num == "百" and den == "百" else _parse_simple(num)
            if a is not None:
                if den == "百":
                    result = a  # 百分之二十 -> 20 (a percent number)
                elif den in ("千", "万"):
                    result = a / (1000 if den == "千" else 10000)
                else:
                    b = _parse_simple(den)
                    if b is not None and b != 0:
                        result = a / b
        else:
            result = _parse_simple(t)
    except InvalidOperation:
        result = None
    if result is None:
        raise ValueError(f"cannot read {s!r} as a number")
    return normalize_decimal(EXACT.multiply(sign, result))


#: no valid Chinese integer numeral is longer: the grammar allows at most 4 positions of 2 characters
#: below each 万 and 亿, one 万 on each side of one 亿 (九千九百九十九万…九千九百九十九: 31 characters)
LONGEST_NUMERAL = 64


def split_run(run: str) -> list[tuple[int, int]]:
    """Split a run of numeral characters into pieces, right to left, longest valid suffix first.

    ``五两`` -> ``五`` | ``两``; a character that is valid in no piece stands alone (``万``).
    """
    pieces = []
    end = len(run)
    while end > 0:
        first = 0 if "点" in run[:end] else max(0, end - LONGEST_NUMERAL)  # no longer piece is valid
        start = next((s for s in range(first, end) if is_valid_chinese_numeral(run[s:end])), end - 1)
        pieces.append((start, end))
        end = start
    return pieces[::-1]


def longest_first(t: str, j: int, e: int) -> range:
    """The ends k of t[j:k], longest first, that can make a valid numeral of the run t[j:e]
    (a run with no 点 holds no valid numeral longer than LONGEST_NUMERAL)."""
    top = e if "点" in t[j:e] else min(e, j + LONGEST_NUMERAL)
    return range(top, j, -1)
