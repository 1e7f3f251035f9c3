"""`reportbook figures FILE`: every number the scanner reads in any text, as TSV or JSON lines."""
from __future__ import annotations

import json
from pathlib import Path

from reportbook.errors import ReportbookError
from reportbook.text.report import decode_report
from reportbook.text.figure import Figure
from reportbook.text.scanner import scan

COLUMNS = ("text", "value", "value_max", "unit", "qualifier", "kind", "start", "end", "context")
AROUND = 10  # characters of context on each side


def read_text_file(path: Path) -> str:
    """The text of any UTF-8 or GB18030 file; a clear error for a missing, binary or undecodable one."""
    where = str(path)
    if not path.is_file():
        raise ReportbookError("no such file", where, "give the path of a text file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportbookError(f"cannot read it ({exc.strerror})", where, "check the file's permissions") from None
    nul = data.find(b"\x00")
    if nul != -1:
        raise ReportbookError(f"is a binary file (a NUL byte at byte offset {nul})", where,
                              "give a plain text file (save a Word or PDF document as .txt first)")
    text, _ = decode_report(data, where)
    return text


def _flat(s: str) -> str:
    """One line: line breaks shown as ⏎, tabs as spaces."""
    return s.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎").replace("\t", " ")


def _number(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def rows(text: str, figures: list[Figure]) -> list[dict]:
    """One mapping per token: as written, value, value_max, unit, qualifier, kind, offsets, the words around."""
    out = []
    for f in figures:
        context = f"{text[max(0, f.start - AROUND):f.start]}【{f.text}】{text[f.end:f.end + AROUND]}"
        out.append({"text": f.text, "value": _number(f.value), "value_max": _number(f.value_max),
                    "unit": f.unit or "", "qualifier": f.qualifier, "kind": f.kind,
                    "start": f.start, "end": f.end, "context": _flat(context)})
    return out


def render(rows_: list[dict], fmt: str) -> str:
    """TSV (a header line, line breaks as ⏎) or JSON lines (one object per figure)."""
    if fmt == "json":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows_)
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(_flat(str(r[c])) for c in COLUMNS) for r in rows_]
    return "\n".join(lines) + "\n"


def list_figures(path: Path, fmt: str = "tsv", names: dict[str, str] | None = None) -> str:
    """Every token the scanner finds in the file at `path`, rendered as `fmt` (tsv or json)."""
    text = read_text_file(path)
    return render(rows(text, scan(text, names)), fmt)
