"""The trends chapter: indicators across years, changes, and stated versus computed growth."""
from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
from IPython.display import HTML, display

from reportbook.indicators.catalog import load_catalog
from reportbook.pages.chart_specs import COLORS, trend_ids
from reportbook.indicators.derived import derived_figures, load_derived
from reportbook.pages.formatting import amount, chart_scale, derived_amount, figure
from reportbook.pages.chapter import english, esc, html_table, shown
from reportbook.errors import ReportbookError
from reportbook.paths import Paths, find_root
from reportbook.indicators.table import read_indicators


class Trends:
    """All years' indicator tables up to `year`, side by side."""

    def __init__(self, year: int, root: str = ""):
        self.paths = Paths(find_root(Path(root) if root else None))
        self.years = [y for y in self.paths.years() if y <= year and self.paths.indicators(y).is_file()]
        if year not in self.years:
            raise ReportbookError(f"no indicator table for {year}", "trends", f"run `reportbook extract {year}`")
        self.catalog = load_catalog(self.paths)
        self.derived_spec = load_derived(self.paths, self.catalog)
        frames = [read_indicators(self.paths.indicators(y), f"data/indicators/{y}.csv") for y in self.years]
        self.long = pd.concat(frames, ignore_index=True)

    def wide(self) -> pd.DataFrame:
        """Indicators present in two or more years: one column per year, change and % change."""
        counts = self.long.groupby("indicator")["year"].nunique()
        keep = self.long[self.long["indicator"].isin(counts[counts >= 2].index)]
        table = keep.pivot(index="indicator", columns="year", values="value").reindex(columns=self.years)
        order = [i.id for i in self.catalog.indicators if i.id in table.index]
        table = table.loc[order]
        last, prev = self.years[-1], self.years[-2]
        table["change"] = table[last] - table[prev]
        table["pct_change"] = table["change"] / table[prev] * 100
        return table


def source_link(text: str, start, year: int) -> str:
    """`text` linked to its place in that year's source page."""
    return f'<a class="rb-src" href="{year}/source.html#fig-{int(start)}">{esc(text)}</a>'


def _previous_pairs(t: Trends, year: int):
    """(stated base row, growth row, implied previous-year derived row) for each stated growth rate."""
    table = t.long[t.long["year"] == year]
    derived = derived_figures(t.derived_spec, table)
    by_ind = table.set_index("indicator")
    out = []
    for g in (i for i in t.catalog.indicators if i.growth_of):
        if g.id not in by_ind.index or g.growth_of not in by_ind.index:
            continue
        hit = derived[derived["implied"] & derived["value"].notna() & derived["formula"].str.contains(g.id)
                      & derived["formula"].str.contains(g.growth_of)]
        if not hit.empty:
            out.append((by_ind.loc[g.growth_of], by_ind.loc[g.id], hit.iloc[0]))
    return out, table, derived


def single_year_note(t: Trends) -> HTML:
    """What the chapter can say: the years it compares, or, with one year, what the report implies."""
    if len(t.years) >= 2:
        years = "、".join(map(str, t.years))
        return HTML(f"<p>本章比较{len(t.years)}年的报告（{years}）：两年以上都写了的指标、最近两年的变化，"
                    "以及报告所写增速与用两年数值算出的增速。</p>"
                    + english(f"This chapter compares {len(t.years)} years ({', '.join(map(str, t.years))})."))
    y = t.years[0]
    pairs, _, _ = _previous_pairs(t, y)
    names = "、".join(esc(base["label_zh"]) for base, _, _ in pairs)
    implied = (f"报告写了{len(pairs)}项同比增速（{names}），由此可以倒推{y - 1}年的数，下面标为“推算”。"
               if pairs else "报告没有写同比增速，推算不出上年数。")
    return HTML(f"<p>目前只有{y}年一年的报告，还不能逐年比较。{implied}推算数不是报告原文，"
                "其精度取决于报告所写增速和本年数（本年数若为预计数，推算数也只是约数）。</p>"
                + english(f"Only the {y} report so far. The previous year's values implied by the stated "
                          "growth rates are shown, marked as implied; they are not figures of any report."))


def side_by_side(t: Trends) -> HTML:
    """The values of every shared indicator, per year, with the change; with one year, the implied previous year."""
    if len(t.years) < 2:
        y = t.years[0]
        pairs, _, _ = _previous_pairs(t, y)
        rows = [[esc(base["label_zh"]),
                 f'<span class="rb-num">{esc(derived_amount(d["value"], d["unit"], d["qualifier"]))}</span>',
                 f'<span class="rb-num">{source_link(shown(base), base["start"], y)}</span>',
                 f'<span class="rb-num">{source_link(shown(g), g["start"], y)}</span>']
                for base, g, d in pairs]
        return HTML(html_table(["指标", f"{y - 1}年（推算）", f"{y}年（报告）", "同比增速（报告）"], rows)
                    + "<p class='rb-legend'>说明：推算数 = 本年数 ÷（1 + 同比增速），保留三位有效数字。</p>"
                    + english("Implied previous year = this year / (1 + growth), to three significant figures."))
    wide = t.wide()
    units = {i.id: i.unit for i in t.catalog.indicators}
    rows = []
    for ind_id, r in wide.iterrows():
        ind = t.catalog[ind_id]
        cells = [amount(r[y], units[ind_id]) if pd.notna(r[y]) else "—" for y in t.years]
        pct = "—" if pd.isna(r["pct_change"]) else f"{r['pct_change']:+.1f}%"
        change = "—" if pd.isna(r["change"]) else ("+" if r["change"] >= 0 else "−") + amount(abs(r["change"]), units[ind_id])
        rows.append([esc(ind.label_zh), *map(esc, cells), esc(change), pct])
    head = ["指标", *(f"{y}年" for y in t.years), f"{t.years[-2]}—{t.years[-1]}年变化", "变化率"]
    return HTML(html_table(head, rows))


def growth_check(t: Trends) -> HTML:
    """Stated growth rates beside the rates computed from two consecutive years' values."""
    if len(t.years) < 2:
        return HTML("<p>核对增速需要相邻两年的报告；只有一年时，上表的上年数正是由增速推算的，无从核对。</p>"
                    + english("Checking a growth rate needs two consecutive reports."))
    rows = []
    growth = [i for i in t.catalog.indicators if i.growth_of]
    for y in t.years:
        this = t.long[t.long["year"] == y].set_index("indicator")["value"]
        before = t.long[t.long["year"] == y - 1].set_index("indicator")["value"]
        for g in growth:
            if g.id not in this.index:
                continue
            stated = this[g.id]
            base = t.catalog[g.growth_of]
            if g.growth_of in this.index and g.growth_of in before.index:
                computed = (this[g.growth_of] / before[g.growth_of] - 1) * 100
                gap = f"{computed - stated:+.2f}个百分点"
                computed_text = f"{computed:.2f}%"
            else:
                computed_text, gap = f"缺{y - 1}年", "—"
            rows.append([f"{y}年", esc(base.label_zh), f"{stated:.2f}%", computed_text, gap])
    return HTML(html_table(["年份", "指标", "报告所写增速", "两年数值算出的增速", "差"], rows))


def implied_previous(t: Trends) -> HTML:
    """For the latest year: previous-year values implied by the stated growth rates."""
    y = t.years[-1]
    pairs, _, _ = _previous_pairs(t, y)
    rows = [[esc(base["label_zh"]), esc(derived_amount(d["value"], d["unit"], d["qualifier"]))] for base, _, d in pairs]
    return HTML(html_table(["指标", f"{y - 1}年（推算）"], rows))


def charts(t: Trends) -> None:
    """With one year: each stated figure beside its implied previous year; with more, a line per indicator."""
    from reportbook.pages.chart_specs import figure_html, items_frame
    from reportbook.site.altair_theme import enable

    enable()
    ids = trend_ids(t.paths, set(t.catalog.by_id))  # checked with one year too
    if len(t.years) < 2:
        y = t.years[0]
        pairs, table, derived = _previous_pairs(t, y)
        frame = items_frame(table, derived)
        for index, (base, g, d) in enumerate(pairs):
            base_id, g_id = base.name, g.name
            spec = {"section": "trends", "kind": "versus_implied", "items": [base_id], "implied": [d["id"]],
                    "title_zh": f"{base['label_zh']}：{y}年{{{base_id}}}，{{growth:{g_id}}}",
                    "title_en": f"{base['label_en']}: {{{base_id}}} in {y}, {{{g_id}}} on the year"}
            display(HTML(figure_html(spec, frame, derived, y, index, source_page=f"{y}/source.html")))
        return
    for ind_id in ids:
        rows = t.long[t.long["indicator"] == ind_id]
        if rows["year"].nunique() < 2:
            continue
        ind = t.catalog[ind_id]
        divisor, unit = chart_scale(ind.unit, rows["value"].tolist())
        data = rows.assign(shown=rows["value"] / divisor, year_label=rows["year"].astype(str) + "年",
                           text=[figure(v, u, q, m) for v, u, q, m in zip(rows["value"], rows["unit"], rows["qualifier"],
                                                                          rows["value_max"])])
        base = alt.Chart(data[["year_label", "shown", "text"]], description=f"{ind.label_zh}，单位：{unit}").encode(
            x=alt.X("year_label:O", title=None), y=alt.Y("shown:Q", title=unit),
            tooltip=[alt.Tooltip("year_label:N", title="年份"), alt.Tooltip("text:N", title="数值")])
        chart = (base.mark_line(point=True, color=COLORS["stated"]) + base.mark_text(dy=-10).encode(text="text:N"))
        display(chart.properties(width="container", height=180,
                                 title=alt.TitleParams(ind.label_zh, subtitle=f"单位：{unit}", anchor="start")))
