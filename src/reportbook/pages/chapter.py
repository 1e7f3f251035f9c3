"""What the notebooks show: every page's content, generated from one year's data."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from reportbook.pages import markdown as md
from reportbook.indicators.catalog import Catalog, load_catalog
from reportbook.indicators.derived import DerivedSpec, consistency_checks, derived_figures, load_derived
from reportbook.pages.formatting import amount, figure
from reportbook.errors import ReportbookError
from reportbook.indicators.extract import Extraction, extract
from reportbook.paths import Paths, find_root
from reportbook.indicators.sections import BY_SLUG, SECTIONS
from reportbook.indicators.table import QUALIFIER_MARKS, read_indicators


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


def _link(row) -> str:
    return md.anchor_link(row["quote"], f"source.html#fig-{row['start']}")


def _arrow(start) -> str:
    return md.anchor_link("↗", f"source.html#fig-{start}")


# ── section pages ──────────────────────────────────────────────────────────────

def summary(book: YearBook, slug: str) -> Markdown:
    """Prose on the section's headline figures, generated from the table."""
    sec, rows = BY_SLUG[slug], book.rows(slug)
    if rows.empty:
        return Markdown(f"The {book.year} report states no figure for {sec.zh} ({sec.en}).")
    headline_ids = [i.id for i in book.catalog.indicators if i.section == slug and i.headline]
    heads = rows.set_index("indicator").reindex([i for i in headline_ids if i in set(rows["indicator"])])
    qual = rows["qualifier"].value_counts()
    notes = [f"{qual[q]} {name}" for q, name in (("at_least", "lower bounds (≥)"), ("approx", "approximate (≈)"),
                                                 ("estimate", "estimates (est.)")) if q in qual]
    lines = [f"The {book.year} report states **{len(rows)} figures** for {sec.zh} ({sec.en})"
             + (f", of which {', '.join(notes)}." if notes else ", all of them exact.")]
    if not heads.empty:
        lines.append("\nIts headline figures:\n")
        for ind_id, r in heads.iterrows():
            lines.append(f"- **{figure(r['value'], r['unit'], r['qualifier'], r.get('value_max'))}**: {r['label_en']} "
                         f"({r['label_zh']}) {_arrow(r['start'])}")
    derived = book.derived[(book.derived["section"] == slug) & book.derived["value"].notna()]
    if not derived.empty:
        d = derived.iloc[0]
        lines.append(f"\nDerived from them: {d['label_en']} ({d['label_zh']}) is "
                     f"**{amount(d['value'], d['unit'].split('/')[0]) if d['unit'] in ('元', '%') else _derived_value(d)}**"
                     f" (`{d['formula']}`).")
    return Markdown("\n".join(lines))


def _derived_value(d) -> str:
    if d["unit"] in ("元", "%", "人", "件"):
        return amount(d["value"], d["unit"])
    return f"{d['value']:,.2f} {d['unit']}"


def indicator_table(book: YearBook, slug: str) -> Markdown:
    """All figures of the section, with qualifier marks and a link to the sentence they came from."""
    rows = book.rows(slug)
    body = [[f"{md.escape(r['label_zh'])}<br>{md.escape(r['label_en'])}", f"`{r['indicator']}`",
             md.escape(figure(r["value"], r["unit"], r["qualifier"], r.get("value_max"))), r["unit"],
             QUALIFIER_MARKS[r["qualifier"]] or "=", _link(r)] for _, r in rows.iterrows()]
    legend = ("Qualifiers: = exact, ≥ at least (余, 以上, 超过), ≈ approximately (左右, 约), "
              "est. estimate (预计). Each quote links to its place in the source text.")
    return Markdown(md.table(["指标 Indicator", "id", "value", "unit", "qual.", "source 原文"], body) + "\n\n" + legend)


def derived_table(book: YearBook, slug: str) -> Markdown:
    """Derived figures of the section with their formulas."""
    rows = book.derived[book.derived["section"] == slug]
    body = []
    for _, d in rows.iterrows():
        value = ("not computable: missing " + d["missing"]) if pd.isna(d["value"]) else _derived_value(d)
        kind = "implied" if d["implied"] else "derived"
        note = f" (inputs {d['inputs_qualified']})" if d["inputs_qualified"] else ""
        body.append([f"{md.escape(d['label_zh'])}<br>{md.escape(d['label_en'])}", f"`{d['formula']}`",
                     md.escape(value) + note, kind])
    return Markdown(md.table(["推算 Derived", "formula", "value", "kind"], body))


def checks_table(book: YearBook, slug: str | None = None) -> Markdown:
    """Consistency checks of the section (all sections when slug is None) with their result."""
    rows = book.checks if slug is None else book.checks[book.checks["section"] == slug]
    body = [[f"`{c['assert']}`", md.escape(c["meaning"]), ("✔ " if c["result"] == "passed" else "✘ ") + c["result"]]
            for _, c in rows.iterrows()]
    return Markdown(md.table(["check", "why it must hold", "result"], body))


def show_charts(book: YearBook, slug: str) -> None:
    """Display the section's charts (from data/charts.yml), naming any item the year lacks."""
    from reportbook.site.altair_theme import enable
    from reportbook.pages.chart_specs import load_chart_specs, section_charts

    enable()
    specs = load_chart_specs(book.paths, set(book.catalog.by_id) | set(book.derived["id"]))
    for spec, chart, missing in section_charts(specs, slug, book.items, book.table, book.year):
        if chart is not None:
            display(chart)
        if missing:
            display(Markdown(f"_{spec['title_en']}: not in the {book.year} data: {', '.join(missing)}._"))


def downloads(book: YearBook, name: str) -> Markdown:
    """Links to this page's executed notebook and the year's indicator table."""
    return Markdown(
        f"Download: {{download}}`the executed notebook <{name}.ipynb>` · "
        f"{{download}}`the indicator table {book.year}.csv <../../data/indicators/{book.year}.csv>`"
    )


# ── overview ───────────────────────────────────────────────────────────────────

def economy(book: YearBook) -> Markdown:
    """Headline economy: taxes, revenue, growth, and the implied previous-year values."""
    t = book.table.set_index("indicator")
    d = book.derived.set_index("id")
    lines = []
    for base, growth, prev in (("tax_revenue", "tax_revenue_growth", "tax_revenue_previous"),
                               ("local_revenue", "local_revenue_growth", "local_revenue_previous")):
        if base not in t.index:
            continue
        r = t.loc[base]
        text = f"- **{r['label_en']}** ({r['label_zh']}): **{figure(r['value'], r['unit'], r['qualifier'], r.get('value_max'))}**"
        if growth in t.index:
            g = t.loc[growth]
            text += f", up {figure(g['value'], g['unit'], g['qualifier'])} on the year"
            if prev in d.index and not pd.isna(d.loc[prev, "value"]):
                text += (f"; the previous year's value implied by that growth is "
                         f"**{amount(d.loc[prev, 'value'], '元')}** (implied: `{d.loc[prev, 'formula']}`)")
        lines.append(text + " " + _arrow(r["start"]))
    if not lines:
        return Markdown(f"The {book.year} report states no headline economic figure.")
    return Markdown(f"The {book.year} report's headline economy:\n\n" + "\n".join(lines))


def six_sections(book: YearBook) -> Markdown:
    """One row per section: figures stated and the first headline figure."""
    body = []
    for sec in SECTIONS[1:]:
        rows = book.rows(sec.slug)
        heads = [i.id for i in book.catalog.indicators if i.section == sec.slug and i.headline]
        first = rows[rows["indicator"].isin(heads)].head(1)
        lead = "—" if first.empty else (f"{md.escape(first.iloc[0]['label_en'])}: "
                                        f"{md.escape(figure(*first.iloc[0][['value', 'unit', 'qualifier']]))}")
        body.append([f"{{doc}}`{sec.zh} · {sec.en} <{sec.slug}>`", str(len(rows)), lead])
    return Markdown(md.table(["section 板块", "figures", "a headline figure"], body))
