"""Each section's charts, from data/charts.yml and a year's figures, as accessible HTML figures.

A chart is a `<figure>`: a title that states the finding (a template filled with the year's
figures), a subtitle with unit, period and the marks used, the Vega-Lite chart (width follows
the page), a text summary of every value drawn, notes for implied and derived values, the
source (each figure linked to its place in the report) and the chart's data as a CSV download.
"""
from __future__ import annotations

import re

import pandas as pd

from reportbook.errors import ReportbookError
from reportbook.pages import markdown as md
from reportbook.pages.downloads import csv_link
from reportbook.pages.formatting import MARKS, chart_scale, derived_amount, figure, growth
from reportbook.paths import Paths
from reportbook.indicators.sections import SLUGS
from reportbook.yamlfile import check_keys, load_yaml

KINDS = ("bars", "versus_implied")
COLORS = {"stated": "#2f6f9f", "implied": "#c9a227", "derived": "#7a9c59"}
KIND_ZH = {"stated": "报告数", "implied": "推算数", "derived": "计算数"}
STEP, BAR = 44, 16  # px per bar row, and the bar's thickness (its label is written above it)
# {id}: the figure as the page writes it; {growth:id}: a growth rate as a phrase (预计同比增长21.29%).
PLACEHOLDER = re.compile(r"\{(?:(growth):)?([a-z][a-z0-9_]*)\}")


def load_chart_specs(paths: Paths, known_ids: set[str]) -> list[dict]:
    """Read data/charts.yml; every item and title placeholder must be an indicator or derived id."""
    path = paths.data / "charts.yml"
    where = str(path.relative_to(paths.root))
    doc = load_yaml(path, where)
    if not isinstance(doc or {}, dict):
        raise ReportbookError("must be a mapping with `charts:` and `trends:`", where)
    specs = (doc or {}).get("charts") or []
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise ReportbookError("`charts` must be a list of mappings", where, "write `charts:` then `- section: …` items")
    for spec in specs:
        check_keys(spec, {"section", "kind", "title_zh", "title_en", "items", "implied", "log", "note_zh"},
                   {"section", "kind", "title_zh", "title_en", "items"}, where)
        at = f"{where}:{spec.line}"
        if spec["section"] not in SLUGS or spec["kind"] not in KINDS:
            raise ReportbookError(f"unknown section or kind in chart {spec['title_en']!r}", at,
                                  f"sections: {', '.join(SLUGS)}; kinds: {', '.join(KINDS)}")
        named = [*(spec.get("items") or []), *(spec.get("implied") or []),
                 *(m.group(2) for m in PLACEHOLDER.finditer(spec["title_zh"] + spec["title_en"]))]
        unknown = [i for i in named if i not in known_ids]
        if unknown:
            raise ReportbookError(f"chart {spec['title_en']!r} names unknown item(s) {', '.join(unknown)}", at,
                                  "use ids from data/catalog.yml or data/derived.yml")
    return specs


def items_frame(table: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """Indicators and computable derived figures in one frame: id, label, value, unit, qualifier, kind."""
    cols = ["id", "label_zh", "label_en", "value", "value_max", "unit", "qualifier", "kind", "quote", "start",
            "period"]
    stated = table.assign(id=table["indicator"], kind="stated")
    if "period" not in stated:
        stated = stated.assign(period="year")
    if "value_max" not in stated:
        stated = stated.assign(value_max=float("nan"))
    computed = derived[derived["value"].notna()].assign(
        kind=lambda d: d["implied"].map(lambda i: "implied" if i else "derived"), quote="", start=-1,
        period="year", value_max=float("nan"))
    computed = computed.assign(value=computed["value"].astype(float))  # an empty column of None is object
    # Only the parts that have rows: pandas no longer lets an empty part decide the result's dtypes.
    parts = [part[cols] for part in (stated, computed) if not part.empty] or [stated[cols]]
    return pd.concat(parts, ignore_index=True)


def value_text(row) -> str:
    """A drawn value as the page writes it: stated as reported, computed to three significant figures."""
    if row["kind"] == "stated":
        text = figure(row["value"], row["unit"], row["qualifier"], row.get("value_max"))
        period = str(row.get("period") or "year")
        return text if period in ("year", "nan", "") else f"{text}（{period}月）"
    return derived_amount(row["value"], row["unit"], row["qualifier"])


def fill(template: str, frame: pd.DataFrame) -> str:
    """A title template with each {id} replaced by that figure as the page writes it, and each
    {growth:id} by that growth rate as a phrase (预计同比增长21.29%, 同比下降3.1%)."""
    by_id = frame.set_index("id")

    def one(m: re.Match) -> str:
        if m.group(2) not in by_id.index:
            return "—"
        row = by_id.loc[m.group(2)]
        return growth(row["value"], row["qualifier"]) if m.group(1) else value_text(row)

    return PLACEHOLDER.sub(one, template)


def _year_label(row, year: int) -> str:
    if row["kind"] == "implied" and str(row["id"]).endswith("_previous"):
        return f"{year - 1}年"
    return f"{year}年"


def _rows(frame: pd.DataFrame, spec: dict, year: int) -> pd.DataFrame:
    by_id = frame.set_index("id")
    out = []
    pairs = [(i, None) for i in spec["items"]] if spec["kind"] == "bars" else \
        [p for s, i in zip(spec["items"], spec.get("implied") or []) for p in ((s, None), (i, s))]
    for item, group in pairs:
        if item not in by_id.index:
            continue
        row = by_id.loc[item].to_dict() | {"id": item}
        label = row["label_zh"]
        if spec["kind"] == "versus_implied":
            base = by_id.loc[group or item]
            label = f"{base['label_zh']} {_year_label(row, year)}"
        out.append(row | {"label": label, "text": value_text(row)})
    return pd.DataFrame(out)


def _chart(data: pd.DataFrame, spec: dict, description: str) -> "alt.Chart":  # noqa: F821
    """Bars with "label value" written above each bar: nothing to clip at 390 px, no axis labels to cut."""
    import altair as alt  # here, not at the top: `reportbook check` and a no-op build read chart specs without it

    unit = data["unit"].iloc[0]
    divisor, axis_unit = chart_scale(unit, data["value"].tolist())
    data = data.assign(shown=data["value"] / divisor, caption=data["label"] + "  " + data["text"])
    top = float(data["shown"].max())
    kinds = [k for k in COLORS if k in set(data["kind"])]
    scale = alt.Scale(type="log", domain=[1, top * 1.5]) if spec.get("log") else alt.Scale(domain=[0, top * 1.05], nice=False)
    x = alt.X("shown:Q", title=axis_unit, scale=scale,
              axis=alt.Axis(tickCount=3, format=",~f", grid=True))
    base = alt.Chart(data[["label", "shown", "text", "kind", "caption"]]).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=None),
        tooltip=[alt.Tooltip("label:N", title="指标"), alt.Tooltip("text:N", title="数值")],
    )
    legend = alt.Legend(title=None, orient="bottom", labelExpr=_legend_expr()) if len(kinds) > 1 else None
    bars = base.mark_bar(size=BAR, yOffset=BAR // 2 + 1).encode(x=x, color=alt.Color(
        "kind:N", scale=alt.Scale(domain=kinds, range=[COLORS[k] for k in kinds]), legend=legend))
    if spec.get("log"):
        bars = bars.encode(x2=alt.datum(1))  # a log axis has no zero: bars start at 1
    labels = base.mark_text(align="left", baseline="bottom", dy=-1, limit=340).encode(
        x=alt.value(0), text="caption:N")
    return (bars + labels).properties(width="container", height=alt.Step(STEP), description=description,
                                      autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def _legend_expr() -> str:
    return " : ".join(f"datum.label === '{k}' ? '{v}'" for k, v in KIND_ZH.items()) + " : datum.label"


def _subtitle(data: pd.DataFrame, spec: dict, year: int) -> str:
    _, axis_unit = chart_scale(data["unit"].iloc[0], data["value"].tolist())
    parts = [f"单位：{axis_unit}", f"{year}年" if spec["kind"] == "bars" else f"{year - 1}—{year}年"]
    used = [q for q in ("estimate", "at_least", "at_most", "approx") if q in set(data["qualifier"])]
    legend = {"estimate": "“预计”为预计数", "at_least": "“≥”为下限", "at_most": "“≤”为上限", "approx": "“约”为约数"}
    parts += [legend[q] for q in used]
    if spec.get("log"):
        parts.append("对数刻度（数量级相差大）")
    return " · ".join(parts)


def _notes(data: pd.DataFrame, frame_derived: pd.DataFrame, spec: dict) -> list[str]:
    notes, by_meaning = [], {}
    for _, row in data[data["kind"] != "stated"].iterrows():
        d = frame_derived.set_index("id").loc[row["id"]]
        by_meaning.setdefault((row["kind"], d["meaning_zh"]), []).append(row["label"])
    for (kind, meaning), labels in by_meaning.items():
        what = "推算数" if kind == "implied" else "计算数"
        notes.append(f"{'、'.join(labels)}为{what}，不是报告原文的数字：{meaning}")
    for _, row in data[(data["kind"] == "stated") & ~data["period"].astype(str).isin(["year", "nan", ""])].iterrows():
        notes.append(f"{row['label_zh']}只含{row['period']}月，不是全年数。")
    if spec.get("note_zh"):
        notes.append(spec["note_zh"])
    return notes


def _source(data: pd.DataFrame, year: int, page: str) -> str:
    links = [f'<a href="{page}#fig-{int(r["start"])}">{md.html_text(r["label_zh"])}</a>'
             for _, r in data[data["kind"] == "stated"].iterrows()]
    return f"来源：双山街道{year}年工作报告，原文：" + "、".join(links)


def chart_csv(data: pd.DataFrame) -> pd.DataFrame:
    """The drawn values as a table for download (Chinese headers, values in base units)."""
    return pd.DataFrame({"指标": data["label"], "数值": data["value"], "上限": data["value_max"], "单位": data["unit"],
                         "限定": data["qualifier"].map(lambda q: MARKS.get(q, "") or "准确"),
                         "类型": data["kind"].map(KIND_ZH), "原文": data["quote"]})


def figure_html(spec: dict, frame: pd.DataFrame, derived: pd.DataFrame, year: int, index: int,
                source_page: str = "source.html") -> str | None:
    """The chart as an HTML figure, or None when the year has none of its items."""
    from reportbook.site.altair_theme import render

    data = _rows(frame, spec, year)
    if data.empty:
        return None
    if data["unit"].nunique() > 1:
        raise ReportbookError(f"chart {spec['title_en']!r} mixes units ({', '.join(data['unit'].unique())})",
                              "data/charts.yml", "draw one unit per chart: split it into charts of one unit each")
    title = fill(spec["title_zh"], frame)
    section = spec.get("section", "trends")
    summary = "；".join(f"{r['label']} {r['text']}" for _, r in data.iterrows())
    description = f"{title}。图中数据：{summary}。"
    spec_dict = _chart(data, spec, description).to_dict()
    chart = render(spec_dict)["text/html"]
    notes = "".join(f'<p class="rb-chart-note">注：{md.html_text(n)}</p>' for n in _notes(data, derived, spec))
    name = f"{year}-{section}-chart{index + 1}.csv"
    english = md.english(fill(spec["title_en"], frame), html_output=True)
    return (f'<figure class="rb-figure" role="figure" aria-label="{md.html_text(title)}">'
            f'<p class="rb-chart-title">{md.html_text(title)}</p>'
            f'<p class="rb-chart-subtitle">{md.html_text(_subtitle(data, spec, year))}</p>\n{chart}\n'
            f'<div class="rb-chart-caption"><p class="rb-chart-summary">图中数据：{md.html_text(summary)}。</p>{notes}'
            f'<p class="rb-chart-source">{_source(data, year, source_page)} · '
            f'{csv_link(chart_csv(data), name, "下载图表数据（CSV）")}</p>{english}</div></figure>')


def section_figures(specs: list[dict], section: str, frame: pd.DataFrame, derived: pd.DataFrame,
                    year: int) -> list[tuple[dict, str | None, list[str]]]:
    """(spec, figure HTML or None, missing ids) for each chart of `section`, in data/charts.yml order."""
    out = []
    for index, spec in enumerate(s for s in specs if s["section"] == section):
        wanted = [*(spec.get("items") or []), *(spec.get("implied") or [])]
        missing = [i for i in wanted if i not in set(frame["id"])]
        out.append((spec, figure_html(spec, frame, derived, year, index), missing))
    return out


def trend_ids(paths: Paths, indicator_ids: set[str]) -> list[str]:
    """The indicators the trends chapter charts (data/charts.yml, key `trends`): catalog ids only."""
    path = paths.data / "charts.yml"
    where = str(path.relative_to(paths.root))
    doc = load_yaml(path, where) or {}
    ids = doc.get("trends") if isinstance(doc, dict) else None
    if not isinstance(ids or [], list):
        raise ReportbookError("`trends` must be a list of indicator ids", where)
    ids = list(ids or [])
    unknown = [i for i in ids if i not in indicator_ids]
    if unknown:
        raise ReportbookError(f"`trends` names unknown indicator(s) {', '.join(unknown)}", where,
                              "use indicator ids from data/catalog.yml (derived figures have no trend line)")
    return ids
