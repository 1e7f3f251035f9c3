"""The review page: runs, checks, curation decisions, non-figures and input hashes.

Chinese first, English behind the book's "English" toggle (as on every page). Ids, file names and
hashes stay here (reviewers need them); every string from data goes through `pages/markdown.py`.
"""
from __future__ import annotations

import hashlib
import json

from IPython.display import HTML, Markdown

from reportbook.indicators.checks import check_year
from reportbook.indicators.sections import BY_SLUG
from reportbook.inputs import ACROSS_YEARS, notebook_data
from reportbook.pages import markdown as md
from reportbook.pages.chapter import YearBook, checks_table
from reportbook.pages.source import ROLES, anchored, kind_zh, token_reason

# What each data check asserts, in Chinese (the English sentence of indicators/checks.py is behind the toggle).
CHECKS_ZH = {
    "accounting": "报告的每个非空白字符恰好属于一个段落（板块、图片说明或版面杂项）",
    "figures": "每个数字要么是指标，要么列为“不是指标”并写明理由；每条目录规则恰好匹配一个数字；整理文件只提到原文中有的文字",
    "schema": "指标表的列和类型与约定完全一致",
    "positions": "每句引文都原样出现在报告中，text[start:end] 正是原文写法的数字",
    "catalog": "每行的指标、板块、单位和名称与指标目录一致",
    "regenerated": "提交的指标表与 reportbook extract 现在生成的完全相同",
}
PENDING_ZH = {"suggested": "建议匹配", "unmatched": "未匹配的数字", "missing": "未找到的指标"}


def _section(slug: str | None) -> str:
    return BY_SLUG[slug].zh if slug in BY_SLUG else "—"


def runs(book: YearBook, executed_dir: str) -> HTML:
    """Each executed notebook's parameters and status (papermill metadata); durations from the build log."""
    folder = book.paths.root / executed_dir
    rows = []
    for path in sorted(p for p in folder.glob("*.ipynb") if p.stem != "review"):  # not itself: still running
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("papermill", {})
        status = "失败" if meta.get("exception") else "完成"
        params = ", ".join(f"{k}={v!r}" for k, v in sorted(meta.get("parameters", {}).items()))
        rows.append(_run_row(path.name, params, status, f"{book.year}/{path.stem}", meta.get("input_path", "")))
    # This page and the across-years pages run alongside: their papermill records are not final
    # yet, so their status and duration come from the build log like every duration.
    rows.append(_run_row("review.ipynb", f"executed_dir={executed_dir!r}, year={book.year}", "与本页同时运行",
                         f"{book.year}/review", "notebooks/review.ipynb"))
    for name in ACROSS_YEARS:
        rows.append(_run_row(f"../{name}.ipynb", f"year={book.year}（最新一年）", "与本页同时运行", name,
                             f"notebooks/{name}.ipynb"))
    head = "<tr><th>笔记本（模板）</th><th>参数</th><th>状态</th><th>用时</th></tr>"
    script = "<script src='../../_static/runs.js'></script>"
    note = ("<p class='rb-note'>参数和状态取自每个笔记本的 papermill 元数据。用时每次运行都不同，所以不存进笔记本"
            "（笔记本必须逐字节相同），而取自最近一次构建的日志 <code>_static/runs.js</code>。</p>")
    english = md.english("Parameters and status come from each notebook's papermill metadata. Durations vary "
                         "from run to run, so they are not stored in the notebooks (which must be byte-identical); "
                         "they come from the last build's log, _static/runs.js.", html_output=True)
    return HTML(f"<table class='rb-runs'>{head}{''.join(rows)}</table>{note}{english}{script}")


def _run_row(name: str, params: str, status: str, key: str, template: str) -> str:
    return (f"<tr><td><code>{md.html_text(name)}</code><div class='rb-quote'>← <code>{md.html_text(template)}</code>"
            f"</div></td><td><code>{md.html_text(params)}</code></td><td>{md.html_text(status)}</td>"
            f"<td class='rb-duration' data-run='{md.html_text(key)}'>见构建日志</td></tr>")


def data_checks(book: YearBook) -> Markdown:
    """Every data check of the year with its result."""
    results = check_year(book.extraction)
    rows = [[f'<span class="rb-num">{md.code(r.name)}</span>',  # one line: check names never break
             md.escape(CHECKS_ZH.get(r.name, r.asserts)),
             md.span("✔ 通过", classes=("rb-num",)) if r.passed else "✘ 不通过：" + md.escape("; ".join(r.problems))]
            for r in results]
    return Markdown(md.table(["检查", "检验内容", "结果"], rows) + "\n\n"
                    + md.english(*(f"{r.name}: {r.asserts} ({'passed' if r.passed else 'FAILED'})" for r in results)))


def pending(book: YearBook) -> Markdown:
    """What the catalog could not settle this year (data/reports/<year>.review.yml), if anything."""
    gaps = book.extraction.pending
    if not gaps:
        return Markdown(md.note("没有待处理的项目：每个数字都是指标或已列为不是指标，目录中的每个指标都已找到或已列为本年未提及。")
                        + "\n\n" + md.english("Nothing is pending: every figure is an indicator or a listed "
                                              "non-figure, and every catalog indicator was found or is listed as absent."))
    rows = [[md.escape(PENDING_ZH.get(g["kind"], g["kind"])),
             md.escape(g.get("context") or g.get("indicator") or g.get("figure", "")),
             md.escape(_candidates(g.get("candidates") or [])), md.escape(g["problem"])] for g in gaps]
    lead = (f"<strong>{len(gaps)}项待分析人员决定</strong>（{md.code(f'data/reports/{book.year}.review.yml')}，"
            f"用 {md.code(f'reportbook review {book.year}')} 逐项处理）；决定之前，这些数字不进入表格和图表。")
    return Markdown(f"<p>{lead}</p>\n\n" + md.table(["类别", "位置", "候选（得分；共同词语）", "怎样处理"], rows)
                    + "\n\n" + md.english(f"{len(gaps)} item(s) await the analyst (data/reports/{book.year}.review.yml, "
                                          f"reportbook review {book.year}); until they are decided, these figures are "
                                          "not in the tables and charts."))


def _candidates(cands: list[dict]) -> str:
    return "; ".join(f"{c['indicator']} {c['score']:.3f} ({c['evidence'] or '—'})" for c in cands) or "—"


def automatic(book: YearBook) -> Markdown:
    """The figures the learned matcher accepted on its own (`auto`), with score and evidence, until confirmed."""
    auto = [p for p in book.extraction.proposals if p.band == "auto"]
    if not auto:
        return Markdown(md.note("本年没有自动匹配的数字：每一行都来自目录规则或分析人员的决定。") + "\n\n"
                        + md.english("No figure of this year was matched automatically: every row is a catalog "
                                     "rule's match or the analyst's decision."))
    rows = [[md.anchor_link(p.context.figure.text, f"source.html#fig-{p.context.figure.start}"),
             md.code(p.chosen.indicator), md.escape(book.catalog[p.chosen.indicator].label_zh), f"{p.chosen.score:.3f}",
             md.escape(" ".join(p.chosen.evidence) or "—") + (f"；单位 {md.escape(p.chosen.unit_change)}"
                                                               if p.chosen.unit_change else "")]
            for p in auto]
    lead = (f"<strong>{len(auto)}个数字为自动匹配</strong>（表格和图表中标 ⚠）：学习匹配的得分达到自动接受的门槛。"
            f"请用 {md.code(f'reportbook review {book.year}')} 或在 {md.code(f'data/reports/{book.year}.yml')} "
            f"中写 {md.code('matches:')} 逐一确认。")
    return Markdown(f"<p>{lead}</p>\n\n" + md.table(["原文", "指标 id", "指标", "得分", "共同词语（依据）"], rows)
                    + "\n\n" + md.english(f"{len(auto)} figure(s) matched automatically (⚠ in tables and charts): "
                                          "the learned matcher's score was at or above the auto-accept threshold. "
                                          f"Confirm each with reportbook review {book.year} or a matches: entry in "
                                          f"data/reports/{book.year}.yml."))


def consistency(book: YearBook) -> Markdown:
    """All sections' consistency checks."""
    return checks_table(book, None)


def curation(book: YearBook) -> Markdown:
    """Every curation decision and its reason, plus how many paragraphs the default rule placed."""
    ex = book.extraction
    rows = [[str(s.line), md.escape(s.text[:16]) + "…", md.escape(_section(s.section)),
             md.escape(ROLES.get(s.role, s.role)),
             md.span(s.reason_zh, title=s.reason if s.reason != s.reason_zh else None)]
            for s in ex.segments if s.curated]
    default = sum(1 for s in ex.segments if not s.curated)
    note = (f"另有{default}个段落按默认规则归入（板块标题本身，或其上方最近的板块标题）。整理决定写在 "
            f"{md.code(f'data/reports/{book.year}.yml')}；理由有英文原文的，鼠标悬停可见。")
    return Markdown(md.table(["行", "段落", "板块", "角色", "理由"], rows) + f"\n\n<p>{note}</p>\n\n"
                    + md.english(f"{default} more paragraphs were placed by the default rule (a header, or the nearest "
                                 f"header above them). Decisions live in data/reports/{book.year}.yml; where a "
                                 "reason was written in English, it shows on hover."))


def not_figures(book: YearBook) -> Markdown:
    """Numbers in the text that are not indicators, with the reason."""
    rows = [[md.anchor_link(t.figure.text, f"source.html#fig-{t.figure.start}") if anchored(t) else md.escape(t.figure.text),
             str(t.segment.line), md.escape(kind_zh(t.status)), md.escape(token_reason(book, t))]
            for t in book.extraction.tokens if t.status != "indicator"]
    note = "理由由数字扫描程序或整理文件给出；名称类数字的理由写在 data/numbered_names.yml，目前是英文。"
    return Markdown(md.table(["原文", "行", "类别", "理由"], rows) + f"\n\n<p class='rb-legend'>{note}</p>\n\n"
                    + md.english("Each number of the report that is not an indicator, with the reason the scanner or "
                                 "the curation file gives."))


def inputs(book: YearBook) -> Markdown:
    """SHA-256 of every data file the pages were built from (templates and code: book/manifest.json)."""
    root = book.paths.root
    files = notebook_data("review", book.year, [book.year])
    rows = [[md.code(f), md.code(hashlib.sha256((root / f).read_bytes()).hexdigest())]
            for f in files if (root / f).is_file()]
    note = (f"生成各个已执行笔记本的模板、程序代码和库版本的哈希值记录在 {md.code('book/manifest.json')}，"
            "重新构建时据此决定重跑哪些页面。")
    return Markdown(md.table(["输入文件", "sha256"], rows) + f"\n\n<p>{note}</p>\n\n"
                    + md.english("The hashes of the templates, the package's code and the library versions that "
                                 "produced each executed notebook are recorded in book/manifest.json, which decides "
                                 "what a rebuild reruns."))


def environment(book: YearBook) -> Markdown:
    """The software that built the book: Python, every library of the stack, the Vega JavaScript, the lock file."""
    from reportbook.environment import STACK, javascript, python_version, versions
    from reportbook.inputs import LOCK_FILE

    rows = [["Python", md.escape(python_version())]] + [[md.code(lib), md.escape(v)] for lib, v in versions(STACK).items()]
    rows += [[f"{md.escape(name)}（JavaScript，离线包内）", md.escape(v)] for name, v in javascript().items()]
    lock = book.paths.root / LOCK_FILE
    digest = md.code(hashlib.sha256(lock.read_bytes()).hexdigest()) if lock.is_file() else "没有锁定文件"
    rows.append([f"{md.code(LOCK_FILE)}（sha256）", digest])
    note = (f"{md.code('make book')} 安装的正是 {md.code(LOCK_FILE)} 锁定的版本；上面任何一个版本变了，"
            f"受它影响的页面都会重跑（{md.code('book/manifest.json')}）。")
    return Markdown(md.table(["软件", "版本"], rows) + f"\n\n<p>{note}</p>\n\n"
                    + md.english(f"make book installs exactly the versions pinned in {LOCK_FILE}; a change of any "
                                 "version above reruns the pages it shapes (book/manifest.json)."))
