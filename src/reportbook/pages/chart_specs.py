"""Build each section's Altair charts from data/charts.yml and a year's figures."""
from __future__ import annotations

import altair as alt
import pandas as pd

from reportbook.pages.formatting import amount, chart_scale, figure
from reportbook.errors import ReportbookError
from reportbook.paths import Paths
from reportbook.indicators.sections import SECTIONS, SLUGS
from reportbook.yamlfile import check_keys, load_yaml

KINDS = ("bars", "funnel", "versus_implied", "section_counts")
WIDTH = 520
COLORS = {"stated": "#2f6f9f", "implied": "#c9a227", "derived": "#7a9c59"}


def load_chart_specs(paths: Paths, known_ids: set[str]) -> list[dict]:
    """Read data/charts.yml; every item must be an indicator or derived id."""
    path = paths.data / "charts.yml"
    where = str(path.relative_to(paths.root))
    doc = load_yaml(path, where)
    specs = (doc or {}).get("charts") or []
    for spec in specs:
        check_keys(spec, {"section", "kind", "title_zh", "title_en", "items", "implied", "log"},
                   {"section", "kind", "title_zh", "title_en"}, where)
        at = f"{where}:{spec.line}"
        if spec["section"] not in SLUGS or spec["kind"] not in KINDS:
            raise ReportbookError(f"unknown section or kind in chart {spec['title_en']!r}", at,
                                  f"sections: {', '.join(SLUGS)}; kinds: {', '.join(KINDS)}")
        unknown = [i for i in [*(spec.get("items") or []), *(spec.get("implied") or [])] if i not in known_ids]
        if unknown:
            raise ReportbookError(f"chart {spec['title_en']!r} names unknown item(s) {', '.join(unknown)}", at,
                                  "use ids from data/catalog.yml or data/derived.yml")
    return specs


def items_frame(table: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """Indicators and computable derived figures in one frame: id, label, value, unit, qualifier, kind."""
    stated = table.assign(id=table["indicator"], kind="stated", formula="")[
        ["id", "label_zh", "label_en", "value", "unit", "value_max", "qualifier", "kind", "quote", "formula"]]
    computed = derived[derived["value"].notna()].assign(
        qualifier=lambda d: d["inputs_qualified"].map(lambda q: "approx" if q else "exact"),
        kind=lambda d: d["implied"].map(lambda i: "implied" if i else "derived"), quote="", value_max=float("nan"),
    )[["id", "label_zh", "label_en", "value", "unit", "value_max", "qualifier", "kind", "quote", "formula"]]
    return pd.concat([stated, computed], ignore_index=True)


def _title(spec: dict) -> alt.TitleParams:
    return alt.TitleParams([spec["title_zh"], spec["title_en"]], anchor="start")


def _bars(rows: pd.DataFrame, spec: dict, funnel: bool = False) -> alt.Chart:
    units = rows["unit"].unique().tolist()
    divisor, axis_unit = chart_scale(units[0], rows["value"].tolist()) if len(units) == 1 else (1.0, "")
    data = rows.assign(
        shown=rows["value"] / divisor,
        label=rows["label_zh"] + "|" + rows["label_en"],
        text=[figure(v, u, q, m) for v, u, q, m in zip(rows["value"], rows["unit"], rows["qualifier"],
                                                      rows["value_max"])],
    ).drop(columns=["value_max"])
    if funnel:
        first = float(rows["value"].iloc[0])
        data["text"] = [f"{t} ({v / first:.1%} of first)" if first else t for t, v in zip(data["text"], data["value"])]
    x = alt.X("shown:Q", title=axis_unit or "value (unit in each label)",
              scale=alt.Scale(type="log", domainMin=1) if spec.get("log") else alt.Scale(zero=True),
              axis=alt.Axis(tickCount=6, format="~s") if spec.get("log") else alt.Axis())
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=260)),
        x=x,
        tooltip=[alt.Tooltip("label_zh:N", title="指标"), alt.Tooltip("label_en:N", title="indicator"),
                 alt.Tooltip("text:N", title="value"), alt.Tooltip("kind:N", title="kind"),
                 alt.Tooltip("quote:N", title="source"), alt.Tooltip("formula:N", title="formula")],
    )
    bars = base.mark_bar().encode(color=alt.Color("kind:N", scale=alt.Scale(
        domain=list(COLORS), range=list(COLORS.values())), legend=alt.Legend(title=None, orient="bottom")))
    if spec.get("log"):
        bars = bars.encode(x2=alt.datum(1))  # a log axis has no zero: bars start at 1
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    return (bars + labels).properties(width=WIDTH - 200, height=alt.Step(34), title=_title(spec))


def _versus_implied(frame: pd.DataFrame, spec: dict, year: int) -> alt.Chart:
    rows = []
    for stated_id, implied_id in zip(spec["items"], spec["implied"]):
        for item_id, kind, label_year in ((stated_id, "stated", year), (implied_id, "implied", year - 1)):
            hit = frame[frame["id"] == item_id]
            if not hit.empty:
                row = hit.iloc[0]
                rows.append({"group": frame[frame["id"] == stated_id]["label_zh"].iloc[0], "kind": kind,
                             "year": f"{label_year} ({'implied' if kind == 'implied' else 'stated'})",
                             "value": row["value"], "unit": row["unit"], "text": amount(row["value"], row["unit"]),
                             "formula": row["formula"]})
    data = pd.DataFrame(rows)
    divisor, axis_unit = chart_scale("元", data["value"].tolist())
    data["shown"] = data["value"] / divisor
    base = alt.Chart(data).encode(
        y=alt.Y("year:N", title=None), x=alt.X("shown:Q", title=axis_unit),
        tooltip=["group:N", "year:N", "text:N", "formula:N"],
    )
    bars = base.mark_bar().encode(color=alt.Color("kind:N", scale=alt.Scale(
        domain=["stated", "implied"], range=[COLORS["stated"], COLORS["implied"]]), legend=alt.Legend(title=None)))
    text = base.mark_text(align="left", dx=4).encode(text="text:N")
    return (bars + text).properties(width=WIDTH - 220, height=alt.Step(26)).facet(
        row=alt.Row("group:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")),
        title=_title(spec),
    )


def _section_counts(table: pd.DataFrame, spec: dict) -> alt.Chart:
    counts = table.groupby("section").size()
    data = pd.DataFrame([{"label": f"{s.zh}|{s.en}", "count": int(counts.get(s.slug, 0)), "order": i}
                         for i, s in enumerate(SECTIONS)])
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=alt.SortField("order"), title=None,
                axis=alt.Axis(labelExpr="split(datum.label, '|')")),
        x=alt.X("count:Q", title="figures in the indicator table"),
        tooltip=["label:N", "count:Q"],
    )
    return (base.mark_bar(color=COLORS["stated"]) + base.mark_text(align="left", dx=4).encode(text="count:Q")
            ).properties(width=WIDTH - 200, height=alt.Step(34), title=_title(spec))


def section_charts(specs: list[dict], section: str, frame: pd.DataFrame, table: pd.DataFrame,
                   year: int) -> list[tuple[dict, alt.Chart | None, list[str]]]:
    """(spec, chart or None, missing ids) for each chart of `section`, in data/charts.yml order."""
    out = []
    for spec in (s for s in specs if s["section"] == section):
        wanted = [*(spec.get("items") or []), *(spec.get("implied") or [])]
        missing = [i for i in wanted if i not in set(frame["id"])]
        if spec["kind"] == "section_counts":
            out.append((spec, _section_counts(table, spec), []))
            continue
        present = [i for i in spec["items"] if i in set(frame["id"])]
        if not present:
            out.append((spec, None, missing))
            continue
        if spec["kind"] == "versus_implied":
            out.append((spec, _versus_implied(frame, spec, year), missing))
            continue
        rows = frame.set_index("id").loc[present].reset_index()
        out.append((spec, _bars(rows, spec, funnel=spec["kind"] == "funnel"), missing))
    return out


def trend_ids(paths: Paths, indicator_ids: set[str]) -> list[str]:
    """The indicators the trends chapter charts (data/charts.yml, key `trends`): catalog ids only."""
    path = paths.data / "charts.yml"
    where = str(path.relative_to(paths.root))
    ids = list((load_yaml(path, where) or {}).get("trends") or [])
    unknown = [i for i in ids if i not in indicator_ids]
    if unknown:
        raise ReportbookError(f"`trends` names unknown indicator(s) {', '.join(unknown)}", where,
                              "use indicator ids from data/catalog.yml (derived figures have no trend line)")
    return ids
