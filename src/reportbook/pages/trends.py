"""The trends chapter: indicators across years, changes, and stated versus computed growth."""
from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
from IPython.display import Markdown, display

from reportbook.pages import markdown as md
from reportbook.indicators.catalog import load_catalog
from reportbook.pages.chart_specs import COLORS, trend_ids
from reportbook.indicators.derived import derived_figures, load_derived
from reportbook.pages.formatting import amount, chart_scale, figure
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
        table = keep.pivot(index="indicator", columns="year", values="value")
        order = [i.id for i in self.catalog.indicators if i.id in table.index]
        table = table.loc[order]
        last, prev = self.years[-1], self.years[-2]
        table["change"] = table[last] - table[prev]
        table["pct_change"] = table["change"] / table[prev] * 100
        return table


def single_year_note(t: Trends) -> Markdown:
    """What the chapter can say with one year only, or how many years it compares."""
    if len(t.years) >= 2:
        return Markdown(f"This chapter compares {len(t.years)} years ({', '.join(map(str, t.years))}): every "
                        "indicator stated in two or more of them, the change between the last two, and the "
                        "stated growth rates beside the rates computed from two years' values.")
    return Markdown(f"Only one year of data ({t.years[0]}) so far: there is nothing to compare yet. Add the next "
                    "report with `reportbook add-year` and rebuild. Meanwhile, the previous year's values "
                    "implied by the growth rates the report states are shown below (marked *implied*).")


def side_by_side(t: Trends) -> Markdown:
    """The values of every shared indicator, per year, with the change."""
    if len(t.years) < 2:
        return Markdown("_Needs two years._")
    wide = t.wide()
    units = {i.id: i.unit for i in t.catalog.indicators}
    rows = []
    for ind_id, r in wide.iterrows():
        ind = t.catalog[ind_id]
        cells = [amount(r[y], units[ind_id]) if pd.notna(r[y]) else "—" for y in t.years]
        pct = "—" if pd.isna(r["pct_change"]) else f"{r['pct_change']:+.1f}%"
        change = "—" if pd.isna(r["change"]) else ("+" if r["change"] >= 0 else "−") + amount(abs(r["change"]), units[ind_id])
        rows.append([f"{md.escape(ind.label_zh)}<br>{md.escape(ind.label_en)}", *map(md.escape, cells),
                     md.escape(change), pct])
    head = ["指标 Indicator", *map(str, t.years), f"change {t.years[-2]}→{t.years[-1]}", "% change"]
    return Markdown(md.table(head, rows))


def growth_check(t: Trends) -> Markdown:
    """Stated growth rates beside the rates computed from two consecutive years' values."""
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
                gap = f"{computed - stated:+.2f} points"
                computed_text = f"{computed:.2f}%"
            else:
                computed_text, gap = f"needs {y - 1}", "—"
            rows.append([str(y), f"{md.escape(base.label_zh)} {md.escape(base.label_en)}", f"{stated:.2f}%",
                         computed_text, gap])
    return Markdown(md.table(["year", "of", "stated growth", "computed from two years", "difference"], rows))


def implied_previous(t: Trends) -> Markdown:
    """For the latest year: previous-year values implied by the stated growth rates."""
    y = t.years[-1]
    table = t.long[t.long["year"] == y]
    derived = derived_figures(t.derived_spec, table)
    implied = derived[derived["implied"] & derived["value"].notna() & derived["id"].str.endswith("_previous")]
    rows = [[f"{md.escape(d['label_zh'])}<br>{md.escape(d['label_en'])}", f"`{d['formula']}`",
             md.escape(amount(d["value"], d["unit"])) + " (implied)"] for _, d in implied.iterrows()]
    return Markdown(md.table([f"{y - 1} (implied)", "formula", "value"], rows))


def charts(t: Trends) -> None:
    """One small chart per key indicator (data/charts.yml `trends`) across the years."""
    from reportbook.site.altair_theme import enable

    enable()
    ids = trend_ids(t.paths, set(t.catalog.by_id))  # checked with one year too
    if len(t.years) < 2:
        display(Markdown("_Charts appear once two years exist._"))
        return
    for ind_id in ids:
        rows = t.long[t.long["indicator"] == ind_id]
        if rows["year"].nunique() < 2:
            continue
        ind = t.catalog[ind_id]
        divisor, unit = chart_scale(ind.unit, rows["value"].tolist())
        data = rows.assign(shown=rows["value"] / divisor, year_label=rows["year"].astype(str),
                           text=[figure(v, u, q, m) for v, u, q, m in zip(rows["value"], rows["unit"], rows["qualifier"],
                                                                          rows["value_max"])])
        base = alt.Chart(data).encode(x=alt.X("year_label:O", title=None), y=alt.Y("shown:Q", title=unit),
                                      tooltip=["year_label:N", "text:N", "quote:N"])
        chart = (base.mark_line(point=True, color=COLORS["stated"]) + base.mark_text(dy=-10).encode(text="text:N"))
        display(chart.properties(width=360, height=180,
                                 title=alt.TitleParams([ind.label_zh, ind.label_en], anchor="start")))
