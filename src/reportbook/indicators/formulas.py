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
