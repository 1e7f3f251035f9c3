"""How well do the catalog's context rules read a reworded next-year report?

The inputs are SYNTHETIC reports (tests/fixtures/synthetic_*.txt, see tests/fixtures/README.md)
with hand-written answer keys (*.expected.yml). Each test runs `reportbook add-year` on a scratch
copy of the project and compares data/indicators/<year>.csv with the key. A figure is right when
its indicator has the key's value (Decimal compare), unit and qualifier. A wrong match (an
indicator given another figure, or a figure the key says is no indicator) is worse than a miss:
a miss lands in the review file for the analyst, a wrong match goes into the book unnoticed.

Run with `-s` to see the rate and every miss with the part of the rule that failed.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

from reportbook.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: Indicators right per synthetic year (of 71, 60, 62), as measured: exact counts (issue 14 part 5), no
#: wrong match. With the first catalog: 2023 63/71, 2024 36/60 (4 wrong). The rules were then widened
#: from these misses (so these two texts are no longer blind): 2023 71/71, 2024 57/60, 0 wrong.
#: synthetic_2025 is the blind measurement: 52/62 on first run, 54/62 after the catalog learnt
#: alternatives for the insurance figures; with the learned matcher of issue 12 (README, "Matching"),
#: rules first: 70, 58, 60 (synthetic 2023 loses its full-year incubator tax: 2022 stated 1-11月, so a
#: period change, only suggested).
RIGHT = {2023: 70, 2024: 58, 2025: 60}


# ────────────────────────────────────────────────────────────────── running add-year
def fixture(year: int) -> Path:
    return FIXTURES / f"synthetic_{year}.txt"


def load_key(year: int) -> dict:
    return yaml.safe_load((FIXTURES / f"synthetic_{year}.expected.yml").read_text(encoding="utf-8"))


def scratch_project(folder: Path) -> Path:
    """A copy of the project's data/ and notebooks/ in `folder` (never the real tree)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def run_cli(root: Path, *args: str) -> tuple[int, str, str]:
    """Run `reportbook --root root ARGS`; return (exit code, stdout, stderr)."""
    saved = os.environ.pop("REPORTBOOK_ROOT", None)  # it would override --root
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--root", str(root), *args])
    finally:
        if saved is not None:
            os.environ["REPORTBOOK_ROOT"] = saved
    return code, out.getvalue(), err.getvalue()


def read_table(root: Path, year: int) -> pd.DataFrame:
    return pd.read_csv(root / "data" / "indicators" / f"{year}.csv", dtype=str, keep_default_na=False)


@dataclass
class Run:
    root: Path
    year: int
    code: int
    out: str
    err: str
    table: pd.DataFrame | None


def add_year(root: Path, year: int, source: Path, *extra: str) -> Run:
    code, out, err = run_cli(root, "add-year", str(year), str(source), *extra)
    csv = root / "data" / "indicators" / f"{year}.csv"
    return Run(root, year, code, out, err, read_table(root, year) if csv.is_file() else None)


# ────────────────────────────────────────────────────────────────── scoring
@dataclass
class Score:
    year: int
    total: int
    right: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)   # "id: why"
    wrong: list[str] = field(default_factory=list)    # "id: why"
    wrong_ids: set[str] = field(default_factory=set)

    @property
    def rate(self) -> float:
        return len(self.right) / self.total

    def render(self) -> str:
        lines = [f"synthetic {self.year}: {len(self.right)}/{self.total} right = {self.rate:.3f} "
                 f"({len(self.misses)} missed, {len(self.wrong)} wrong)"]
        lines += [f"  MISS  {m}" for m in self.misses]
        lines += [f"  WRONG {w}" for w in self.wrong]
        return "\n".join(lines)


def score(run: Run, key: dict) -> Score:
    """Compare the table of `run` with the answer key."""
    text = (run.root / "data" / "reports" / f"{run.year}.txt").read_text(encoding="utf-8")
    expected: dict = key["indicators"]
    absent = set(key.get("absent") or [])
    rows = {r["indicator"]: r for r in run.table.to_dict("records")}
    s = Score(run.year, len(expected))

    def wrong(ind: str, why: str) -> None:
        s.wrong.append(f"{ind}: {why}")
        s.wrong_ids.add(ind)

    for ind, exp in expected.items():
        row = rows.get(ind)
        if row is None:
            s.misses.append(f"{ind} ({exp['text']}): not in the table; {explain(run, ind, exp)}")
            continue
        written = text[int(row["start"]):int(row["end"])]
        if Decimal(row["value"]) != Decimal(str(exp["value"])) or written != exp["text"]:
            wrong(ind, f"took {written!r} = {row['value']} {row['unit']}, key: {exp['text']!r} = {exp['value']}"
                       f" (quote: {row['quote']})")
        elif row["unit"] != exp["unit"] or row["qualifier"] != exp["qualifier"]:
            s.misses.append(f"{ind} ({exp['text']}): misread as {row['unit']}/{row['qualifier']}, "
                            f"key: {exp['unit']}/{exp['qualifier']}")
        else:
            s.right.append(ind)
    for ind, row in rows.items():
        if ind not in expected:
            why = "the text does not state it" if ind in absent else "not in the answer key"
            wrong(ind, f"{why}, but took {row['value']} {row['unit']} (quote: {row['quote']})")
    starts = {int(r["start"]): r["indicator"] for r in rows.values()}
    for item in key.get("not_indicators") or []:
        at = text.find(item["at"])
        assert at != -1 and item["text"] in item["at"], f"bad not_indicators entry {item}"
        ind = starts.get(at + item["at"].index(item["text"]))
        if ind is not None and ind not in s.wrong_ids:
            wrong(ind, f"took {item['text']!r} in {item['at']!r}, which is {item['reason']}")
    return s


def explain(run: Run, ind_id: str, exp: dict) -> str:
    """Which part of the indicator's rule the key's figure fails (diagnostic only, never fails)."""
    try:
        from reportbook.indicators.catalog import load_catalog
        from reportbook.text.context import contexts
        from reportbook.text.curation import load_curation
        from reportbook.text.scanner import scan
        from reportbook.indicators.match import match
        from reportbook.paths import Paths
        from reportbook.text.report import load_report
        from reportbook.text.segment import segment

        paths = Paths(run.root)
        catalog = load_catalog(paths)
        text = load_report(paths, run.year).text
        segments = segment(text, load_curation(paths, run.year))
        placed = [s for s in segments if s.section]
        figures = [f for f in scan(text)
                   if f.kind == "figure" and any(s.start <= f.start and f.end <= s.end for s in placed)]
        ctxs = contexts(text, placed, figures)
        ind = catalog[ind_id]
        mine = [c for c in ctxs if c.figure.text == exp["text"]]
        mine = [c for c in mine if c.section == ind.section] or mine
        if not mine:
            return f"the figure {exp['text']!r} is not read as a figure of a section"
        ctx, rule, fig = mine[0], ind.rules[0], mine[0].figure  # diagnose the first alternative
        fails = []
        if ctx.section != ind.section:
            fails.append(f"section is {ctx.section}, rule wants {ind.section}")
        if fig.unit not in (ind.unit, None):
            fails.append(f"unit {fig.unit} (written {fig.unit_as_written}) is not {ind.unit}")
        clause = text[ctx.clause_start:ctx.clause_end]
        sentence = text[ctx.sentence_start:ctx.sentence_end]
        for part, patterns, where in (("before", rule.before, ctx.before), ("after", rule.after, ctx.after),
                                      ("clause", rule.clause, clause), ("sentence", rule.sentence, sentence)):
            fails += [f"{part} lacks {p.pattern!r} ({part}={where!r})" for p in patterns if not p.search(where)]
        fails += [f"not_before {p.pattern!r} occurs (before={ctx.before!r})"
                  for p in rule.not_before if p.search(ctx.before)]
        if rule.follows and not fails:
            result = match(catalog, ctxs, text)
            prev = ctx.previous
            if prev is None or result.found.get(rule.follows) is None \
                    or result.found[rule.follows].figure.start != prev.start:
                fails.append(f"follows {rule.follows}, which was not found on the previous figure "
                             f"({prev.text if prev else None!r})")
        if fails:
            return "; ".join(fails)
        result = match(catalog, ctxs, text)
        if ind_id in result.ambiguous_rules:
            others = [c.figure.text for c in result.ambiguous_rules[ind_id]]
            return f"rule words present, but the rule also matches other figures: {others}"
        if fig.start in result.ambiguous_figures:
            return f"rule words present, but the figure also matches {result.ambiguous_figures[fig.start]}"
        return "rule words present; not matched for another reason"
    except Exception as exc:  # the diagnosis must never break the measurement
        return f"(no diagnosis: {type(exc).__name__}: {exc})"


# ────────────────────────────────────────────────────────────────── module-level runs
@pytest.fixture(scope="module")
def reworded(tmp_path_factory) -> dict[int, tuple[Run, Score]]:
    """add-year on each synthetic text, each in its own scratch project, scored."""
    out = {}
    for year in (2023, 2024, 2025):
        root = scratch_project(tmp_path_factory.mktemp(f"rewording_{year}"))
        run = add_year(root, year, fixture(year))
        assert run.code == 0, f"add-year {year} failed:\n{run.out}\n{run.err}"
        assert run.table is not None
        out[year] = (run, score(run, load_key(year)))
    return out


# ────────────────────────────────────────────────────────────────── tests
def test_answer_keys_cover_the_catalog():
    """Every catalog indicator is in a key (as a figure or as absent), in the catalog's unit."""
    from reportbook.indicators.catalog import load_catalog
    from reportbook.paths import Paths

    catalog = load_catalog(Paths(ROOT))
    units = {i.id: i.unit for i in catalog.indicators}
    for year in (2023, 2024, 2025):
        key = load_key(year)
        text = fixture(year).read_text(encoding="utf-8")
        listed = set(key["indicators"]) | set(key.get("absent") or [])
        assert listed == set(units), f"{year}: key and catalog differ: {sorted(listed ^ set(units))}"
        for ind, exp in key["indicators"].items():
            assert exp["text"] in text, f"{year} {ind}: {exp['text']!r} is not in the text"
            assert exp["unit"] == units[ind] or exp.get("unit_note"), \
                f"{year} {ind}: unit {exp['unit']} is not the catalog's {units[ind]} (say why in unit_note)"
            assert exp["qualifier"] in ("exact", "at_least", "approx", "estimate")
            Decimal(str(exp["value"]))


def test_reworded_2023_rate_and_no_wrong_match(reworded):
    run, s = reworded[2023]
    print("\n" + s.render())
    assert not s.wrong, "wrong matches on synthetic_2023:\n" + "\n".join(s.wrong)
    assert len(s.right) == RIGHT[2023], s.render()


def test_reworded_2024_rate(reworded):
    """The harder text: report how matching degrades; no wrong match."""
    run, s = reworded[2024]
    print("\n" + s.render())
    assert len(s.right) == RIGHT[2024], s.render()
    assert not s.wrong, "wrong matches on synthetic_2024:\n" + "\n".join(s.wrong)


def test_blind_2025_rate(reworded):
    """The blind text (written without seeing the rules): the honest measure of rewording."""
    run, s = reworded[2025]
    print("\n" + s.render())
    assert len(s.right) == RIGHT[2025], s.render()
    assert not s.wrong, "wrong matches on synthetic_2025:\n" + "\n".join(s.wrong)


def test_unmatched_figures_are_listed_for_review(reworded):
    """Every miss of 2023 is in the review file, so the analyst sees it."""
    run, s = reworded[2023]
    review = yaml.safe_load((run.root / "data" / "reports" / "2023.review.yml").read_text(encoding="utf-8"))
    missing = {g["indicator"] for g in review["pending"] if g["kind"] == "missing"}
    suggested = {g["figure"]: g["candidates"][0]["indicator"] for g in review["pending"] if g["kind"] == "suggested"}
    key = load_key(2023)["indicators"]
    not_found = {m.split(" ")[0] for m in s.misses if "not in the table" in m}
    assert not_found  # synthetic 2023's full-year incubator tax (2022 stated 1-11月) is never auto-accepted
    for ind in not_found:  # listed as missing, or its figure suggested for it
        assert ind in missing or suggested.get(key[ind]["text"]) == ind, ind
    figures = {g["figure"] for g in review["pending"] if g["kind"] == "unmatched"}
    from reportbook.text.scanner import scan
    text = (run.root / "data" / "reports" / "2023.txt").read_text(encoding="utf-8")
    names = {text[f.start:f.end] for f in scan(text) if f.kind == "name"}  # 六个双山: data/numbered_names.yml
    for item in load_key(2023)["not_indicators"]:
        assert item["text"] in figures or any(item["text"] in n for n in names), \
            f"{item['text']} should be listed as unmatched for review"


def _digests(root: Path) -> dict[str, str]:
    files = ("data/reports/2022.txt", "data/reports/2022.yml", "data/indicators/2022.csv")
    return {f: hashlib.sha256((root / f).read_bytes()).hexdigest() for f in files}


def test_add_year_leaves_2022_untouched(tmp_path):
    root = scratch_project(tmp_path / "project")
    before = _digests(root)
    assert before == _digests(ROOT)
    run = add_year(root, 2023, fixture(2023))
    assert run.code == 0, run.err
    assert _digests(root) == before
    code, out, err = run_cli(root, "check", "2022")
    assert code == 0, out + err


def test_add_year_refuses_existing_year_without_force(tmp_path):
    root = scratch_project(tmp_path / "project")
    assert add_year(root, 2023, fixture(2023)).code == 0
    written = {p: p.read_bytes() for p in (root / "data").rglob("2023*")}
    other = tmp_path / "other.txt"
    other.write_text(fixture(2024).read_text(encoding="utf-8"), encoding="utf-8")
    again = add_year(root, 2023, other)
    assert again.code == 2
    assert "data/reports/2023.txt" in again.err and "--force" in again.err
    assert "Traceback" not in again.err
    assert {p: p.read_bytes() for p in (root / "data").rglob("2023*")} == written
    forced = add_year(root, 2023, other, "--force")
    assert forced.code == 0, forced.err
    assert (root / "data" / "reports" / "2023.txt").read_text(encoding="utf-8") == other.read_text(encoding="utf-8")


def test_add_year_accepts_gb18030(tmp_path, reworded):
    text = fixture(2023).read_text(encoding="utf-8")
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    source = tmp_path / "synthetic_2023_gb18030.txt"
    source.write_bytes(data)
    root = scratch_project(tmp_path / "project")
    run = add_year(root, 2023, source)
    assert run.code == 0, run.err
    assert "GB18030" in run.out
    assert (root / "data" / "reports" / "2023.txt").read_bytes() == text.encode("utf-8")
    curation = yaml.safe_load((root / "data" / "reports" / "2023.yml").read_text(encoding="utf-8"))
    assert curation["source"]["encoding"] == "gb18030"
    utf8_run, _ = reworded[2023]
    assert run.table.equals(utf8_run.table)
