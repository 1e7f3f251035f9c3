"""Load a year's report text: decoding, hashing, and clear errors for bad files."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportbook.errors import ReportbookError
from reportbook.paths import Paths


@dataclass(frozen=True)
class Report:
    """The verbatim text of one year's report."""

    year: int
    text: str
    path: Path
    sha256: str


def decode_report(data: bytes, where: str) -> tuple[str, str]:
    """Decode report bytes as UTF-8, else GB18030; return (text, encoding) or raise a clear error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReportbookError(
            f"not UTF-8 (bad byte 0x{data[utf8_error.start]:02x} at byte offset {utf8_error.start}) "
            "and not GB18030 either",
            where,
            "save the report as UTF-8 text (e.g. `iconv -f <its encoding> -t UTF-8 in.txt > out.txt`)",
        ) from None
    return text, "gb18030"


def load_report(paths: Paths, year: int) -> Report:
    """Read data/reports/<year>.txt, which must be UTF-8 and not empty."""
    path = paths.report(year)
    where = str(path.relative_to(paths.root)) if path.is_relative_to(paths.root) else str(path)
    if not path.is_file():
        have = ", ".join(map(str, paths.years())) or "none"
        raise ReportbookError(
            f"no report for {year} (years with a report: {have})",
            where,
            f"add it with `reportbook add-year {year} REPORT.txt`",
        )
    data = path.read_bytes()
    text, encoding = decode_report(data, where)
    if encoding != "utf-8":
        raise ReportbookError(
            "is not UTF-8: it decodes as GB18030 (common for Chinese reports)",
            where,
            f"re-add it with `reportbook add-year {year} {where} --force`, which decodes it, "
            f"or convert it: `iconv -f GB18030 -t UTF-8 {where} -o {where}`",
        )
    if not text.strip():
        raise ReportbookError("the report is empty (no text)", where, "put the report's text in this file")
    return Report(year, text, path, hashlib.sha256(data).hexdigest())
