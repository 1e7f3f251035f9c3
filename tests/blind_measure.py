"""Measure the reading of the blind fixtures (tests/fixtures/blind/) against their hand-made keys.

Run by hand to see every number and every miss: `python -m tests.blind_measure`. The floors in
tests/test_blind.py are the counts this prints.

- placement: each paragraph's role and section after `reportbook add-year` (its curation guesses,
  unedited) against the key's `paragraphs`;
- scanner: figures found (kind `figure`) against the key's `figures`, by position: precision =
  found figures that overlap a key figure / found figures, recall = key figures overlapped by a
  found figure / key figures;
- reading: among key figures found with exactly the key's span, value (and value_max), unit and
  qualifier all equal to the key's.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "tests" / "fixtures" / "blind"


@dataclass
class Score:
    """Counts of one measure, with what went wrong."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    def __str__(self) -> str:
        rate = self.right / self.total if self.total else 1.0
        return f"{self.right}/{self.total} ({rate:.1%})"


def keys() -> list[tuple[Path, dict]]:
    """(text path, key) of every blind text: the reports (`*.expected.yml`, with paragraphs) and the
    short texts of other places (`short_*.gold.yml`, figures only)."""
    out = []
    for pattern, suffix in (("*.expected.yml", ".expected.yml"), ("short_*.gold.yml", ".gold.yml")):
        for key_path in sorted(BLIND.glob(pattern)):
            key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
            key["report"] = suffix == ".expected.yml"
            text_path = key_path.with_name(key_path.name.replace(suffix, ".txt"))
            if text_path.is_file():
                out.append((text_path, key))
    return out


def _our_role(seg) -> tuple[str, str | None]:
    """A segment as the key writes it: (role, section)."""
    if seg.role in ("masthead", "caption"):
        return seg.role, None
    if seg.role == "header":
        return "header", seg.section
    if seg.continues:
        return "continues-of-previous", seg.section
    return seg.section or "none", None


def refused(text_path: Path) -> str | None:
    """Why add-year refuses the text (None when it takes it in)."""
    from reportbook.indicators.foreign import refusal
    from reportbook.paths import Paths

    return refusal(Paths(ROOT), text_path.read_text(encoding="utf-8"))


def placement(text_path: Path, key: dict) -> Score:
    """Run add-year on a scratch copy of the project; compare each paragraph with the key."""
    from reportbook.errors import ReportbookError
    from reportbook.indicators.add_year import add_year
    from reportbook.paths import Paths
    from reportbook.text.curation import load_curation
    from reportbook.text.segment import segment

    score = Score()
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("data", "notebooks"):
            shutil.copytree(ROOT / name, Path(tmp) / name)
        paths = Paths(Path(tmp))
        year = int(key["year"])
        try:
            add_year(paths, year, text_path, force=True)
            segs = segment(paths.report(year).read_text(encoding="utf-8"), load_curation(paths, year))
        except ReportbookError as exc:
            for p in key["paragraphs"]:
                score.add(False, f"{p['starts']}: add-year failed ({exc.what})")
            return score
    if len(segs) != len(key["paragraphs"]):
        raise SystemExit(f"{text_path.name}: {len(segs)} paragraphs, the key lists {len(key['paragraphs'])}")
    for seg, p in zip(segs, key["paragraphs"]):
        assert seg.text.startswith(p["starts"]), (seg.text[:20], p["starts"])
        want = (p["role"], p.get("section") if p["role"] in ("header", "continues-of-previous") else None)
        got = _our_role(seg)
        if want[0] == "overview" and got[0] == "overview":
            got = want
        score.add(got == want, f"{p['starts']}: key {want}, read {got} ({seg.reason})")
    return score


def scanner(text_path: Path, key: dict) -> tuple[Score, Score, Score]:
    """(precision, recall, reading) of the scanner's figures against the key's."""
    from reportbook.text.scanner import scan

    text = text_path.read_text(encoding="utf-8")
    ours = [f for f in scan(text) if f.kind == "figure"]
    gold = key.get("figures") or []
    for g in gold:
        assert text[g["start"]:g["start"] + len(g["text"])] == g["text"], g
    spans = [(g["start"], g["start"] + len(g["text"])) for g in gold]
    precision, recall, reading = Score(), Score(), Score()
    for f in ours:
        hit = any(s < f.end and f.start < e for s, e in spans)
        precision.add(hit, f"not a figure in the key: {f.text!r} at {f.start} ({text[max(0, f.start - 8):f.end + 4]!r})")
    for g, (s, e) in zip(gold, spans):
        over = [f for f in ours if s < f.end and f.start < e]
        recall.add(bool(over), f"missed: {g['text']!r} at {s}")
        exact = [f for f in over if (f.start, f.end) == (s, e)]
        if not over:
            continue
        f = exact[0] if exact else over[0]
        want = (Decimal(str(g["value"])), Decimal(str(g["value_max"])) if g.get("value_max") else None,
                g["unit"], g["qualifier"])
        got = (f.value, f.value_max, f.unit, f.qualifier)
        if g.get("fraction") and f.value is not None:  # 1/3: compare with the exact fraction
            num, den = (Decimal(x) for x in str(g["fraction"]).split("/"))
            if abs(f.value - num / den) < Decimal("1e-9"):
                got = (want[0], *got[1:])
        reading.add(got == want, f"{g['text']!r} at {s}: key {want}, read {got} as {f.text!r}")
    return precision, recall, reading


MEASURES = ("placement", "precision", "recall", "reading", "refusal")


def measure(verbose: bool = False) -> dict[str, Score]:
    """Every measure summed over the blind texts; also per text, under "<file>:<measure>"."""
    totals = {k: Score() for k in MEASURES}
    for text_path, key in keys():
        parts = {}
        if key["report"]:
            parts["refusal"] = Score()
            why = refused(text_path)
            parts["refusal"].add(bool(why) == bool(key.get("other_place")),
                                 f"other_place {key.get('other_place')}, refusal: {why}")
            if not key.get("other_place"):
                parts["placement"] = placement(text_path, key)
        if key.get("figures"):
            parts["precision"], parts["recall"], parts["reading"] = scanner(text_path, key)
        for name, sc in parts.items():
            totals[f"{text_path.name}:{name}"] = sc
            totals[name].right += sc.right
            totals[name].total += sc.total
            totals[name].misses += [f"{text_path.name}: {m}" for m in sc.misses]
        if verbose:
            print(text_path.name, "  ".join(f"{k} {v}" for k, v in parts.items()))
    return totals


if __name__ == "__main__":
    result = measure(verbose=True)
    for name, s in result.items():
        if name in MEASURES:
            print(f"{name:<10} {s}")
        if "-v" in sys.argv:
            for m in s.misses:
                print("   ", m)
