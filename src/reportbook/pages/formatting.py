"""How figures read on the page: 19.77亿元, ≥300 人次, 21.29%, 1/4."""
from __future__ import annotations

import math

from reportbook.indicators.table import QUALIFIER_MARKS


def _trim(number: float, digits: int) -> str:
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def amount(value: float, unit: str) -> str:
    """A value with its unit, in the way Chinese reports write it (亿元 and 万元 for money)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
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
        return f"{_trim(value * 100, 1)}% (share)"
    digits = 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)
    return f"{_trim(value, digits)} {unit}"


def figure(value: float, unit: str, qualifier: str = "exact", value_max: float | None = None) -> str:
    """amount() with the qualifier mark: ≥ (at least), ≈ (approximately), est. (estimate); a range
    reads low–high (200–300 件)."""
    mark = QUALIFIER_MARKS.get(qualifier, "")
    text = amount(value, unit)
    if qualifier == "range" and value_max is not None and not math.isnan(value_max):
        low, high = amount(value, unit), amount(value_max, unit)
        suffix = next((high[k:] for k in range(len(high)) if low.endswith(high[k:]) and not high[k].isdigit()
                       and high[k] not in ".,"), "")
        return f"{low[:len(low) - len(suffix)]}–{high}"
    if qualifier == "estimate":
        return f"{text} (est.)"
    return f"{mark}{text}"


def chart_scale(unit: str, values: list[float]) -> tuple[float, str]:
    """Divisor and axis unit for a chart of `values` in `unit` (money in 亿元 or 万元)."""
    top = max((abs(v) for v in values), default=0)
    if unit == "元" and top >= 1e8:
        return 1e8, "亿元"
    if unit == "元" and top >= 1e4:
        return 1e4, "万元"
    return 1.0, unit
