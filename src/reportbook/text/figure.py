"""The token the scanner returns: one number of a text, read (value, unit, qualifier, kind)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Figure", "KINDS", "QUALIFIERS"]

KINDS = ("figure", "date", "period", "code", "name", "ordinal", "word")
QUALIFIERS = ("exact", "at_least", "approx", "estimate", "range")


@dataclass(frozen=True)
class Figure:
    """One numeric token of a text; ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str
    value: Decimal | None
    unit: str | None
    unit_as_written: str | None
    qualifier: str
    kind: str
    reason: str | None = None
    value_max: Decimal | None = None  # the upper end of a range (qualifier "range")

    def __post_init__(self) -> None:
        """Check the invariants that do not need the source text."""
        if self.end - self.start != len(self.text) or not self.text:
            raise ValueError(f"inconsistent span {self.start}:{self.end} for {self.text!r}")
        if self.kind not in KINDS or self.qualifier not in QUALIFIERS:
            raise ValueError(f"bad kind/qualifier {self.kind!r}/{self.qualifier!r}")
        if (self.value_max is not None) != (self.qualifier == "range"):
            raise ValueError(f"value_max {self.value_max!r} with qualifier {self.qualifier!r}")
