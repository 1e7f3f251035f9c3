"""The token the scanner returns: one number of a text, read (value, unit, qualifier, kind)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Figure", "KINDS", "QUALIFIERS", "per_figure_list"]

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


def per_figure_list(build):
    """Keep the last thing `build(*args)` made and give it again while it is asked about the same
    objects (by identity; a list also by its length): an index of a text's figures is made once per
    figure list, not once for each figure looked up in it. The arguments are held, so no other object
    can take their identity."""
    last: list[tuple] = []  # (args, lengths of the list arguments, what build made)

    @functools.wraps(build)
    def cached(*args):
        lengths = tuple(len(a) for a in args if isinstance(a, list))
        if not (last and len(last[0][0]) == len(args) and all(a is b for a, b in zip(last[0][0], args))
                and last[0][1] == lengths):
            last[:] = [(args, lengths, build(*args))]
        return last[0][2]
    return cached
