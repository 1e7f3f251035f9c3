"""The reader's pages, generated from the real 2022 data without building the book: Chinese first,
English behind the "English" toggle, curation reasons in Chinese."""
from __future__ import annotations

import html
import re

import pytest

from reportbook.pages import chapter, review, source
from reportbook.text.curation import load_curation
from reportbook.text.lexicon import numbered_names

CJK = re.compile(r"[\u4e00-\u9fff]")
DETAILS = re.compile(r'<details class="rb-en">.*?</details>', re.S)


@pytest.fixture(scope="module")
def book(paths):
    return chapter.load(2022, paths.root)


def visible_text(markup: str) -> str:
    """What a reader sees of generated Markdown/HTML outside the English toggles (tags dropped, references decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", DETAILS.sub(" ", markup)))


def test_every_2022_curation_reason_has_a_chinese_form(paths):
    cur = load_curation(paths, 2022)
    decisions = [*cur.paragraphs, *cur.not_figures, *cur.absent, *cur.matches]
    assert decisions
    assert [d.reason for d in decisions if not (d.reason_zh and CJK.search(d.reason_zh))] == []


def test_source_page_notes_show_the_chinese_reason(book):
    cur = load_curation(book.paths, 2022)
    text = "".join(source.section_text(book, s).data for s in
                   ("overview", "vibrant", "prosperous", "happy", "civilized", "beautiful", "safe"))
    shown = visible_text(text)
    placed = [d for d in cur.paragraphs if d.section and d.role != "caption"]
    assert placed
    for d in placed:
        assert d.reason_zh in shown, d.reason_zh
        assert d.reason not in shown, d.reason  # English only on hover
    assert "位于活力标题之下" in shown and "below the" not in shown  # the default rule, in Chinese too
    captions = visible_text(source.captions(book).data)
    assert "领导视察的图片说明" in captions and "photo caption" not in captions


def test_source_page_hover_titles_name_the_kind_in_chinese(book):
    text = html.unescape("".join(source.section_text(book, s).data for s in ("safe", "civilized")))
    titles = re.findall(r'title="([^"]*)"', text)
    assert any(t.startswith("不是指标：24小时不间断追踪阳性病例") for t in titles), titles[:5]
    assert not [t for t in titles if re.match(r"(not_figure|date|name|code|period|ordinal):", t)]


REVIEW_BLOCKS = ("data_checks", "pending", "automatic", "curation", "not_figures", "inputs", "environment")


@pytest.mark.parametrize("block", REVIEW_BLOCKS)
def test_review_page_prose_is_chinese_with_english_behind_the_toggle(book, block):
    markup = getattr(review, block)(book).data
    paragraphs = [visible_text(p).strip() for p in re.findall(r"<p\b[^>]*>(.*?)</p>", DETAILS.sub("", markup), re.S)]
    paragraphs += [visible_text(line).strip() for line in DETAILS.sub("", markup).split("\n\n")
                   if line.strip() and not line.lstrip().startswith(("|", "<"))]
    assert [p for p in paragraphs if p and not CJK.search(p)] == []
    header = next((line for line in markup.splitlines() if line.startswith("| ")), "")
    assert not header or CJK.search(header), header
    if block in ("pending", "automatic", "curation", "inputs", "environment", "not_figures", "data_checks"):
        assert '<details class="rb-en"><summary>English</summary>' in markup


def test_review_runs_are_chinese_and_escaped(book, tmp_path):
    (tmp_path / "a&b.ipynb").write_text('{"metadata": {"papermill": {"parameters": {"year": "<x>"}}}}', encoding="utf-8")
    out = review.runs(book, str(tmp_path)).data
    assert "<th>笔记本（模板）</th>" in out and "完成" in out and "见构建日志" in out
    assert "a&amp;b.ipynb" in out and "&#x27;&lt;x&gt;&#x27;" in out and "<x>" not in out
    assert "data-run='trends'" in out and "notebooks/trends.ipynb" in out


def test_review_curation_lists_only_the_analysts_decisions(book):
    out = review.curation(book).data
    cur = load_curation(book.paths, 2022)
    assert out.count("\n| ") - 1 == len(cur.paragraphs)  # one row per decision (the header row aside)
    default = sum(1 for s in book.extraction.segments if not s.curated)
    assert f"另有{default}个段落按默认规则归入" in out


# ── the index of indicators and the glossary, in pinyin order ─────────────────────────

def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name)).lower()


def test_index_lists_every_stated_indicator_once_in_pinyin_order(paths, book):
    from reportbook.pages import indicator_index

    index = indicator_index.IndicatorIndex(2022, paths.root)
    out = index_html = indicator_index.listing(index).data
    names = [html.unescape(n) for n in re.findall(r"<dt>(.*?)</dt>", index_html)]
    assert sorted(names) == sorted(book.table["label_zh"].unique())  # each indicator with a figure, once
    assert [_pinyin(n) for n in names] == sorted(_pinyin(n) for n in names)
    assert names.index("地方收入") < names.index("工商税收") < names.index("接收热线工单")
    # each figure: its chapter and its sentence, linked to its place in the report
    tax = book.table.set_index("indicator").loc["tax_revenue"]
    entry = html.unescape(out.split("<dt>工商税收</dt>")[1].split("</dd>")[0])
    assert 'href="2022/overview.html">2022年 · 总体</a>' in entry
    assert f'href="2022/source.html#fig-{int(tax["start"])}">“{tax["quote"]}”</a>' in entry
    assert "预计19.77亿元" in entry


def test_index_letters_link_to_their_headings(paths):
    from reportbook.pages import indicator_index

    index = indicator_index.IndicatorIndex(2022, paths.root)
    listing = indicator_index.listing(index).data
    targets = [html.unescape(h)[1:] for h in re.findall(r'href="([^"]+)"', indicator_index.letters(index).data)]
    assert targets and all(f'id="{t}"' in listing for t in targets)
    assert [t[-1] for t in targets] == sorted(t[-1] for t in targets)


def test_glossary_terms_are_in_pinyin_order(paths):
    text = (paths.root / "book" / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}\n")[1].split("```")[0]
    terms = [line for line in block.splitlines() if line and not line.startswith(" ")]
    assert len(terms) > 20
    assert [_pinyin(t) for t in terms] == sorted(_pinyin(t) for t in terms)
    assert block.count('<details class="rb-en"><summary>English</summary>') == len(terms)


def test_items_frame_without_computable_derived_figures_warns_nothing(book):
    """A year whose derived figures all lack inputs: the chart frame is the stated rows, no pandas FutureWarning."""
    import warnings

    from reportbook.indicators.derived import derived_figures
    from reportbook.pages.chart_specs import items_frame

    none_computable = derived_figures(book.derived_spec, book.table.iloc[0:0])
    assert len(none_computable) and none_computable["value"].isna().all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = items_frame(book.table, none_computable)
    assert list(frame["id"]) == list(book.table["indicator"]) and set(frame["kind"]) == {"stated"}
    assert frame["value"].dtype == float


# ── titles: 预计 qualifies the growth phrase ──────────────────────────────────────────

def test_growth_reads_as_a_chinese_report_writes_it():
    from reportbook.pages.formatting import growth

    assert growth(21.29, "estimate") == "预计同比增长21.29%"
    assert growth(21.29) == "同比增长21.29%"
    assert growth(-3.1) == "同比下降3.1%"
    assert growth(5, "approx") == "同比增长约5%" and growth(5, "at_least") == "同比增长≥5%"


def test_overview_titles_put_the_estimate_before_the_growth(book):
    from reportbook.pages.chart_specs import load_chart_specs, section_figures

    specs = load_chart_specs(book.paths, set(book.catalog.by_id) | set(book.derived["id"]))
    titles = [html.unescape(re.search(r'<p class="rb-chart-title">(.*?)</p>', f).group(1))
              for _, f, _ in section_figures(specs, "overview", book.items, book.derived, book.year) if f]
    assert titles[0] == "工商税收预计19.77亿元，预计同比增长21.29%；地方收入预计12.9亿元，预计同比增长35.96%"
    assert not [t for t in titles if "同比预计" in t]
    economy = html.unescape(chapter.economy(book).data)
    assert "同比增长" in economy and "同比预计" not in economy and "增长预计" not in economy


# ── the citation names the commit the book is built from ──────────────────────────────

def test_citation_names_the_commit_of_the_checkout(paths):
    import subprocess

    from reportbook.site.sphinx_ext import citation_html

    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=paths.root, capture_output=True,
                          text=True, check=True).stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{12}", head)
    assert f"提交 <code>{head}</code>" in citation_html(paths.root)


def test_a_new_commit_makes_the_book_stale(paths, monkeypatch):
    """The intro cites the commit: a commit that changes no page still rebuilds the book, so the citation is never stale."""
    from reportbook.build import publish

    monkeypatch.setattr(publish, "commit", lambda: "0123456789ab")
    before = publish.book_sources_key(paths)
    assert publish.book_sources_key(paths) == before
    monkeypatch.setattr(publish, "commit", lambda: "ba9876543210")
    assert publish.book_sources_key(paths) != before


def test_scanner_reasons_read_in_chinese(book):
    reasons = [source.token_reason(book, t) for t in book.extraction.tokens
               if t.status not in ("indicator", "name", "not_figure")]
    assert len(reasons) > 10
    assert [r for r in reasons if not CJK.search(r) or re.search(r"[a-z]{3,}", r)] == []
    assert source.reason_zh("a date (9月份)") == "日期（9月份）"
    assert source.reason_zh("a period of months (1-11月)") == "时段（1-11月）"
    assert source.reason_zh("the 20th National Congress of the CPC (a name)") == "the 20th National Congress of the CPC (a name)"


def test_name_reasons_read_in_chinese(book):
    """data/numbered_names.yml's reasons are shown as written, so each is Chinese, and the source page's name
    tokens show them on hover."""
    names = numbered_names()
    assert len(names) > 50
    assert [(n, r) for n, r in names.items() if not CJK.search(r) or re.search(r"[A-Za-z]{3,}", r)] == []
    tokens = [t for t in book.extraction.tokens if t.status == "name"]
    assert {t.figure.text for t in tokens} >= {"二十大", "六个双山", "四好农村路", "门前五包", "一氧化碳"}
    page = html.unescape("".join(source.section_text(book, s).data for s in
                                 ("overview", "vibrant", "prosperous", "happy", "civilized", "beautiful", "safe")))
    titles = set(re.findall(r'title="([^"]*)"', page))
    for t in tokens:
        reason = source.token_reason(book, t)
        assert CJK.search(reason) and not re.search(r"[A-Za-z]{3,}", reason), (t.figure.text, reason)
        assert f"名称：{reason}" in titles, (t.figure.text, reason)
    assert "名称：中国共产党第二十次全国代表大会（名称）" in titles


def test_every_scanner_reason_on_any_text_reads_in_chinese():
    """Every reason the scanner gives, on every report and fixture text (and an over-long number), has a
    Chinese form on the reader's pages: a new rule with no translation fails here, not in a reader's book."""
    from pathlib import Path

    from reportbook.text.scanner import scan

    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("tests/fixtures/**/*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(root.glob("data/reports/*.txt"))]
    texts.append("编号1234567890123456789号，上午10时，党的二十三大召开，安置区二期")
    reasons = {t.reason for text in texts for t in scan(text) if t.reason and t.kind != "name" or
               t.kind == "name" and t.reason and not CJK.search(t.reason)}
    assert len(reasons) > 50
    untranslated = sorted(r for r in reasons if source.reason_zh(r) == r)
    assert untranslated == []


def test_a_growth_placeholder_names_a_known_id(scratch, capsys):
    """`{growth:id}` in a chart title is checked like `{id}`: an unknown id fails `reportbook check` (exit 1)."""
    from reportbook.cli import main

    path = scratch.data / "charts.yml"
    text = path.read_text(encoding="utf-8")
    assert "{growth:tax_revenue_growth}" in text
    path.write_text(text.replace("{growth:tax_revenue_growth}", "{growth:tax_revenue_grwoth}", 1), encoding="utf-8")
    code = main(["--root", str(scratch.root), "check"])
    out = capsys.readouterr()
    assert code == 1 and "FAIL charts" in out.out and "names unknown item(s) tax_revenue_grwoth" in out.out
    assert "Traceback" not in out.err
