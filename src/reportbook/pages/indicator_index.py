"""The index of indicators: every indicator the reports state, by its Chinese name in pinyin order,
with each year's figure, its chapter and the sentence it comes from (linked to the source page)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from reportbook.indicators.catalog import load_catalog
from reportbook.indicators.sections import BY_SLUG
from reportbook.indicators.table import read_indicators
from reportbook.pages import markdown as md
from reportbook.pages.chapter import shown
from reportbook.paths import Paths, find_root


def pinyin_key(name: str) -> tuple[str, str]:
    """The sort key of a Chinese name: its pinyin without tones (工商税收 → gongshangshuishou), then the
    name itself; digits and Latin letters stay as they are and sort before letters of pinyin."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower(), name


def initial(name: str) -> str:
    """The letter a name is filed under (A–Z by pinyin; # for a name that starts with a digit or a sign)."""
    first = pinyin_key(name)[0][:1].upper()
    return first if "A" <= first <= "Z" else "#"


@dataclass
class Entry:
    """One indicator of the index and its rows, newest year first."""

    label_zh: str
    label_en: str
    rows: pd.DataFrame


class IndicatorIndex:
    """Every year's indicator table up to `year`, arranged by indicator name in pinyin order."""

    def __init__(self, year: int, root: str = ""):
        self.paths = Paths(find_root(Path(root) if root else None))
        self.years = [y for y in self.paths.years() if y <= year and self.paths.indicators(y).is_file()]
        self.catalog = load_catalog(self.paths)
        frames = [read_indicators(self.paths.indicators(y), f"data/indicators/{y}.csv") for y in self.years]
        self.long = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["indicator", "year"])

    def entries(self) -> list[Entry]:
        """The indicators with at least one row, sorted by the pinyin of their Chinese name."""
        out = []
        for ind in self.catalog.indicators:
            rows = self.long[self.long["indicator"] == ind.id]
            if not rows.empty:
                out.append(Entry(ind.label_zh, ind.label_en, rows.sort_values(["year", "start"], ascending=[False, True])))
        return sorted(out, key=lambda e: pinyin_key(e.label_zh))


def _row(r) -> str:
    year, section = int(r["year"]), BY_SLUG[r["section"]]
    chapter = md.anchor_link(f"{year}年 · {section.zh}", f"{year}/{section.slug}.html")
    quote = md.anchor_link(f"“{r['quote']}”", f"{year}/source.html#fig-{int(r['start'])}")
    return (f'<li><span class="rb-num">{md.escape(shown(r))}</span> · {chapter}'
            f'<div class="rb-quote">原文：{quote}</div></li>')


def letters(index: IndicatorIndex) -> HTML:
    """The letters of the index as links, and how to read it."""
    entries = index.entries()
    present = sorted({initial(e.label_zh) for e in entries}, key=lambda c: (c == "#", c))
    links = " ".join(md.anchor_link(c, f"#rb-letter-{c if c != '#' else 'other'}") for c in present)
    years = "、".join(f"{y}年" for y in index.years)
    return HTML(f'<nav class="rb-letters" aria-label="按拼音首字母">{links}</nav>'
                f"<p>本书各年报告（{md.escape(years)}）写到的{len(entries)}个指标，按名称的拼音排序。每个指标下列出各年的数字、"
                "所在的章，以及数字出自的原句（点击原句跳到报告原文中的位置）。</p>"
                + md.english(f"The {len(entries)} indicators that the reports ({', '.join(map(str, index.years))}) "
                             "state, by the pinyin of their Chinese names; under each, every year's figure, its "
                             "chapter, and the sentence it comes from (linked to its place in the report)."))


def listing(index: IndicatorIndex) -> HTML:
    """The index itself: a heading per letter, each indicator with its figures, chapters and sentences."""
    parts, current = [], None
    for e in index.entries():
        letter = initial(e.label_zh)
        if letter != current:
            if current is not None:
                parts.append("</dl>")
            anchor = f"rb-letter-{letter if letter != '#' else 'other'}"
            parts.append(f'<h3 class="rb-letter" id="{anchor}">{md.escape(letter)}</h3><dl class="rb-index">')
            current = letter
        rows = "".join(_row(r) for _, r in e.rows.iterrows())
        parts.append(f"<dt>{md.escape(e.label_zh)}</dt><dd><ul>{rows}</ul></dd>")
    if current is None:
        return HTML(md.note("还没有任何指标。"))
    parts.append("</dl>")
    return HTML("".join(parts))
