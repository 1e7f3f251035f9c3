"""What the notebooks show: every page's content, generated from one year's data.

Reader pages are Chinese first (English behind an "English" toggle), show no internal ids or
code formulas, and link every figure to its sentence on the source page. Generated content is
HTML in which every string from the report, the catalog or the curation is escaped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from reportbook.errors import ReportbookError
from reportbook.indicators.catalog import Catalog, load_catalog
from reportbook.indicators.derived import DerivedSpec, consistency_checks, derived_figures, load_derived
from reportbook.indicators.extract import Extraction, extract
from reportbook.indicators.sections import BY_SLUG, SECTIONS
from reportbook.indicators.table import read_indicators
from reportbook.pages import markdown as md
from reportbook.pages.downloads import csv_link
from reportbook.pages.formatting import AUTO_MARK, MARK_LEGEND_EN, MARK_LEGEND_ZH, derived_amount, figure, growth
from reportbook.paths import Paths, find_root

IDENT = re.compile(r"\b[a-z][a-z0-9_]*\b")
OPERATORS = {"/": " ÷ ", "*": " × ", "<=": " ≤ ", ">=": " ≥ ", " and ": "；", " or ": " 或 "}


@dataclass
class YearBook:
    """One year's data as the pages use it."""

    year: int
    paths: Paths
    table: pd.DataFrame
    catalog: Catalog
    derived_spec: DerivedSpec

    @cached_property
    def extraction(self) -> Extraction:
        return extract(self.paths, self.year, self.catalog)

    @cached_property
    def derived(self) -> pd.DataFrame:
        return derived_figures(self.derived_spec, self.table)

    @cached_property
    def checks(self) -> pd.DataFrame:
        return consistency_checks(self.derived_spec, self.table)

    @cached_property
    def items(self) -> pd.DataFrame:
        from reportbook.pages.chart_specs import items_frame  # Altair loads only on pages with charts

        return items_frame(self.table, self.derived)

    def rows(self, section: str) -> pd.DataFrame:
        return self.table[self.table["section"] == section]


def load(year, root: str | Path | None = None) -> YearBook:
    """Load a year for the pages; a bad `year` parameter gets a clear error."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise ReportbookError(f"parameter `year` must be a whole number like 2022, got {year!r}", "notebook parameters")
    paths = Paths(find_root(Path(root) if root else None))
    where = f"data/indicators/{year}.csv"
    if not paths.indicators(year).is_file():
        raise ReportbookError(f"no indicator table for {year}", where, f"run `reportbook extract {year}`")
    catalog = load_catalog(paths)
    return YearBook(year, paths, read_indicators(paths.indicators(year), where), catalog, load_derived(paths, catalog))


# ── small HTML builders ────────────────────────────────────────────────────────

def esc(text) -> str:
    """Any report, catalog or curation string, escaped for HTML (`markdown.html_text`)."""
    return md.html_text(text)


def source_link(text: str, start) -> str:
    """`text` linked to the figure's place on the year's source page."""
    return f'<a class="rb-src" href="source.html#fig-{int(start)}">{esc(text)}</a>'


def english(*paragraphs: str) -> str:
    """English text behind a toggle (paragraphs are escaped here)."""
    return md.english(*paragraphs, html_output=True)


def html_table(headers: list[str], rows: list[list[str]], css: str = "rb-table") -> str:
    """A table whose cells are given as HTML (escape them first)."""
    if not rows:
        return '<p class="rb-none">（无）</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<div class="rb-table-wrap"><table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def shown(row) -> str:
    """A stated figure as the page shows it, with its period when it is not the whole year, and ⚠ when
    it was matched automatically and awaits the analyst's confirmation (match `auto`)."""
    text = figure(row["value"], row["unit"], row["qualifier"], row.get("value_max"))
    period = str(row.get("period", "year"))
    text = text if period in ("year", "nan", "", "None") else f"{text}（{period}月）"
    return f"{text} {AUTO_MARK}" if row.get("match") == "auto" else text


def in_words(expression: str, catalog: Catalog) -> str:
    """A formula or assertion with indicator ids replaced by their Chinese labels."""
    text = IDENT.sub(lambda m: catalog.by_id[m.group()].label_zh if m.group() in catalog.by_id else m.group(),
                     expression)
    for op, word in OPERATORS.items():
        text = text.replace(op, word)
    return re.sub(r" {2,}", " ", text).strip()


# ── section pages ──────────────────────────────────────────────────────────────

def _counts(rows: pd.DataFrame) -> tuple[str, str]:
    qual = rows["qualifier"].value_counts()
    zh = {"at_least": "写作“余”“以上”等、只是下限", "approx": "是约数", "estimate": "是预计数"}
    en = {"at_least": "lower bounds (余, 以上)", "approx": "approximate", "estimate": "estimates (预计)"}
    parts_zh = [f"{qual[q]}个{zh[q]}" for q in zh if q in qual]
    parts_en = [f"{qual[q]} {en[q]}" for q in en if q in qual]
    return ("，".join(parts_zh), ", ".join(parts_en))


def _limits(rows: pd.DataFrame, slug: str) -> tuple[str, str]:
    """What the figures cannot tell, generated from what they are."""
    growth = rows["unit"].eq("%").any() and rows["label_zh"].str.contains("增长").any()
    zh = ["报告只写本年数" + ("和同比增速，没有上年同期数，所以除增速外看不出增减" if growth else
                            "，没有上年同期数，所以看不出增减")
          + "；数字是街道自报的工作量和覆盖面，报告没有说明统计口径，不宜与其他街道直接比较。"]
    en = ["The report states this year's figures only" + (" and growth rates" if growth else "")
          + ", so no change can be read" + (" apart from growth" if growth else "") + "; the figures are the "
          "subdistrict's own counts of work done, without stated definitions, and do not compare directly "
          "with other places."]
    quals = set(rows["qualifier"])
    if "at_least" in quals:
        zh.append("标“≥”的数字只是下限，由它们算出的数也只能是下限或约数。")
        en.append("Figures marked ≥ are lower bounds; anything computed from them is a bound or an approximation.")
    if "estimate" in quals:
        zh.append("标“预计”的是报告写作时的预计数，不是全年决算数。")
        en.append("Figures marked 预计 are the report's estimates, not final accounts.")
    return " ".join(zh), " ".join(en)


def summary(book: YearBook, slug: str) -> HTML:
    """An analyst's note on the section: what it reports, the figures that carry it, what they cannot tell."""
    sec, rows = BY_SLUG[slug], book.rows(slug)
    if rows.empty:
        return HTML(f"<p>{book.year}年报告的{esc(sec.zh)}部分没有写任何数字。</p>"
                    + english(f"The {book.year} report states no figure for {sec.en}."))
    headline_ids = [i.id for i in book.catalog.indicators if i.section == slug and i.headline]
    heads = rows[rows["indicator"].isin(headline_ids)]
    if heads.empty:
        heads = rows.head(3)
    counts_zh, counts_en = _counts(rows)
    first = (f"<p><strong>{book.year}年报告的{esc(sec.zh)}部分写了{len(rows)}个数字</strong>"
             + (f"，其中{counts_zh}。" if counts_zh else "，都是确数。") + "</p>")
    carry = "；".join(f"{esc(r['label_zh'])}{source_link(shown(r), r['start'])}" for _, r in heads.iterrows())
    lead = f"<p>主要数字：{carry}。</p>"
    limits_zh, limits_en = _limits(rows, slug)
    en_heads = "; ".join(f"{r['label_en']} {shown(r)}" for _, r in heads.iterrows())
    return HTML(first + lead + f"<p>能得出什么、不能得出什么：{esc(limits_zh)}</p>"
                + english(f"The {book.year} report states {len(rows)} figures for {sec.en}"
                          + (f", of which {counts_en}." if counts_en else ", all exact."),
                          f"The figures that carry it: {en_heads}.", limits_en))


def indicator_table(book: YearBook, slug: str) -> HTML:
    """All figures of the section: label, value with its mark, and the sentence it came from."""
    rows = book.rows(slug)
    body = [[f'{esc(r["label_zh"])}<div class="rb-quote">原文：{source_link("“" + r["quote"] + "”", r["start"])}</div>',
             f'<span class="rb-num">{esc(shown(r))}</span>'] for _, r in rows.iterrows()]
    legend = f'<p class="rb-legend">说明：{esc(MARK_LEGEND_ZH)}点击原文可跳到报告中的位置。</p>'
    return HTML(html_table(["指标", "数值"], body) + legend
                + english("Each figure as the report states it; the quote links to its place in the report.",
                          MARK_LEGEND_EN))


def derived_table(book: YearBook, slug: str) -> HTML:
    """The section's derived figures: value (rounded, bound kept), formula in words, meaning."""
    rows = book.derived[book.derived["section"] == slug]
    if rows.empty:
        return HTML("<p>本节没有推算指标：报告没有写出可以据以计算的关系。</p>"
                    + english("No derived figure: the report states no relation to compute one from."))
    body = []
    for _, d in rows.iterrows():
        if pd.isna(d["value"]):
            missing = "、".join(book.catalog.by_id[m].label_zh if m in book.catalog.by_id else m
                               for m in d["missing"].split(", "))
            value = f"无法计算：本年缺少{esc(missing)}"
        else:
            value = f'<span class="rb-num">{esc(derived_amount(d["value"], d["unit"], d["qualifier"]))}</span>'
        kind = "推算" if d["implied"] else "计算"
        body.append([f'{esc(d["label_zh"])}<div class="rb-quote">{kind}方法：{esc(in_words(d["formula"], book.catalog))}'
                     f'</div><div class="rb-quote">含义：{esc(d["meaning_zh"])}</div>', value])
    note = ("<p class='rb-legend'>说明：推算指标不是报告原文的数字，由报告的数字计算，保留三位有效数字；"
            "输入带“≥”“约”“预计”的，结果也带相应标记（下限除以确数仍是下限，两个下限相除只是约数）。</p>")
    en = [f"{d['label_en']}: {d['meaning_en']}" for _, d in rows.iterrows()]
    return HTML(html_table(["推算指标", "数值"], body) + note
                + english("Computed from the report's figures, to three significant figures; bounds carry over.", *en))


def checks_table(book: YearBook, slug: str | None = None) -> HTML:
    """The checks that test something (a part is not larger than its whole…), with their result."""
    rows = book.checks if slug is None else book.checks[book.checks["section"] == slug]
    if rows.empty:
        return HTML("<p>本节没有可以检验的关系。</p>" + english("Nothing in this section can be tested."))
    result_zh = {"passed": "✔ 通过", "FAILED": "✘ 不通过"}
    body = [[f'{esc(c["meaning_zh"])}<div class="rb-quote">检验：{esc(in_words(c["assert"], book.catalog))}</div>',
             esc(result_zh.get(c["result"], "无法检验：缺少数据"))] for _, c in rows.iterrows()]
    return HTML(html_table(["核对", "结果"], body)
                + "<p class='rb-legend'>说明：只列出按定义必然成立的关系（部分不大于整体、每户至少一人、比率不超过100%），"
                  "用本年数据逐项检验。</p>"
                + english("Only relations that must hold by definition, each tested on this year's figures.",
                          *[f"{c['meaning']}: {c['result']}" for _, c in rows.iterrows()]))


def show_charts(book: YearBook, slug: str) -> None:
    """Display the section's charts (from data/charts.yml), naming any item the year lacks."""
    from reportbook.pages.chart_specs import load_chart_specs, section_figures
    from reportbook.site.altair_theme import enable

    enable()
    specs = load_chart_specs(book.paths, set(book.catalog.by_id) | set(book.derived["id"]))
    shown_any = False
    for spec, figure_html, missing in section_figures(specs, slug, book.items, book.derived, book.year):
        if figure_html is not None:
            display(HTML(figure_html))
            shown_any = True
        if missing:
            labels = [book.catalog.by_id[m].label_zh if m in book.catalog.by_id else m for m in missing]
            display(HTML(f"<p class='rb-legend'>{book.year}年报告没有写：{esc('、'.join(labels))}。</p>"))
    if not shown_any:
        display(HTML("<p>本节没有图表。</p>"))


def _derived_csv(book: YearBook, slug: str | None) -> pd.DataFrame:
    d = book.derived if slug is None else book.derived[book.derived["section"] == slug]
    return pd.DataFrame({
        "id": d["id"], "指标": d["label_zh"], "indicator": d["label_en"],
        "算法": [in_words(f, book.catalog) for f in d["formula"]], "formula": d["formula"],
        "数值": d["value"], "显示": [derived_amount(v, u, q) for v, u, q in zip(d["value"], d["unit"], d["qualifier"])],
        "单位": d["unit"], "限定": d["qualifier"], "推算": d["implied"], "含义": d["meaning_zh"]})


def downloads(book: YearBook, name: str) -> HTML:
    """This page's data as CSV (UTF-8 with BOM, opens in Excel), and the executed notebook."""
    slug = name if name in BY_SLUG else None
    links = []
    if slug:
        links.append(csv_link(book.rows(slug), f"{book.year}-{slug}-indicators.csv", "本节指标（CSV）"))
        if (book.derived["section"] == slug).any():
            links.append(csv_link(_derived_csv(book, slug), f"{book.year}-{slug}-derived.csv", "本节推算指标（CSV）"))
    links.append(csv_link(book.table, f"{book.year}-indicators.csv", f"{book.year}年全部指标（CSV）"))
    links.append(csv_link(_derived_csv(book, None), f"{book.year}-derived.csv", f"{book.year}年全部推算指标（CSV）"))
    links.append(f'<a class="rb-download" href="../../_sources/book/{book.year}/{name}.ipynb" download>'
                 "已执行的笔记本（.ipynb）</a>")
    return HTML('<p class="rb-downloads">下载：' + " · ".join(links) + "</p>"
                + english("Downloads: the figures (CSV, UTF-8 with BOM so Excel reads Chinese), the derived "
                          "figures, the year's whole table, and the executed notebook. The CSVs keep the "
                          "indicator ids."))


# ── overview ───────────────────────────────────────────────────────────────────

def economy(book: YearBook) -> HTML:
    """Headline economy: taxes, revenue, growth, and the implied previous-year values."""
    t = book.table.set_index("indicator")
    d = book.derived.set_index("id")
    items_zh, items_en = [], []
    for base, rate, prev in (("tax_revenue", "tax_revenue_growth", "tax_revenue_previous"),
                             ("local_revenue", "local_revenue_growth", "local_revenue_previous")):
        if base not in t.index:
            continue
        r = t.loc[base]
        zh = f"{esc(r['label_zh'])}{source_link(shown(r), r['start'])}"
        en = f"{r['label_en']} {shown(r)}"
        if rate in t.index:
            g = t.loc[rate]
            same = g["qualifier"] == r["qualifier"] == "estimate"  # 预计 covers both, as in the report
            zh += f"，{source_link(growth(g['value'], 'exact' if same else g['qualifier']), g['start'])}"
            en += f", up {shown(g)} on the year"
            if prev in d.index and not pd.isna(d.loc[prev, "value"]):
                p = d.loc[prev]
                zh += (f"；按此增速倒推，上年为<strong>{esc(derived_amount(p['value'], p['unit'], p['qualifier']))}"
                       "</strong>（推算数，不是报告原文）")
                en += f"; the previous year implied by that growth: {derived_amount(p['value'], p['unit'], p['qualifier'])}"
        items_zh.append(f"<li>{zh}。</li>")
        items_en.append(en + ".")
    if not items_zh:
        return HTML(f"<p>{book.year}年报告没有写总体经济数字。</p>"
                    + english(f"The {book.year} report states no headline economic figure."))
    estimates = [b for b in ("tax_revenue", "local_revenue") if b in t.index and t.loc[b, "qualifier"] == "estimate"]
    caveat_zh = "标“预计”的是报告写作时的预计数，不是全年决算数。" if estimates else ""
    caveat_en = "Figures marked 预计 are the report's estimates. " if estimates else ""
    return HTML(f"<p>{book.year}年报告开头的总体经济数字：</p><ul>{''.join(items_zh)}</ul>"
                f"<p>{caveat_zh}地方收入与工商税收是两个不同口径，地方收入不是工商税收的一部分，"
                "不能用一个除以另一个。</p>"
                + english(*items_en, caveat_en + "Local revenue is not a part of the tax revenue, so the one "
                          "is not a share of the other."))


def six_sections(book: YearBook) -> HTML:
    """One row per section: how many figures it states and its first headline figure."""
    body = []
    for sec in SECTIONS[1:]:
        rows = book.rows(sec.slug)
        heads = [i.id for i in book.catalog.indicators if i.section == sec.slug and i.headline]
        first = rows[rows["indicator"].isin(heads)].head(1)
        lead = "—" if first.empty else (f"{esc(first.iloc[0]['label_zh'])} "
                                         f"<span class=\"rb-num\">{esc(shown(first.iloc[0]))}</span>")
        body.append([f'<a href="{sec.slug}.html">{esc(sec.zh)}</a>', f'<span class="rb-num">{len(rows)}</span>', lead])
    return HTML(html_table(["板块", "数字个数", "主要数字"], body, "rb-table rb-sections")
                + english("One row per section: how many figures it states, and its first headline figure."))
