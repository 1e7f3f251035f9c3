"""Read YAML files keeping the line of every mapping, for errors that point at the line."""
from __future__ import annotations

from pathlib import Path

import yaml

from reportbook.errors import ReportbookError


class LineDict(dict):
    """A mapping from a YAML file that knows its 1-based line number."""

    line: int = 0


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader whose mappings are LineDicts (libyaml's when PyYAML has it: ~8x faster)."""


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def load_yaml(path: Path, where: str) -> object:
    """Parse `path`; a syntax error names the file, line and column."""
    if not path.is_file():
        raise ReportbookError("file not found", where)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except UnicodeDecodeError as exc:
        raise ReportbookError(f"not UTF-8 (byte offset {exc.start})", where,
                              f"save the file as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8 {where} > {where}.utf8`, "
                              "check it, then replace the file)") from None
    except OSError as exc:
        raise ReportbookError(f"cannot be read ({exc.strerror or exc})", where, "make the file readable") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        raise ReportbookError(f"not valid YAML: {getattr(exc, 'problem', exc)}", at, "fix the YAML syntax") from None


def check_keys(item: dict, allowed: set[str], required: set[str], where: str) -> None:
    """Refuse unknown or missing keys in one YAML mapping, naming its line."""
    at = f"{where}:{getattr(item, 'line', '?')}"
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise ReportbookError(
            f"unknown key(s) {', '.join(unknown)}", at, f"use only: {', '.join(sorted(allowed))}"
        )
    missing = sorted(k for k in required if item.get(k) in (None, ""))
    if missing:
        raise ReportbookError(f"missing key(s) {', '.join(missing)}", at, "add them")
