"""How figures read on the page: 19.77亿元, ≥300人次, 约6,000人, 预计12.9亿元, 21.29%."""
from __future__ import annotations

import math

# Marks a reader sees beside a figure, and what each means (in Chinese, then English).
MARKS = {"exact": "", "at_least": "≥", "at_most": "≤", "approx": "约", "estimate": "预计", "range": ""}
MARK_LEGEND_ZH = ("“≥”为下限（原文作“余”“以上”“超过”等，实际数不少于此）；“约”为约数（原文作“左右”“约”，"
                  "或由约数推算）；“预计”为报告写作时的预计数，不是全年决算数。")
MARK_LEGEND_EN = ("“≥” a lower bound (the report writes 余, 以上, 超过: at least this many); “约” approximate "
                  "(左右, 约, or computed from an approximate figure); “预计” the report's estimate, not a final figure.")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _trim(number: float, digits: int) -> str:
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount(value: float, unit: str) -> str:
    """A stated value with its unit, as Chinese reports write it (亿元 and 万元 for money)."""
    if _missing(value):
        return "—"
    if unit == "元":
        if abs(value) >= 1e8:
            return f"{_trim(value / 1e8, 2)}亿元"
        if abs(value) >= 1e4:
            return f"{_trim(value / 1e4, 2)}万元"
        return f"{_trim(value, 2)}元"
    if unit == "%":
        return f"{_trim(value, 2)}%"
    if unit == "share":
        return f"{_trim(value * 100, 1)}%"
    digits = 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)
    return f"{_trim(value, digits)}{unit}"


def figure(value: float, unit: str, qualifier: str = "exact", value_max: float | None = None) -> str:
    """amount() with the qualifier's mark in front: ≥300人次, 约6,000人, 预计19.77亿元; a range reads
    low–high with the unit once (200–300件, 200–300万元)."""
    if qualifier == "range" and not _missing(value_max) and value_max is not None:
        low, high = amount(value, unit), amount(value_max, unit)
        suffix = next((high[k:] for k in range(len(high)) if low.endswith(high[k:]) and not high[k].isdigit()
                       and high[k] not in ".,"), "")
        return f"{low[:len(low) - len(suffix)]}–{high}"
    return MARKS.get(qualifier, "") + amount(value, unit)


def growth(value: float, qualifier: str = "exact") -> str:
    """A growth rate as a Chinese report writes it: 同比增长21.29%, 预计同比增长21.29% (预计 qualifies the whole
    phrase), 同比增长≥5%, 同比增长约5%, 同比下降3.1%."""
    if _missing(value):
        return "—"
    verb = "增长" if value >= 0 else "下降"
    number = amount(abs(value), "%")
    if qualifier == "estimate":
        return f"预计同比{verb}{number}"
    return f"同比{verb}{MARKS.get(qualifier, '')}{number}"


def significant(value: float, digits: int = 3, direction: str = "nearest") -> float:
    """`value` to `digits` significant figures; `down`/`up` keep a lower/upper bound a bound."""
    if _missing(value) or value == 0:
        return value
    step = 10 ** (math.floor(math.log10(abs(value))) - digits + 1)
    how = {"down": math.floor, "up": math.ceil}.get(direction)
    return (how(value / step) if how else round(value / step)) * step


def _sig_text(value: float, digits: int = 3) -> str:
    places = max(0, digits - 1 - math.floor(math.log10(abs(value)))) if value else 0
    return _trim(value, places)


def derived_amount(value: float, unit: str, qualifier: str = "exact") -> str:
    """A computed figure to three significant figures, its bound kept (a lower bound is rounded down)."""
    if _missing(value):
        return "—"
    direction = {"at_least": "down", "at_most": "up"}.get(qualifier, "nearest")
    if qualifier == "estimate":  # computed from an estimate: about that much, not itself an estimate
        qualifier = "approx"
    v = significant(float(value), 3, direction)
    head, _, per = unit.partition("/")
    tail = f"/{per}" if per else ""
    if head == "元":
        for size, name in ((1e8, "亿元"), (1e4, "万元")):
            if abs(v) >= size:
                return f"{MARKS.get(qualifier, '')}{_sig_text(v / size)}{name}{tail}"
    shown = head if head != "share" else "%"
    if head == "share":
        v = v * 100
    return f"{MARKS.get(qualifier, '')}{_sig_text(v)}{shown}{tail}"


AUTO_MARK = "⚠"  # an automatic match not yet confirmed by the analyst


def period_text(period: str) -> str:
    """`1-11` → 1-11月 (the months a figure covers); empty for the whole year."""
    return "" if not period or period == "year" else f"{period}月"


def shown(row) -> str:
    """figure() of a table row, with its period (1-11月) and ⚠ when it is an unconfirmed automatic match."""
    text = figure(row["value"], row["unit"], row["qualifier"], row.get("value_max"))
    period = period_text(row.get("period", "year"))
    if period:
        text += f" ({period})"
    if row.get("match") == "auto":
        text += f" {AUTO_MARK}"
    return text


def chart_scale(unit: str, values: list[float]) -> tuple[float, str]:
    """Divisor and axis unit for a chart of `values` in `unit` (money in 亿元 or 万元)."""
    top = max((abs(v) for v in values), default=0)
    if unit == "元" and top >= 1e8:
        return 1e8, "亿元"
    if unit == "元" and top >= 1e4:
        return 1e4, "万元"
    return 1.0, unit
