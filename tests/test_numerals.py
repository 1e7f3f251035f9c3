"""Tests of reportbook.text.numerals: property-based round trips against an independent renderer."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from reportbook.text.numerals import is_valid_chinese_numeral, parse_number

# ---------------------------------------------------------------- independent renderer
# Written here, digit by digit, without looking at how the parser is built.
_CN_DIGITS = "零一二三四五六七八九"
_SMALL = ("", "十", "百", "千")


def render_chinese(n: int, *, zero: str = "零", short_ten: bool = True, liang: bool = False) -> str:
    """Render 0 <= n < 10**16 as a standard Chinese numeral.

    zero: the zero character (零 or 〇); short_ten: write 十 rather than 一十 at the very
    start (十二, 十万); liang: write 两 for a 2 before 百/千, or for a lone 2 before 万/亿.
    """
    if n == 0:
        return zero
    digits = str(n)
    length = len(digits)
    at = {length - 1 - i: int(c) for i, c in enumerate(digits)}  # position -> digit
    out: list[str] = []
    pending_zero = False
    for p in range(length - 1, -1, -1):
        d = at[p]
        if d:
            if pending_zero:
                out.append(zero)
                pending_zero = False
            if d == 1 and p % 4 == 1 and not out and short_ten:
                out.append("十")
            else:
                lone_before_big = p % 4 == 0 and p > 0 and all(at.get(q, 0) == 0 for q in (p + 1, p + 2, p + 3))
                use_liang = liang and d == 2 and (p % 4 in (2, 3) or lone_before_big or n == 2)
                out.append(("两" if use_liang else _CN_DIGITS[d]) + _SMALL[p % 4])
        elif out:
            pending_zero = True
        if p % 4 == 0 and p > 0:
            if p % 8 == 0:  # the 亿 tier: emitted when anything at or above it is nonzero
                tier_nonzero = any(at.get(q, 0) for q in range(p, length))
                big = "亿"
            else:  # 万 (p = 4) or 万 inside the 亿 tier (p = 12, 万亿)
                tier_nonzero = any(at.get(q, 0) for q in range(p, p + 4))
                big = "万"
            if tier_nonzero:
                out.append(big)
                pending_zero = False
    return "".join(out)


def test_renderer_itself():
    """The renderer must write the textbook forms (else the round trips prove little)."""
    cases = {
        0: "零", 2: "二", 10: "十", 12: "十二", 20: "二十", 110: "一百一十", 300: "三百",
        1205: "一千二百零五", 1005: "一千零五", 1050: "一千零五十", 10005: "一万零五",
        35000: "三万五千", 100500: "十万零五百", 1005000: "一百万五千", 105000000: "一亿零五百万",
        100000005: "一亿零五", 10**12: "一万亿", 10**12 + 10**8: "一万零一亿", 1977000000: "十九亿七千七百万",
    }
    for n, s in cases.items():
        assert render_chinese(n) == s, n
    assert render_chinese(2, liang=True) == "两"
    assert render_chinese(20000, liang=True) == "两万"
    assert render_chinese(2200, liang=True) == "两千两百"
    assert render_chinese(12, short_ten=False) == "一十二"
    assert render_chinese(1005, zero="〇") == "一千〇五"


# ---------------------------------------------------------------- Chinese round trips
@given(
    n=st.integers(min_value=0, max_value=10**12),
    zero=st.sampled_from("零〇"),
    short_ten=st.booleans(),
    liang=st.booleans(),
)
@example(n=10**12, zero="零", short_ten=True, liang=False)
@example(n=100000005, zero="〇", short_ten=True, liang=False)
@example(n=2, zero="零", short_ten=True, liang=True)
def test_chinese_integer_round_trip(n, zero, short_ten, liang):
    s = render_chinese(n, zero=zero, short_ten=short_ten, liang=liang)
    assert is_valid_chinese_numeral(s), s
    assert parse_number(s) == n, s


@given(
    n=st.integers(min_value=0, max_value=10**9),
    frac=st.text(alphabet="0123456789", min_size=1, max_size=6),
)
def test_chinese_decimal_round_trip(n, frac):
    s = render_chinese(n) + "点" + "".join(_CN_DIGITS[int(c)] for c in frac)
    assert parse_number(s) == Decimal(f"{n}.{frac}")


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_chinese_fraction(num, den):
    assert parse_number(f"{render_chinese(den)}分之{render_chinese(num)}") == Decimal(num) / Decimal(den)


@given(st.integers(min_value=0, max_value=100))
def test_chinese_percent_gives_percent_number(p):
    assert parse_number("百分之" + render_chinese(p)) == p


# ---------------------------------------------------------------- Arabic forms
_MULTS = {"": 1, "百": 100, "千": 1000, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8, "万亿": 10**12}


@given(
    d=st.integers(0, 4).flatmap(
        lambda places: st.decimals(min_value=0, max_value=10**6, places=places,
                                   allow_nan=False, allow_infinity=False)),
    mult=st.sampled_from(sorted(_MULTS)),
)
@example(d=Decimal("19.77"), mult="亿")
@example(d=Decimal("1.5"), mult="万亿")
@example(d=Decimal("22.56"), mult="万")
def test_arabic_with_multiplier(d, mult):
    written = format(d, "f")
    value = parse_number(written + mult)
    assert value == d * _MULTS[mult]
    assert isinstance(value, Decimal)


def test_exact_no_float_error():
    v = parse_number("19.77亿")
    assert v == Decimal(1977000000)
    assert str(v) == "1977000000"  # normalised, no "1977000000.00" and no exponent
    assert str(parse_number("0.1万")) == "1000"
    assert str(parse_number("1.50")) == "1.5"


@given(st.integers(min_value=0, max_value=10**12))
def test_fullwidth_digits(n):
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_number(full) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_arabic_fractions(a, b):
    assert parse_number(f"{a}/{b}") == Decimal(a) / Decimal(b)
    assert parse_number(f"{b}分之{a}") == Decimal(a) / Decimal(b)


@pytest.mark.parametrize(
    "s, expected",
    [
        ("19.77", "19.77"), ("300", "300"), ("１２", "12"), ("两", "2"), ("三百", "300"),
        ("二十", "20"), ("十二", "12"), ("十", "10"), ("一千二百零五", "1205"), ("三万五千", "35000"),
        ("〇", "0"), ("零", "0"), ("一千〇五", "1005"), ("2万", "20000"), ("19.77亿", "1977000000"),
        ("1.5万亿", "1500000000000"), ("1/4", "0.25"), ("四分之一", "0.25"), ("百分之二十", "20"),
        ("两万五", "25000"), ("一千五", "1500"), ("千分之五", "0.005"), ("三点一四", "3.14"),
        ("两千万", "20000000"), ("十万", "100000"), ("二十两万", None),
    ],
)
def test_examples(s, expected):
    if expected is None:
        with pytest.raises(ValueError):
            parse_number(s)
    else:
        assert parse_number(s) == Decimal(expected)


def test_three_fifths_written_with_arabic():
    assert parse_number("3分之2") == Decimal(2) / Decimal(3)


# ---------------------------------------------------------------- strict grammar
@pytest.mark.parametrize("s", ["两", "二十", "十", "十二", "一十二", "二百", "两百", "一万亿", "两万两千", "一亿零五百万"])
def test_valid_numerals(s):
    assert is_valid_chinese_numeral(s)


@pytest.mark.parametrize(
    "s",
    ["五两", "万", "亿", "百", "千", "二十两", "两十", "十两", "一千五十", "一百零", "零零", "一零",
     "一百十", "一百零五十", "二十零五", "一千零五百", "一万五百", "一亿五百万", "万万", "一二", "", "点五", "三点", "一万万", "亿亿", "两两"],
)
def test_invalid_numerals(s):
    assert not is_valid_chinese_numeral(s)
    with pytest.raises(ValueError, match="cannot read"):
        parse_number(s)


@pytest.mark.parametrize("s", ["", "abc", "1..2", "1/0", "分之一", "百分之", "万元", "1/", "/4", "3 4", "1e5", "二十两"])
def test_invalid_inputs_raise_value_error_naming_the_input(s):
    with pytest.raises(ValueError) as err:
        parse_number(s)
    assert repr(s) in str(err.value)


def test_non_string_raises_value_error():
    with pytest.raises(ValueError):
        parse_number(12)  # type: ignore[arg-type]


@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿", min_size=1, max_size=8))
def test_validity_and_parsing_agree(s):
    """Whatever the string, is_valid_chinese_numeral says exactly when parse_number succeeds."""
    try:
        v = parse_number(s)
    except ValueError:
        assert not is_valid_chinese_numeral(s)
    else:
        assert is_valid_chinese_numeral(s)
        assert v == v.to_integral_value() and 0 <= v < 10**16


@given(st.integers(min_value=1, max_value=10**12))
def test_two_adjacent_digits_never_valid(n):
    """Appending a bare digit after a units digit (e.g. 二十三 + 五) must be rejected."""
    s = render_chinese(n)
    assume(s[-1] in _CN_DIGITS[1:])
    assert not is_valid_chinese_numeral(s + "五")
