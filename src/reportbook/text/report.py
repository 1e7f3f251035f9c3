"""Load a year's report text: decoding, hashing, and clear errors for bad files."""
from __future__ import annotations

import hashlib
import re
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


# Characters no report text contains: C0 controls but tab, line feed, form feed and carriage return;
# DEL; C1 controls. A few are tolerated (OCR debris; the source page shows them as ␇ etc.).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.01


def read_input(path: Path, where: str | None = None) -> bytes:
    """The bytes of an input file, or a clear error (missing, unreadable, a folder)."""
    where = where or str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReportbookError("no such file", where, "give the path of an existing file") from None
    except IsADirectoryError:
        raise ReportbookError("is a folder, not a file", where, "give the path of the text file") from None
    except PermissionError:
        raise ReportbookError("cannot be read (permission denied)", where,
                              f"make it readable (`chmod u+r {where}`) or copy it somewhere readable") from None
    except OSError as exc:
        raise ReportbookError(f"cannot be read ({exc.strerror or exc})", where, "check the file and the disk") from None


MAX_REPORT_CHARS = 300_000  # add-year refuses a longer text unless told (--max-chars): 5× the longest report seen


def check_text(text: str, where: str) -> None:
    """Refuse a text that is no report: empty, with NUL characters, or more than 1% control characters."""
    if not text.strip():
        raise ReportbookError("the report is empty (no text)", where, "put the report's text in this file")
    nul = text.find("\x00")
    if nul != -1:
        raise ReportbookError(
            f"contains NUL characters (the first at character {nul}): this is not a plain text file "
            "(a binary file, or UTF-16 text)", where,
            "save the report as UTF-8 plain text (e.g. `iconv -f UTF-16 -t UTF-8 in.txt > out.txt`)")
    controls = _CONTROL.findall(text)
    visible = sum(not c.isspace() for c in text)
    if len(controls) > MAX_CONTROL_SHARE * visible:
        first = _CONTROL.search(text)
        raise ReportbookError(
            f"{len(controls)} of its {visible} visible characters are control characters (the first, "
            f"{first.group()!r}, at character {first.start()}): this is not a plain text report", where,
            "save the report as UTF-8 plain text")


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
    data = read_input(path, where)
    text, encoding = decode_report(data, where)
    if encoding != "utf-8":
        raise ReportbookError(
            "is not UTF-8: it decodes as GB18030 (common for Chinese reports)",
            where,
            f"convert it in place: `iconv -f GB18030 -t UTF-8 {where} -o {where}.utf8 && mv {where}.utf8 {where}`",
        )
    check_text(text, where)
    return Report(year, text, path, hashlib.sha256(data).hexdigest())
