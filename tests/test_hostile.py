"""Report text is data: hostile reports are shown character for character, and nothing in them runs.

Two levels: `escape` is checked against the MyST parser the book uses (every escaped string parses
to plain text only); then one scratch book is built from a report, a curation file and a catalog
full of hostile text, and the built pages' visible text is compared with the input.
"""
from __future__ import annotations

import html.parser
import re
import shutil
from pathlib import Path

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from reportbook.cli import main
from reportbook.pages import markdown as md
from tests.conftest import ROOT

YEAR = 2023
MARK = "PWNED"  # a file the Jinja2 payload would create


def payload(root: Path) -> str:
    """Issue 10's Jinja2 payload: run through MyST's substitutions it would create root/PWNED."""
    return f"{{{{ cycler.__init__.__globals__.os.system('touch {root}/{MARK}') }}}}"


def hostile_lines(root: Path) -> list[str]:
    """Paragraphs an attacker or a careless correspondent might send (one per line)."""
    return [
        f"发掘{payload(root)}新就业群体党员11名|切断表格",
        "{% for x in range(3) %}循环{{ x }}{% endfor %}{{ 7*7 }}",
        "{download}`盗取 <../../../../etc/passwd>` {doc}`目录 <intro>` {sub-ref}`today`",
        "```{eval-rst}",
        ".. raw:: html",
        "::: {note}",
        ":::",
        "% 这一段以百分号开头，不是注释",
        "---",
        "- 这不是列表项",
        "1. 这也不是列表",
        "# 这不是标题",
        "> 这不是引文",
        "| 表格 | 切断 |",
        "&lt;b&gt;实体&lt;/b&gt; &amp; &#123; &copy;",
        "<script>document.title='hacked'</script><img src=x onerror=alert(1)>",
        "[点我](javascript:alert(1)) <a href=\"javascript:alert(2)\">链接</a> javascript:alert(3)",
        "**不是粗体** _不是斜体_ `不是代码` $x^2$ \\(转义\\) ~删除~",
        "双横线--不变 ...省略号 \"直引号\" 'single' (c) +- <<>>",
        "    缩进四格不是代码块",
        "控制字符\x07响铃\x1b[31m红",
        "长行" + "“未闭合的引号" * 400,
    ]


# ── escape() against the MyST parser ───────────────────────────────────────────

@pytest.fixture(scope="module")
def myst():
    """The MyST Markdown parser as the book configures it, plus the extensions a hostile page would abuse."""
    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "substitution", "dollarmath"})
    return create_md_parser(config, RendererHTML)


def _plain(myst, source: str) -> tuple[set[str], str]:
    """Token types that parsing `source` produces, and the text it shows."""
    types, text = set(), []
    for token in myst.parse(source):
        types.add(token.type)
        for child in token.children or []:
            types.add(child.type)
            text.append(child.content)
    return types, "".join(text)


@pytest.mark.parametrize("line", hostile_lines(Path("/tmp")))
def test_escaped_text_parses_as_plain_text(myst, line):
    types, text = _plain(myst, md.escape(line))
    assert types <= {"paragraph_open", "inline", "paragraph_close", "text"}, types
    assert text == md.visible(line)


@pytest.mark.parametrize("line", hostile_lines(Path("/tmp")))
def test_escaped_text_in_a_table_cell_stays_in_its_cell(myst, line):
    source = md.table(["a", "b", "c"], [["x", md.escape(line), "y"]])
    tokens = myst.parse(source)
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 3
    inline = [t for t in tokens if t.type == "inline"][3:]  # the three header cells come first
    assert [t.content for t in inline][0] == "x"
    assert "".join(c.content for c in inline[1].children) == md.visible(line)
    assert {c.type for c in inline[1].children} == {"text"}


def test_builders_escape_attributes_and_refuse_schemes():
    assert md.span('a"b', "fig-1", ("rb-fig",), "<x>") == \
        '<span id="fig&#45;1" class="rb&#45;fig" title="&#60;x&#62;">a&#34;b</span>'
    assert md.code("`x` {{ y }}") == "<code>&#96;x&#96; &#123;&#123; y &#125;&#125;</code>"
    with pytest.raises(ValueError):
        md.anchor_link("x", "javascript:alert(1)")
    assert md.escape(" 2  spaces ") == "&#32;2 &#32;spaces&#32;"


# ── a whole book from hostile data ─────────────────────────────────────────────

class _Visible(html.parser.HTMLParser):
    """The text a reader sees (no script or style content), and every script element's content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.scripts, self._skip = [], [], None
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip = tag
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name.startswith("on"):
                self.links.append(f"{name}={value}")

    def handle_endtag(self, tag):
        if tag == self._skip:
            self._skip = None

    def handle_data(self, data):
        (self.scripts if self._skip == "script" else self.text if not self._skip else []).append(data)


def read_page(path: Path) -> _Visible:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


HOSTILE_LABEL = "网格员{{ 6*7 }} | <b>粗</b> {sub-ref}`today` % 注"
HOSTILE_REASON = "{% if true %}理由{% endif %} :::{warning} <script>x()</script> |切|"


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    """A scratch project with a hostile 2023 report, catalog label and curation reason, built."""
    root = tmp_path_factory.mktemp("hostile")
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("[0-9]*", "*.ipynb", "manifest.json"))
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    lines = hostile_lines(root)
    text = (ROOT / "data/reports/2022.txt").read_text(encoding="utf-8")
    # The payload inside a quote of the indicator table (issue 10's case), a `|` after the figure.
    text = text.replace("发掘新就业群体党员11名", f"发掘{payload(root)}新就业群体党员11名|切断表格", 1)
    at = text.index("深化党建品牌")  # the hostile paragraphs stand in 活力双山, after its first paragraph
    text = text[:at] + "\n\n".join(lines[1:]) + "\n\n" + text[at:]
    catalog = root / "data/catalog.yml"
    label = HOSTILE_LABEL.replace("'", "''")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(
        "label_zh: 发掘新就业群体党员\n", f"label_zh: '{label}'\n", 1), encoding="utf-8")
    source = root / "incoming.txt"
    source.write_text(text, encoding="utf-8")
    assert main(["--root", str(root), "add-year", str(YEAR), str(source)]) == 0
    curation = root / f"data/reports/{YEAR}.yml"
    skeleton = curation.read_text(encoding="utf-8")
    assert "paragraphs:\n" in skeleton
    curation.write_text(skeleton.replace(
        "paragraphs:\n", f"paragraphs:\n- at: 深化党建品牌\n  reason: '{HOSTILE_REASON}'\n", 1), encoding="utf-8")
    assert main(["--root", str(root), "extract", str(YEAR), "2022"]) in (0,)
    assert main(["--root", str(root), "build", "--jobs", "2"]) == 0
    return root, lines, text


def test_nothing_in_the_report_runs(hostile_book):
    root, *_ = hostile_book
    assert not (root / MARK).exists()
    assert not list(root.rglob(MARK))


def test_source_page_shows_the_report_as_received(hostile_book):
    root, lines, text = hostile_book
    page = read_page(root / f"_build/html/book/{YEAR}/source.html")
    shown = normal("".join(page.text))
    for line in lines:
        assert normal(md.visible(line)) in shown, line[:60]
    for paragraph in text.split("\n"):  # every paragraph of the report, not only the hostile ones
        assert normal(md.visible(paragraph)) in shown, paragraph[:60]
    assert "hacked" not in "".join(page.scripts)
    assert not [link for link in page.links if "javascript" in link or link.startswith("onerror")]


def test_no_page_runs_or_links_report_text(hostile_book):
    root, *_ = hostile_book
    for page_path in (root / "_build/html").rglob("*.html"):
        page = read_page(page_path)
        assert "hacked" not in "".join(page.scripts), page_path
        assert not [link for link in page.links if "javascript:" in link or "onerror" in link], page_path
        shown = "".join(page.text)
        assert "发掘0新就业" not in shown and "循环0" not in shown  # nothing substituted


def test_indicator_table_keeps_quote_and_label_whole(hostile_book):
    root, lines, _ = hostile_book
    page = read_page(root / f"_build/html/book/{YEAR}/vibrant.html")
    shown = normal("".join(page.text))
    assert normal(f"发掘{payload(root)}新就业群体党员11名") in shown  # the quote, as written, in its cell
    assert normal(HOSTILE_LABEL) in shown


def test_review_page_shows_curation_reason_as_written(hostile_book):
    root, *_ = hostile_book
    page = read_page(root / f"_build/html/book/{YEAR}/review.html")
    assert normal(HOSTILE_REASON) in normal("".join(page.text))
    assert "x()" not in "".join(page.scripts)
