"""The indicator table data/indicators/<year>.csv: columns, formatting, writing and validated reading."""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from reportbook.indicators.catalog import BASE_UNITS
from reportbook.errors import CheckFailed, ReportbookError
from reportbook.indicators.sections import SLUGS
from reportbook.text.figure import QUALIFIERS  # the one qualifier vocabulary: the scanner assigns them
from reportbook.text.numerals import EXACT

COLUMNS = ("year", "section", "indicator", "label_zh", "label_en", "value", "unit", "value_max", "qualifier",
           "period", "match", "score", "quote", "start", "end")
MATCHES = ("rule", "confirmed", "auto")
QUALIFIER_MARKS = {"exact": "", "at_least": "≥", "approx": "≈", "estimate": "est.", "range": "–"}


def format_value(value: Decimal) -> str:
    """A Decimal as plain text: 1977000000, 21.29, 0.25 (no exponent, no trailing zeros)."""
    text = format(value.normalize(EXACT), "f")  # exact however many digits
    return text if "." not in text else text.rstrip("0").rstrip(".")


def render_csv(rows: list[dict]) -> str:
    """The CSV text for `rows` (UTF-8, LF line ends, header first)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _range_problems(row, at: str) -> list[str]:
    """value_max is given exactly for a range (qualifier `range`) and lies above value."""
    given, is_range = str(row["value_max"]).strip() != "", row["qualifier"] == "range"
    if given != is_range:
        return [f"{at}: value_max {row['value_max']!r} with qualifier {row['qualifier']!r}: a range "
                "(qualifier `range`) has value_max, no other row has one"]
    if given:
        try:
            if Decimal(str(row["value_max"])) <= Decimal(str(row["value"])):
                return [f"{at}: value_max {row['value_max']} is not above value {row['value']}"]
        except Exception:
            return [f"{at}: value_max {row['value_max']!r} is not a number"]
    return []


def validate(frame: pd.DataFrame, where: str) -> list[str]:
    """Schema and type problems of an indicator table, each naming its CSV line and column."""
    problems: list[str] = []
    if tuple(frame.columns) != COLUMNS:
        return [f"{where}: columns are {list(frame.columns)}, expected {list(COLUMNS)}"]
    for i, row in frame.iterrows():
        at = f"{where}:{i + 2}"
        for col in ("year", "start", "end"):
            if not str(row[col]).isdigit():
                problems.append(f"{at}: column {col} must be a whole number, got {row[col]!r}")
        try:
            Decimal(str(row["value"]))
        except Exception:
            problems.append(f"{at}: value {row['value']!r} is not a number")
        problems += _range_problems(row, at)
        if row["section"] not in SLUGS:
            problems.append(f"{at}: unknown section {row['section']!r}")
        if row["unit"] not in BASE_UNITS:
            problems.append(f"{at}: unknown unit {row['unit']!r}")
        if row["qualifier"] not in QUALIFIERS:
            problems.append(f"{at}: qualifier {row['qualifier']!r} is not one of {', '.join(QUALIFIERS)}")
        if row["period"] != "year" and not re.fullmatch(r"\d{1,2}-\d{1,2}", str(row["period"])):
            problems.append(f"{at}: period {row['period']!r} is neither `year` nor months like `1-11`")
        if row["match"] not in MATCHES:
            problems.append(f"{at}: match {row['match']!r} is not one of {', '.join(MATCHES)}")
        elif (row["match"] == "auto") != bool(str(row["score"]).strip()) or (
                row["score"] and not re.fullmatch(r"[01]\.\d{3}", str(row["score"]))):
            problems.append(f"{at}: score {row['score']!r}: an `auto` row has a score 0.000-1.000, other rows none")
        for col in ("indicator", "label_zh", "label_en", "quote"):
            if not str(row[col]).strip():
                problems.append(f"{at}: column {col} is empty")
        if str(row["start"]).isdigit() and str(row["end"]).isdigit() and int(row["start"]) >= int(row["end"]):
            problems.append(f"{at}: start {row['start']} is not before end {row['end']}")
    if frame["indicator"].duplicated().any():
        dups = sorted(set(frame.loc[frame["indicator"].duplicated(), "indicator"]))
        problems.append(f"{where}: indicator(s) listed twice: {', '.join(dups)}")
    return problems


def read_raw(path: Path, where: str) -> pd.DataFrame:
    """The CSV as strings, exactly as written."""
    if not path.is_file():
        raise ReportbookError("no indicator table", where, "run `reportbook extract YEAR` to generate it")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ReportbookError(f"not UTF-8 (byte offset {exc.start})", where,
                              f"regenerate it with `reportbook extract YEAR`; never edit it by hand") from None
    except OSError as exc:
        raise ReportbookError(f"cannot be read ({exc.strerror or exc})", where, "make the file readable") from None
    except pd.errors.ParserError as exc:
        raise ReportbookError(f"not a valid CSV ({exc})", where,
                              "regenerate it with `reportbook extract YEAR`; never edit it by hand") from None


def read_indicators(path: Path, where: str | None = None) -> pd.DataFrame:
    """Load and validate an indicator table; numbers typed (value float, offsets int)."""
    where = where or str(path)
    frame = read_raw(path, where)
    problems = validate(frame, where)
    if problems:
        raise CheckFailed(problems, where, "regenerate it with `reportbook extract YEAR`; never edit it by hand")
    frame = frame.astype({"year": int, "start": int, "end": int})
    frame["value"] = frame["value"].astype(float)
    frame["value_max"] = pd.to_numeric(frame["value_max"].replace("", None), errors="raise").astype(float)
    return frame
