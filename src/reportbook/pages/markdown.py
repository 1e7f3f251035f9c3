"""Small Markdown builders for generated page content (MyST flavour)."""
from __future__ import annotations

_SPECIAL = set("\\`*_[]{}<>#|$")


def escape(text: str) -> str:
    """Backslash-escape characters that Markdown would read as markup."""
    return "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in str(text))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table; cells are inserted as given (escape them first where needed)."""
    if not rows:
        return "_(none)_"
    line = lambda cells: "| " + " | ".join(str(c).replace("\n", " ") for c in cells) + " |"  # noqa: E731
    return "\n".join([line(headers), line(["---"] * len(headers)), *(line(r) for r in rows)])


def span(text: str, anchor: str | None = None, classes: tuple[str, ...] = (), title: str | None = None) -> str:
    """An inline HTML span with an id, classes and a hover title."""
    attrs = [f'id="{anchor}"'] if anchor else []
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    if title:
        attrs.append(f'title="{_html(title)}"')
    return f"<span {' '.join(attrs)}>{_html(text)}</span>"


def _html(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def anchor_link(text: str, href: str) -> str:
    """A raw HTML link (for anchors inside generated pages, which MyST cannot resolve as documents)."""
    return f'<a href="{href}">{_html(text)}</a>'
