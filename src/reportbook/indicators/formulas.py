"""Evaluate the formulas and assertions of data/derived.yml over a year's indicator values."""
from __future__ import annotations

import ast
import operator
from dataclasses import dataclass

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
            ast.Eq: operator.eq, ast.NotEq: operator.ne}


class FormulaError(ValueError):
    """A formula that is not of the allowed form."""


def names(expression: str) -> list[str]:
    """The indicator ids a formula uses, in order of first use."""
    seen: list[str] = []
    for node in ast.walk(_parse(expression)):
        if isinstance(node, ast.Name) and node.id not in seen:
            seen.append(node.id)
    return seen


def _parse(expression: str) -> ast.Expression:
    try:
        return ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"cannot read formula {expression!r}: {exc.msg}") from None


def evaluate(expression: str, values: dict[str, float]) -> float | bool:
    """Compute `expression` (arithmetic, comparisons, and/or) with indicator ids bound to `values`."""

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.BoolOp):
            results = [walk(v) for v in node.values]
            return all(results) if isinstance(node.op, ast.And) else any(results)
        if isinstance(node, ast.Compare):
            left = walk(node.left)
            for op, right_node in zip(node.ops, node.comparators):
                right = walk(right_node)
                if type(op) not in _COMPARE or not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        raise FormulaError(f"not allowed in a formula: {ast.dump(node)[:60]}")

    return walk(_parse(expression))


@dataclass(frozen=True)
class Outcome:
    """The result of one formula or assertion for one year."""

    id: str
    value: float | bool | None
    missing: tuple[str, ...]   # indicators the year lacks (then value is None)


def outcome(item_id: str, expression: str, values: dict[str, float]) -> Outcome:
    """Evaluate when every indicator is present; otherwise say which are missing."""
    missing = tuple(n for n in names(expression) if n not in values)
    if missing:
        return Outcome(item_id, None, missing)
    try:
        return Outcome(item_id, evaluate(expression, values), ())
    except ZeroDivisionError:
        return Outcome(item_id, None, ("a zero divisor",))


def _signs(node, sign: int, out: dict[str, set[int]]) -> None:
    """How each indicator moves the result: +1 (more input, more result) or -1, for positive values."""
    if isinstance(node, ast.Expression):
        _signs(node.body, sign, out)
    elif isinstance(node, ast.Name):
        out.setdefault(node.id, set()).add(sign)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _signs(node.operand, -sign, out)
    elif isinstance(node, ast.BinOp):
        _signs(node.left, sign, out)
        _signs(node.right, -sign if isinstance(node.op, (ast.Sub, ast.Div)) else sign, out)


def bound_of(expression: str, qualifiers: dict[str, str]) -> str:
    """The qualifier a formula's result carries, from its inputs' qualifiers.

    An estimate in, an estimate out; an approximate input (or a range), an approximate result.
    Lower bounds (余, 以上) give a lower bound when every one of them raises the result
    (a sum, a numerator), an upper bound when every one lowers it (a divisor), and only an
    approximate figure when they pull both ways (a ratio of two lower bounds is neither).
    """
    signs: dict[str, set[int]] = {}
    _signs(_parse(expression), 1, signs)
    kinds = {qualifiers.get(n, "exact") for n in signs}
    if "estimate" in kinds:
        return "estimate"
    if kinds & {"approx", "range"}:
        return "approx"
    pulls = {s for n, ss in signs.items() if qualifiers.get(n) == "at_least" for s in ss}
    if not pulls:
        return "exact"
    if pulls == {1}:
        return "at_least"
    if pulls == {-1}:
        return "at_most"
    return "approx"
