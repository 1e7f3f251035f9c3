"""The review page: runs, checks, curation decisions, non-figures and input hashes."""
from __future__ import annotations

import hashlib
import html
import json

from IPython.display import HTML, Markdown

from reportbook.inputs import notebook_data
from reportbook.pages import markdown as md
from reportbook.indicators.checks import check_year
from reportbook.pages.chapter import YearBook, checks_table


def runs(book: YearBook, executed_dir: str) -> HTML:
    """Each executed notebook's parameters and status (papermill metadata); durations from the build log."""
    folder = book.paths.root / executed_dir
    rows = []
    for path in sorted(p for p in folder.glob("*.ipynb") if p.stem != "review"):  # not itself: still running
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("papermill", {})
        status = "failed" if meta.get("exception") else "completed"
        params = ", ".join(f"{k}={v!r}" for k, v in sorted(meta.get("parameters", {}).items()))
        key = f"{book.year}/{path.stem}"
        rows.append(f"<tr><td><code>{path.name}</code></td><td><code>{params}</code></td><td>{status}</td>"
                    f"<td class='rb-duration' data-run='{key}'>see build log</td>"
                    f"<td><code>{meta.get('input_path', '')}</code></td></tr>")
    # This page and the across-years trends page run alongside: their papermill records are not
    # final yet, so their status and duration come from the build log like every duration.
    for key, name, params in ((f"{book.year}/review", "review.ipynb", f"executed_dir={executed_dir!r}, year={book.year}"),
                              ("trends", "../trends.ipynb", f"year={book.year} (the latest year)")):
        rows.append(f"<tr><td><code>{name}</code></td><td><code>{html.escape(params)}</code></td>"
                    f"<td>running with this page</td><td class='rb-duration' data-run='{key}'>see build log</td>"
                    f"<td><code>notebooks/{name.rsplit('/', 1)[-1]}</code></td></tr>")
    head = "<tr><th>notebook</th><th>parameters</th><th>status</th><th>duration</th><th>template</th></tr>"
    script = "<script src='../../_static/runs.js'></script>"
    note = ("<p class='rb-note'>Parameters and status come from each notebook's papermill metadata. Durations "
            "vary from run to run, so they are not stored in the notebooks (which must be byte-identical); "
            "they come from the last build's log, <code>_static/runs.js</code>.</p>")
    return HTML(f"<table class='rb-runs'>{head}{''.join(rows)}</table>{note}{script}")


def data_checks(book: YearBook) -> Markdown:
    """Every data check of the year with its result."""
    results = check_year(book.extraction)
    rows = [[r.name, md.escape(r.asserts), "✔ passed" if r.passed else "✘ " + md.escape("; ".join(r.problems))]
            for r in results]
    return Markdown(md.table(["check", "what it asserts", "result"], rows))


def pending(book: YearBook) -> Markdown:
    """What the catalog could not settle this year (data/reports/<year>.review.yml), if anything."""
    gaps = book.extraction.pending
    if not gaps:
        return Markdown("Nothing is pending: every figure is an indicator or a listed non-figure, and every "
                        "catalog indicator was found or is listed as absent.")
    rows = [[g["kind"], md.escape(g.get("context") or g.get("indicator") or g.get("figure", "")),
             md.escape(_candidates(g.get("candidates") or [])), md.escape(g["problem"])] for g in gaps]
    return Markdown(f"**{len(gaps)} item(s) await the analyst** (`data/reports/{book.year}.review.yml`, "
                    f"`reportbook review {book.year}`); until they are decided, these figures are not in the "
                    "tables and charts.\n\n" + md.table(["kind", "where", "candidates (score; shared words)",
                                                         "what to do"], rows))


def _candidates(cands: list[dict]) -> str:
    return "; ".join(f"{c['indicator']} {c['score']:.3f} ({c['evidence'] or '—'})" for c in cands) or "—"


def automatic(book: YearBook) -> Markdown:
    """The figures the learned matcher accepted on its own (`auto`), with score and evidence, until confirmed."""
    auto = [p for p in book.extraction.proposals if p.band == "auto"]
    if not auto:
        return Markdown("No figure of this year was matched automatically: every row is a catalog rule's match "
                        "or the analyst's decision.")
    rows = [[md.anchor_link(p.context.figure.text, f"source.html#fig-{p.context.figure.start}"),
             f"`{p.chosen.indicator}`", md.escape(book.catalog[p.chosen.indicator].label_zh), f"{p.chosen.score:.3f}",
             md.escape(" ".join(p.chosen.evidence) or "—") + (f"; unit {md.escape(p.chosen.unit_change)}"
                                                               if p.chosen.unit_change else "")]
            for p in auto]
    return Markdown(f"**{len(auto)} figure(s) matched automatically** (⚠ in tables and charts): the learned "
                    "matcher's score was at or above the auto-accept threshold. Confirm each with "
                    f"`reportbook review {book.year}` or a `matches:` entry in `data/reports/{book.year}.yml`.\n\n"
                    + md.table(["figure", "indicator", "指标", "score", "shared words (evidence)"], rows))


def consistency(book: YearBook) -> Markdown:
    """All sections' consistency checks."""
    return checks_table(book, None)


def curation(book: YearBook) -> Markdown:
    """Every curation decision and its reason, plus how many paragraphs the default rule placed."""
    ex = book.extraction
    rows = [[str(s.line), md.escape(s.text[:16]) + "…", s.section or "—", s.role, md.escape(s.reason)]
            for s in ex.segments if s.reason and not s.reason.startswith(("below the", "section header"))]
    default = sum(1 for s in ex.segments if s.reason.startswith(("below the", "section header")))
    text = md.table(["line", "paragraph", "section", "role", "reason"], rows)
    return Markdown(f"{text}\n\n{default} more paragraphs were placed by the default rule (a header, or the "
                    f"nearest header above them). Decisions live in `data/reports/{book.year}.yml`.")


def not_figures(book: YearBook) -> Markdown:
    """Numbers in the text that are not indicators, with the reason."""
    from reportbook.pages.source import anchored

    rows = [[md.anchor_link(t.figure.text, f"source.html#fig-{t.figure.start}") if anchored(t) else md.escape(t.figure.text),
             str(t.segment.line), t.status, md.escape(t.detail)]
            for t in book.extraction.tokens if t.status != "indicator"]
    return Markdown(md.table(["as written", "line", "kind", "reason"], rows))


def inputs(book: YearBook) -> Markdown:
    """SHA-256 of every data file the pages were built from (templates and code: book/manifest.json)."""
    root = book.paths.root
    files = notebook_data("review", book.year, [book.year])
    rows = [[f"`{f}`", f"`{hashlib.sha256((root / f).read_bytes()).hexdigest()}`"]
            for f in files if (root / f).is_file()]
    note = ("\n\nThe hashes of the templates, the package's code and the library versions that produced "
            "each executed notebook are recorded in `book/manifest.json`, which decides what a rebuild reruns.")
    return Markdown(md.table(["input", "sha256"], rows) + note)


def environment(book: YearBook) -> Markdown:
    """The software that built the book: Python, every library of the stack, the Vega JavaScript, the lock file."""
    from reportbook.environment import STACK, javascript, python_version, versions
    from reportbook.inputs import LOCK_FILE

    rows = [["Python", python_version()]] + [[f"`{lib}`", v] for lib, v in versions(STACK).items()]
    rows += [[f"{name} (JavaScript, in the offline bundle)", v] for name, v in javascript().items()]
    lock = book.paths.root / LOCK_FILE
    digest = f"`{hashlib.sha256(lock.read_bytes()).hexdigest()}`" if lock.is_file() else "no lock file"
    rows.append([f"`{LOCK_FILE}` (sha256)", digest])
    note = (f"\n\n`make book` installs exactly the versions pinned in `{LOCK_FILE}`; a change of any version "
            "above reruns the pages it shapes (`book/manifest.json`).")
    return Markdown(md.table(["software", "version"], rows) + note)
