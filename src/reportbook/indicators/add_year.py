"""`reportbook add-year`: take in a new year's report and read it with the existing catalog."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from reportbook.errors import ReportbookError
from reportbook.paths import Paths
from reportbook.text.report import decode_report
from reportbook.text.headers import header_section, is_body
from reportbook.text.placement import learn_from, opening, propose
from reportbook.text.segment import next_paragraph, paragraphs
from reportbook.indicators.foreign import refuse_foreign
from reportbook.indicators.sections import SECTIONS
from reportbook.files import write_atomic

SHORT = 30  # a line this short, with no comma, before the first header reads as a masthead line


def _guesses(text: str, placer=None, year: int | None = None) -> tuple[list[dict], list[str]]:
    """Curation guesses for paragraphs the header rule cannot place, and notes for the analyst."""
    spans = paragraphs(text)
    decisions, notes, seen_header, seen_body, found, lead_seen = [], [], False, False, set(), False
    for i, (start, end, line) in enumerate(spans):
        body = text[start:end]
        was_body, seen_body = seen_body, seen_body or is_body(body)
        header = header_section(body, not was_body, next_paragraph(text, spans, i))
        if header is not None:
            seen_header = True
            found.add(header.keyword)
            continue
        at = opening(text, spans, i)
        if not seen_header:
            if len(body) <= SHORT and not re.search(r"[,，。;；]", body):
                decisions.append({"at": at, "section": "overview", "role": "masthead",
                                  "reason": "add-year guess: a short line above the first header (headline or byline); check"})
            else:
                guess = placer.guess(body) if placer is not None and placer.trained and lead_seen else None
                lead_seen = True
                if guess and guess.section != "overview" and guess.score >= 0.5:
                    decisions.append({"at": at, "section": guess.section,
                                      "reason": f"add-year guess: no header above it; {guess.reason()}; check"})
                    continue
                decisions.append({"at": at, "section": "overview", "role": "lead",
                                  "reason": "add-year guess: a paragraph above the first header (the lead); check"})
    for sec in SECTIONS[1:]:
        if sec.keyword not in found:
            notes.append(f"no header for {sec.zh} ({sec.slug}): its paragraphs fall under the header above them; "
                         "place them with `section:` entries")
    proposed = propose(text, placer, year)
    kinds = [("caption", sum(d.get("role") == "caption" for d in proposed)),
             ("paragraph continued after a caption", sum("continues" in d for d in proposed)),
             ("paragraph placed by what it says", sum("section" in d for d in proposed + decisions
                                                      if "reads like" in d["reason"]))]
    if any(n for _, n in kinds):
        notes.append("guessed " + ", ".join(f"{n} {what}" for what, n in kinds if n)
                     + ": check each `add-year guess` in the curation file")
    return decisions + proposed, notes


def curation_skeleton(year: int, text: str, encoding: str, received_as: str,
                      placer=None) -> tuple[str, list[str]]:
    """The text of a new curation file, and notes for the analyst."""
    decisions, notes = _guesses(text, placer, year)
    first = next((text[s:e] for s, e, _ in paragraphs(text)), "")
    doc = {"source": {"year": year, "title": first[:40], "encoding": encoding, "received_as": received_as},
           "paragraphs": decisions, "not_figures": [], "absent": []}
    head = (f"# Source metadata and curation of data/reports/{year}.txt (written by `reportbook add-year`).\n"
            "# Entries marked 'add-year guess' are the machine's guesses: check each one. See data/reports/2022.yml\n"
            "# for every kind of decision (captions, moved paragraphs, continuations, not_figures, absent).\n")
    head += "".join(f"# NOTE: {n}\n" for n in notes)
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110), notes


def add_year(paths: Paths, year: int, source: Path, force: bool = False) -> list[str]:
    """Copy and decode the report, write the curation skeleton; return notes. Other years are untouched."""
    if not 1949 <= year <= 2100:
        raise ReportbookError(f"{year} does not look like a report year", "add-year YEAR", "give a year like 2023")
    if not source.is_file():
        raise ReportbookError("no such file", str(source), "give the path of the report's text file")
    target, curation = paths.report(year), paths.curation(year)
    for existing in (target, curation, paths.indicators(year)):
        if existing.exists() and not force:
            raise ReportbookError(
                f"{year} already exists ({existing.relative_to(paths.root)})", "add-year",
                f"pass --force to replace {year}'s files (no other year is touched)")
    data = source.read_bytes()
    text, encoding = decode_report(data, str(source))
    if not text.strip():
        raise ReportbookError("the report is empty (no text)", str(source), "give the report's text file")
    if not force:
        refuse_foreign(paths, text, str(source))
    skeleton, notes = curation_skeleton(year, text, encoding, source.name, learn_from(paths, before_year=year))
    write_atomic(target, text)
    write_atomic(curation, skeleton)
    if encoding != "utf-8":
        notes.insert(0, f"decoded {source.name} as {encoding.upper()}; stored as UTF-8 in "
                        f"{target.relative_to(paths.root)}")
    return notes
