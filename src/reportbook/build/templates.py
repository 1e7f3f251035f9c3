"""Write the notebook templates in notebooks/ (run `python -m reportbook.build.templates`).

The templates are thin: a parameters cell, one import, and one call per block of the page.
Markdown cells may hold `{year}`, which the build replaces with the executed year. For the analyst
who opens one: a note says they are generated; each code cell starts with a comment (for a call,
the first line of the called function's docstring); the last cell, hidden in the book, shows the
page's rows of the indicator table as a DataFrame to explore.
"""
from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from reportbook.build.cache import json_text
from reportbook.files import write_atomic
from reportbook.indicators.sections import SECTIONS

PARAMETERS = 'year = 2022  # the report year to show\nroot = ""  # project folder (empty: found from the working directory)'
PARAM_TAGS = ["parameters", "remove-cell"]
GENERATED_NOTE = (
    "*Generated* by `python -m reportbook.build.templates` (`src/reportbook/build/templates.py`): change "
    "that module and run it, never this file; a hand edit fails `tests/test_templates.py`. To explore, "
    "run the cells (in the project folder): the last one shows this page's rows of the indicator table. "
    "Cells tagged `remove-cell` or `remove-input` (this note too) are hidden in the book."
)
LOAD_COMMENT = "# Load the data this page shows (the parameters above set the year)"
EXPLORE = {  # what the page's load cell defines -> its rows of the indicator table, as a DataFrame
    "SECTION = ": "# Explore: this section's rows of the indicator table (a pandas DataFrame)\nbook.rows(SECTION)",
    "book = ": "# Explore: the year's whole indicator table (a pandas DataFrame)\nbook.table",
    "t = ": "# Explore: every year's rows of the indicator table (a pandas DataFrame)\nt.long",
    "index = ": "# Explore: every year's rows of the indicator table (a pandas DataFrame)\nindex.long",
}
CALL = re.compile(r"^(\w+)\.(\w+)\(")
BANNER = "provisional.banner(year, root)"  # every page of a year: its provisional banner, if any


def _code(source: str, *tags: str):
    return new_code_cell(source, metadata={"tags": list(tags)} if tags else {})


def _comment(source: str) -> str:
    """`# <first line of the docstring>` of the function a cell calls (chapter.summary → pages.chapter)."""
    module, name = CALL.match(source).groups()
    doc = getattr(importlib.import_module(f"reportbook.pages.{module}"), name).__doc__
    return f"# {doc.strip().splitlines()[0]}"


def _out(source: str):
    """A cell whose output the reader sees (its code hidden), with what it shows as a comment."""
    return _code(f"{_comment(source)}\n{source}", "remove-input")


def _explore(load_source: str):
    """The hidden last cell: the page's rows of the indicator table, for an analyst to explore."""
    return _code(next(v for k, v in EXPLORE.items() if k in load_source), "remove-cell")


def _notebook(cells) -> nbformat.NotebookNode:
    load, *rest = cells
    load.source = LOAD_COMMENT + "\n" + load.source.replace("\n\n", "\n")
    note = new_markdown_cell(GENERATED_NOTE, metadata={"tags": ["remove-cell"]})
    nb = new_notebook(cells=[_code(PARAMETERS, *PARAM_TAGS), note, load, *rest, _explore(load.source)])
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"c{index:02d}"
    return nb


def _chapter_tail(slug: str) -> list:
    """The blocks every chapter ends with: charts, derived figures, checks, downloads."""
    return [
        new_markdown_cell("## 图表 · Charts"),
        _out("chapter.show_charts(book, SECTION)"),
        new_markdown_cell("## 推算指标 · Derived figures"),
        _out("chapter.derived_table(book, SECTION)"),
        new_markdown_cell("## 核对 · Checks"),
        _out("chapter.checks_table(book, SECTION)"),
        new_markdown_cell("## 下载 · Downloads"),
        _out(f'chapter.downloads(book, "{slug}")'),
    ]


def section_template(slug: str, zh: str, en: str) -> nbformat.NotebookNode:
    """A section page: analyst's note, figures, charts, derived figures, checks, downloads."""
    return _notebook([
        _code(f'from reportbook.pages import chapter, provisional\n\nSECTION = "{slug}"\nbook = chapter.load(year, root)', "remove-cell"),
        new_markdown_cell(f"# {{year}}年 {zh} · {en}"),
        _out(BANNER),
        _out("chapter.summary(book, SECTION)"),
        new_markdown_cell("## 指标一览 · Figures"),
        _out("chapter.indicator_table(book, SECTION)"),
        *_chapter_tail(slug),
    ])


def overview_template() -> nbformat.NotebookNode:
    """The overview: headline economy, implied previous year, six-section summary, charts."""
    return _notebook([
        _code('from reportbook.pages import chapter, provisional\n\nSECTION = "overview"\nbook = chapter.load(year, root)', "remove-cell"),
        new_markdown_cell("# {year}年 总体 · Overview"),
        _out(BANNER),
        _out("chapter.economy(book)"),
        new_markdown_cell("## 六个双山 · The six Shuangshans"),
        _out("chapter.six_sections(book)"),
        *_chapter_tail("overview"),
    ])


def source_template() -> nbformat.NotebookNode:
    """The source text in reading order, figures anchored."""
    cells = [
        _code("from reportbook.pages import chapter, provisional, source\n\nbook = chapter.load(year, root)", "remove-cell"),
        new_markdown_cell("# {year}年 报告原文 · Source text"),
        _out(BANNER),
        _out("source.intro(book)"),
    ]
    for sec in SECTIONS:
        cells += [new_markdown_cell(f"## {sec.zh} · {sec.en}"), _out(f'source.section_text(book, "{sec.slug}")')]
    cells += [new_markdown_cell("## 图片说明与版面杂项 · Photo captions and noise"), _out("source.captions(book)"),
              new_markdown_cell("## 下载 · Downloads"), _out('chapter.downloads(book, "source")')]
    return _notebook(cells)


def review_template() -> nbformat.NotebookNode:
    """For reviewers: runs, checks, curation, non-figures, input hashes."""
    nb = _notebook([
        _code("from reportbook.pages import chapter, provisional, review\n\nbook = chapter.load(year, root)", "remove-cell"),
        new_markdown_cell("# {year}年 审阅 · Review"),
        _out(BANNER),
        new_markdown_cell("## 笔记本运行 · Notebook runs"),
        _out("review.runs(book, executed_dir)"),
        new_markdown_cell("## 数据检查 · Data checks"),
        _out("review.data_checks(book)"),
        new_markdown_cell("## 待分析员处理 · Pending the analyst's review"),
        _out("review.pending(book)"),
        new_markdown_cell("## 自动匹配 · Matched automatically"),
        _out("review.automatic(book)"),
        new_markdown_cell("## 核对 · Consistency checks"),
        _out("review.consistency(book)"),
        new_markdown_cell("## 整理决定 · Curation decisions"),
        _out("review.curation(book)"),
        new_markdown_cell("## 不是指标的数字 · Numbers that are not indicators"),
        _out("review.not_figures(book)"),
        new_markdown_cell("## 输入文件 · Inputs"),
        _out("review.inputs(book)"),
        new_markdown_cell("## 运行环境 · Environment"),
        _out("review.environment(book)"),
        new_markdown_cell("## 下载 · Downloads"),
        _out('chapter.downloads(book, "review")'),
    ])
    nb.cells[0].source += "\nexecuted_dir = 'book/2022'  # where the executed notebooks of this year are"
    return nb


def trends_template() -> nbformat.NotebookNode:
    """Across years: values side by side, changes, stated versus computed growth, charts."""
    return _notebook([
        _code("from reportbook.pages import provisional, trends\n\nt = trends.Trends(year, root)", "remove-cell"),
        new_markdown_cell("# 趋势 · Trends"),
        _out('provisional.banner(t.years, root, "{year}/review.html")'),
        _out("trends.single_year_note(t)"),
        new_markdown_cell("## 由增速推算的上年数 · The previous year implied by the stated growth"),
        _out("trends.implied_previous(t)"),
        new_markdown_cell("## 指标对比 · Indicators side by side"),
        _out("trends.side_by_side(t)"),
        new_markdown_cell("## 增速核对 · Stated and computed growth"),
        _out("trends.growth_check(t)"),
        new_markdown_cell("## 图表 · Charts"),
        _out("trends.charts(t)"),
    ])


def indicators_template() -> nbformat.NotebookNode:
    """The index of indicators: every indicator by the pinyin of its name, with its figures and sentences."""
    return _notebook([
        _code("from reportbook.pages import indicator_index, provisional\n\nindex = indicator_index.IndicatorIndex(year, root)",
              "remove-cell"),
        new_markdown_cell("# 指标索引 · Index of indicators"),
        _out('provisional.banner(index.years, root, "{year}/review.html")'),
        _out("indicator_index.letters(index)"),
        _out("indicator_index.listing(index)"),
    ])


def templates() -> dict[str, nbformat.NotebookNode]:
    """Every template by name."""
    out = {"overview": overview_template()}
    out.update({s.slug: section_template(s.slug, s.zh, s.en) for s in SECTIONS[1:]})
    out.update({"source": source_template(), "review": review_template(), "trends": trends_template(),
                "indicators": indicators_template()})
    return out


def render(nb: nbformat.NotebookNode) -> str:
    """A template as stable JSON text."""
    return json_text(nb)


def write_templates(folder: Path) -> list[Path]:
    """Write every template into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, nb in templates().items():
        path = folder / f"{name}.ipynb"
        write_atomic(path, render(nb))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_templates(Path(sys.argv[1] if len(sys.argv) > 1 else "notebooks")):
        print(p)
