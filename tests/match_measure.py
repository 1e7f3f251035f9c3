"""Measure the matching of the synthetic and blind reports against their answer keys, and diagnose every miss.

Run by hand: `python -m tests.match_measure` prints, for each report (synthetic 2023–2025, blind
2026–2029), the rows right and wrong (rules on, as `add-year` writes them) and the review decisions
left; `-v` adds every key indicator that is not right with what became of its figure (rule, the
learned matcher's band, score, best rival, candidates); `--calibrate` runs the learned matcher with
the rules off (every figure goes through it) and prints every assigned figure with its score, its
rival's score, and whether the key agrees: the table from which AUTO and MARGIN are chosen.

Each report is taken in with `add-year` (its curation guesses unedited) in a scratch copy of the
project, as tests/test_blind_matching.py does; nothing in the real tree is written.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
REPORTS = {year: (FIXTURES / f"synthetic_{year}.txt", FIXTURES / f"synthetic_{year}.expected.yml")
           for year in (2023, 2024, 2025)} | {
          year: (FIXTURES / "blind" / f"blind_{year}.txt", FIXTURES / "blind" / f"blind_{year}.expected.yml")
          for year in (2026, 2027, 2028, 2029, 2031, 2032, 2033, 2034)}


def is_right(text: str, start: int, end: int, value, exp: dict | None) -> bool:
    """The figure at text[start:end] with `value` is the key's figure `exp` (its text around it, same value)."""
    if exp is None or Decimal(str(value)) != Decimal(str(exp["value"])):
        return False
    at = text.find(exp["text"])
    while at != -1:
        if at <= start and end <= at + len(exp["text"]):
            return True
        at = text.find(exp["text"], at + 1)
    return False


def taken_in(folder: Path, year: int):
    """A scratch project in `folder` with `year` added (as `add-year` does, without the extract)."""
    from reportbook.indicators.add_year import add_year
    from reportbook.paths import Paths

    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, folder / name)
    paths = Paths(folder)
    add_year(paths, year, REPORTS[year][0], force=True)
    return paths


def measure_one(paths, year: int, verbose: bool = False, rules: bool = True) -> dict:
    """Right and wrong rows, decisions left, and (verbose) a diagnosis of each miss."""
    from reportbook.indicators.extract import extract

    key = yaml.safe_load(REPORTS[year][1].read_text(encoding="utf-8"))
    ex = extract(paths, year, under_review=True, rules=rules)
    text = ex.report.text
    wanted = key["indicators"]
    right = [r for r in ex.rows if is_right(text, r["start"], r["end"], r["value"], wanted.get(r["indicator"]))]
    wrong = [r for r in ex.rows if r not in right]
    out = {"year": year, "total": len(wanted), "right": len(right), "wrong": len(wrong),
           "rule": sum(r["match"] == "rule" for r in right), "auto": sum(r["match"] == "auto" for r in right),
           "decisions": len(ex.pending), "lines": []}
    lines = out["lines"]
    for r in wrong:
        lines.append(f"  WRONG {r['match']} {r['score']} {r['indicator']}: {text[r['start']:r['end']]} ({r['quote']})")
    if not verbose:
        return out
    done = {r["indicator"] for r in right}
    by_start = {p.context.figure.start: p for p in ex.proposals}
    for ind, exp in wanted.items():
        if ind in done:
            continue
        hits = [t for t in ex.tokens if is_right(text, t.figure.start, t.figure.end, t.figure.value or 0, exp)]
        if not hits:
            lines.append(f"  MISS {ind} ({exp['text']}): the key's figure is not read as a figure")
            continue
        t = hits[0]
        p = by_start.get(t.figure.start)
        what = f"{t.status} {t.detail}" if p is None else (
            f"{p.band} → {p.chosen.indicator if p.chosen else None} "
            f"{p.chosen.score if p.chosen else ''} (rival {p.runner_up:.3f}, period {p.period}); candidates: "
            + ", ".join(f"{c.indicator} {c.score}" + (f" [{c.unit_change}]" if c.unit_change else "")
                        + (f" [{c.period_change}]" if c.period_change else "") for c in p.candidates))
        own = next((c for c in (p.candidates if p else ()) if c.indicator == ind), None)
        lines.append(f"  MISS {ind} ({exp['text']}, {t.figure.unit}, {t.segment.section}): {what}"
                     + ("" if own else "; the right indicator is not among the top three")
                     + f"\n        «{text[max(0, t.figure.start - 30):t.figure.end + 12]}»")
    return out


def calibrate(paths, year: int) -> list[tuple]:
    """(score, rival, right, year, indicator, figure) of every figure the matcher assigns with the rules off."""
    from reportbook.indicators.extract import extract

    key = yaml.safe_load(REPORTS[year][1].read_text(encoding="utf-8"))["indicators"]
    ex = extract(paths, year, under_review=True, rules=False)
    text = ex.report.text
    out = []
    for p in ex.proposals:
        if p.chosen is None:
            continue
        f = p.context.figure
        ok = is_right(text, f.start, f.end, f.value or 0, key.get(p.chosen.indicator))
        out.append((p.chosen.score, p.runner_up, ok, year, p.chosen.indicator, f.text, p.band,
                    p.chosen.period_change))
    return out


def main(argv: list[str]) -> None:
    verbose, cal = "-v" in argv, "--calibrate" in argv
    if "--suggest" in argv:  # calibration below the suggestion floor: see what lower thresholds would take
        from reportbook.indicators import learned
        learned.SUGGEST = float(argv[argv.index("--suggest") + 1])
        argv = [a for a in argv if a != argv[argv.index("--suggest") + 1]]
    years = [int(a) for a in argv if a.isdigit()] or list(REPORTS)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for year in years:
            paths = taken_in(Path(tmp) / str(year), year)
            if cal:
                rows += calibrate(paths, year)
                continue
            m = measure_one(paths, year, verbose)
            print(f"{year}: {m['right']}/{m['total']} right ({m['rule']} rule + {m['auto']} auto) = "
                  f"{m['right'] / m['total']:.1%}, {m['wrong']} wrong, {m['decisions']} decisions left")
            for line in m["lines"]:
                print(line)
    if cal:
        from reportbook.indicators.learned import AUTO, MARGIN, MARGIN_FLOOR
        rows.sort(key=lambda r: -r[0])
        for score, rival, ok, year, ind, fig, band, moved in rows:
            ratio = score / rival if rival else float("inf")
            print(f"{'  ' if ok else 'XX'} {score:.3f} rival {rival:.3f} ×{ratio:5.2f} {year} {band:<9} {ind} ← {fig}"
                  + (f" [{moved}]" if moved else ""))
        auto = [r for r in rows if r[6] == "auto"]
        print(f"assigned {len(rows)}, right {sum(r[2] for r in rows)}; auto {len(auto)}, "
              f"auto right {sum(r[2] for r in auto)}, auto wrong {sum(not r[2] for r in auto)} "
              f"(AUTO {AUTO}, MARGIN {MARGIN} above {MARGIN_FLOOR})")


if __name__ == "__main__":
    main(sys.argv[1:])
