"""The provisional banner: a year whose figures are not all settled says so on every page.

A year is provisional while its review file lists pending items (suggested matches, unmatched
figures, indicators no figure took) or its table holds `auto` rows (matched by the learned matcher,
not yet confirmed). Every page of the year, and the trends page, calls :func:`banner`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml
from IPython.display import HTML

from reportbook.paths import Paths, find_root

STYLE = ("border:2px solid #b45309;background:#fffbeb;color:#78350f;padding:0.6em 0.9em;"
         "margin:0.8em 0;border-radius:4px")


def unsettled(paths: Paths, year: int) -> tuple[int, int, int]:
    """(pending review items, `auto` rows, rows) of a year, from its committed review file and table."""
    pending = 0
    review = paths.review(year)
    if review.is_file():
        doc = yaml.safe_load(review.read_text(encoding="utf-8")) or {}
        pending = len(doc.get("pending") or [])
    auto = rows = 0
    table = paths.indicators(year)
    if table.is_file():
        frame = pd.read_csv(table, dtype=str, keep_default_na=False, encoding="utf-8")
        auto = int((frame["match"] == "auto").sum()) if "match" in frame else 0
        rows = len(frame)
    return pending, auto, rows


def banner(years: int | list[int], root: str | Path = "", review_link: str = "review.html") -> HTML:
    """The banner of every provisional year among `years` (nothing when all are settled); a note for an empty year.

    `review_link` is the review page of the year, relative to the calling page; `{year}` in it is
    replaced (the trends page passes `{year}/review.html`).
    """
    paths = Paths(find_root(Path(root) if root else None))
    parts = []
    for year in [years] if isinstance(years, int) else years:
        pending, auto, rows = unsettled(paths, year)
        link = review_link.replace("{year}", str(year))
        if not rows:
            parts.append(f"<div class='rb-provisional rb-empty' style='{STYLE}'><strong>{year}年暂无可显示的数据</strong>"
                         f"：尚无已匹配的指标。<br>Nothing to show for {year} yet: no figure of its report is matched "
                         f"to an indicator. <a href='{link}'>审阅页 · review page</a></div>")
        if not pending and not auto:
            continue
        n = pending + auto
        parts.append(
            f"<div class='rb-provisional' role='alert' style='{STYLE}'>"
            f"<strong>{year}年数据待审核：{n}项未确认</strong>（{pending}项待分析人员决定，{auto}项为自动匹配）。"
            f"<br>{year} data awaiting review: {n} item(s) unconfirmed ({pending} awaiting the analyst's "
            f"decision, {auto} matched automatically, marked ⚠ in tables and charts). "
            f"<a href='{link}'>审阅页 · review page</a></div>")
    return HTML("".join(parts))
