"""The one place where page content is escaped: text from data is inert in MyST, Markdown, Jinja2 and HTML.

Every string that comes from a report, a curation file, the catalog, derived.yml or charts.yml
goes onto a page through `escape` (or a builder below that calls it). Nothing else in `pages/`
splices data into Markdown.

How: every ASCII character that is not a letter, digit or inner space becomes a numeric HTML
character reference (`{` → `&#123;`, `|` → `&#124;`, `%` → `&#37;`, `<` → `&#60;` …). MyST,
Markdown and Jinja2 then find no markup at all in the source (no `{{ }}`, `{% %}`, role,
directive, `%` comment, `:::` fence, table `|`, `---` rule, `- ` bullet, `<script>`), while the
Markdown parser decodes each reference back to its character as plain text, and an HTML block or
attribute shows it as that character too. So the reader sees every character as received, and
the same escaped string is safe in Markdown text, in a table cell, in raw HTML and in an
attribute value. Line breaks and control characters are escaped as well, so escaped text is
always one line and cannot start an indented code block. Control characters (which HTML cannot
show) are shown as their Unicode "control pictures" (NUL → ␀).

Outputs that are HTML objects (never parsed by MyST) use `html_text`, the plain HTML escape.

Trusted MyST (roles such as `{doc}` around the book's own constant names) is written by the
page modules themselves, never with data inside.
"""
from __future__ import annotations

import html
import re

# ASCII punctuation and the whitespace that Markdown reads as structure; letters, digits, inner
# single spaces and all non-ASCII characters stay as they are (Markdown gives them no meaning).
_ENTITY = {ord(ch): f"&#{ord(ch)};" for ch in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\r"}
# C0 and C1 control characters (not tab, newline, CR): shown as control pictures, never passed raw.
_CONTROL = {c: chr(0x2400 + c) for c in range(0x20) if c not in (9, 10, 13)}
_CONTROL[0x7F] = "\u2421"
_CONTROL.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_TABLE = {**_ENTITY, **_CONTROL}
_SCHEME = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]*:")  # javascript:, data:, http: …


def escape(text: object) -> str:
    """`text` made inert for MyST/Markdown/Jinja2/HTML: shows every character, compiles nothing.

    Safe in Markdown text, table cells, raw HTML blocks and attribute values alike.
    """
    out = str(text).translate(_TABLE)
    # A space at either end would be trimmed (or, doubled before a line end, become a hard break).
    if out.startswith(" "):
        out = "&#32;" + out[1:]
    if out.endswith(" ") and len(out) > 1:
        out = out[:-1] + "&#32;"
    return out.replace("  ", " &#32;")


def html_text(text: object) -> str:
    """`text` for an HTML output (an IPython `HTML` object, which MyST never parses): `& < > " '` escaped."""
    return html.escape(str(text).translate(_CONTROL), quote=True)


def visible(text: object) -> str:
    """What a reader sees for `text` once escaped (controls as control pictures); for tests and checks."""
    return str(text).translate(_CONTROL)


def code(text: object) -> str:
    """Inline code (formulas, ids, file names) as an HTML `<code>` element with escaped content."""
    return f"<code>{escape(text)}</code>"


def strong(text: object) -> str:
    """Bold text as an HTML `<strong>` element with escaped content."""
    return f"<strong>{escape(text)}</strong>"


def span(text: object, anchor: str | None = None, classes: tuple[str, ...] = (), title: object = None) -> str:
    """An inline HTML span with an id, classes and a hover title, all escaped."""
    attrs = [f'id="{escape(anchor)}"'] if anchor else []
    if classes:
        attrs.append(f'class="{escape(" ".join(classes))}"')
    if title:
        attrs.append(f'title="{escape(title)}"')
    return f"<span {' '.join(attrs)}>{escape(text)}</span>"


def anchor_link(text: object, href: str) -> str:
    """A raw HTML link to a page of the book (relative href only: no `javascript:` or other scheme)."""
    if _SCHEME.match(href):
        raise ValueError(f"links on generated pages stay inside the book, not {href!r}")
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def note(text: object) -> str:
    """A short note in place of missing content (an empty table, a section without text), escaped."""
    return f'<p class="rb-none">{escape(text)}</p>'


def english(*paragraphs: object, html_output: bool = False) -> str:
    """English text behind the book's "English" toggle, each paragraph escaped (with `html_text` in an HTML
    output, else with `escape`); Chinese comes first, above it."""
    inert = html_text if html_output else escape
    body = "".join(f"<p>{inert(p)}</p>" for p in paragraphs)
    return f'<details class="rb-en"><summary>English</summary>{body}</details>'


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table of cells that are already escaped (or built by the functions above)."""
    if not rows:
        return note("（无）")
    line = lambda cells: "| " + " | ".join(str(c).replace("\n", " ") for c in cells) + " |"  # noqa: E731
    return "\n".join([line(headers), line(["---"] * len(headers)), *(line(r) for r in rows)])
