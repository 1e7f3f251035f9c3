"""`reportbook add-year`: take in a new year's report and read it with the existing catalog."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from reportbook.errors import ReportbookError
from reportbook.paths import Paths
from reportbook.text.curation import Curation, load_curation
from reportbook.text.report import MAX_REPORT_CHARS, check_text, decode_report, read_input
from reportbook.text.placement import layout, learn_from, propose
from reportbook.text.segment import ParagraphIndex, paragraphs
from reportbook.indicators.foreign import refuse_foreign
from reportbook.indicators.sections import SECTIONS
from reportbook.files import write_atomic

SHORT = 30  # a line this short, with no comma, before the first header reads as a masthead line
SENTENCE_MARK = re.compile(r"[。！？!?]")  # a lead paragraph has one; a title or an editor's note above it has none


def _guesses(text: str, placer=None, year: int | None = None) -> tuple[list[dict], list[str]]:
    """Curation guesses for paragraphs the header rule cannot place, and notes for the analyst."""
    lay = layout(text)
    spans, ats, heads = lay.spans, lay.ats, lay.heads
    decisions, notes, seen_header, found, lead_seen = [], [], False, set(), False
    # above the first header, a paragraph is the overview's or that of a section whose header is missing
    headed = {h.section.slug for h in heads if h}
    among = ("overview",) + tuple(sec.slug for sec in SECTIONS[1:] if sec.slug not in headed)
    for i, (start, end, line) in enumerate(spans):
        body = text[start:end]
        if heads[i] is not None:  # a header, or a paragraph that opens with one (placed by it)
            seen_header = True
            found.add(heads[i].section.keyword)
            continue
        at = ats[i]
        if not seen_header:
            if len(body) <= SHORT and not re.search(r"[,，。;；]", body):
                decisions.append({"at": at, "section": "overview", "role": "masthead",
                                  "reason": "add-year guess: a short line above the first header (headline or byline); check",
                                  "reason_zh": "add-year 猜测：第一个板块标题之上的短行（标题或署名）；请核对"})
            elif not lead_seen and not SENTENCE_MARK.search(body):
                decisions.append({"at": at, "section": "overview", "role": "masthead",
                                  "reason": "add-year guess: a line without a sentence above the lead (a title or an "
                                            "editor's note); check",
                                  "reason_zh": "add-year 猜测：导语之上没有句号的一行（标题或编者按）；请核对"})
            else:
                guess = (placer.guess(body, among=among) if placer is not None and placer.trained and lead_seen
                         and len(among) > 1 else None)
                lead_seen = True
                if guess and guess.section != "overview" and guess.score >= 0.5:
                    decisions.append({"at": at, "section": guess.section,
                                      "reason": f"add-year guess: no header above it; {guess.reason()}; check",
                                      "reason_zh": f"add-year 猜测：上方没有板块标题；{guess.reason_zh()}；请核对"})
                    continue
                decisions.append({"at": at, "section": "overview", "role": "lead",
                                  "reason": "add-year guess: a paragraph above the first header (the lead); check",
                                  "reason_zh": "add-year 猜测：第一个板块标题之上的段落（导语）；请核对"})
    for sec in SECTIONS[1:]:
        if sec.keyword not in found:
            notes.append(f"no header for {sec.zh} ({sec.slug}): its paragraphs fall under the header above them; "
                         "place them with `section:` entries")
    proposed = propose(text, placer, year, lay)
    return decisions + proposed, notes


def guess_note(decisions: list[dict]) -> str | None:
    """The note that counts the machine's guesses written to the curation file (None when there is none)."""
    guesses = [d for d in decisions if d.get("reason", "").startswith("add-year guess")]
    kinds = [("caption", sum(d.get("role") == "caption" for d in guesses)),
             ("paragraph continued after a caption", sum("continues" in d for d in guesses)),
             ("paragraph placed by what it says", sum("section" in d for d in guesses if "reads like" in d["reason"]))]
    if not any(n for _, n in kinds):
        return None
    return ("guessed " + ", ".join(f"{n} {what}" for what, n in kinds if n)
            + ": check each `add-year guess` in the curation file")


def _own_comments(written: str) -> tuple[list[str], list[str]]:
    """The analyst's comment lines of a curation file: its opening block, and the others (add-year's own left out)."""
    ours = ("# Entries marked 'add-year guess'",
            "# for every kind of decision", "# Re-added with --force", "# NOTE: ", "# The previous file's own",
            "# Comments of the previous file", "# Decisions of the previous file", "# the text they name is not",
            "#   ")
    lines = written.splitlines()
    opening = 0
    while opening < len(lines) and lines[opening].lstrip().startswith("#"):
        opening += 1
    keep = lambda line: (line.lstrip().startswith("#") and not line.lstrip().startswith(ours)  # noqa: E731
                         and "(written by `reportbook add-year`)" not in line)
    return ([line for line in lines[:opening] if keep(line)],
            [line.strip() for line in lines[opening:] if keep(line)])


def curation_skeleton(year: int, text: str, encoding: str, received_as: str,
                      placer=None, previous: Curation | None = None,
                      previous_text: str = "") -> tuple[str, list[str]]:
    """The text of a new curation file, and notes for the analyst.

    With `previous` (the year's curation before `add-year --force`, written as `previous_text`), its
    source metadata, its comments and every decision that still applies to `text` are kept; the
    others are listed in the notes and kept in the file as comments, so that nothing the analyst
    wrote is lost.
    """
    decisions, notes = _guesses(text, placer, year)
    first = next((text[s:e] for s, e, _ in paragraphs(text)), "")
    source = {"year": year, "title": first[:40], "encoding": encoding, "received_as": received_as}
    kept: dict = {"paragraphs": [], "not_figures": [], "absent": []}
    dropped: list[tuple[str, dict]] = []
    if previous is not None:
        source = {**{k: v for k, v in previous.source.items()}, "encoding": encoding, "received_as": received_as}
        kept, dropped = _still_applying(previous, text)
        index = ParagraphIndex(text, paragraphs(text))
        curated = {i for d in kept["paragraphs"] for i in index.starting_with(d["at"])}
        decisions = [d for d in decisions  # a guess only where no kept decision names that paragraph
                     if not any(i in curated for i in index.starting_with(d["at"]))]
        for what, item in dropped:
            notes.append(f"no longer applies to the new text, kept as a comment in {year}.yml: {what}")
    note = guess_note(decisions)
    if note:
        notes.append(note)
    doc = {"source": source, "paragraphs": kept["paragraphs"] + decisions,
           "not_figures": kept["not_figures"], "absent": kept["absent"]}
    head = (f"# Source metadata and curation of data/reports/{year}.txt (written by `reportbook add-year`).\n"
            "# Entries marked 'add-year guess' are the machine's guesses: check each one. See data/reports/2022.yml\n"
            "# for every kind of decision (captions, moved paragraphs, continuations, not_figures, absent).\n"
            "# `reason_zh` is the reason as the book's pages show it (Chinese); `reason` may be in any language.\n"
            "# When you confirm or change a guess, edit both (or delete `reason_zh` and write `reason` in Chinese).\n")
    opening, inner = _own_comments(previous_text)
    if previous is not None:
        head += (f"# Re-added with --force: {sum(map(len, kept.values()))} decision(s) of the previous file kept, "
                 f"{len(dropped)} no longer apply (listed at the end).\n")
    head += "".join(f"# NOTE: {n}\n" for n in notes if not n.startswith("no longer applies"))
    if opening:
        head += "#\n# The previous file's own opening notes (kept verbatim):\n" + "".join(f"{c}\n" for c in opening)
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110)
    if inner:
        body += ("\n# Comments of the previous file, which stood between its entries (kept verbatim):\n"
                 + "".join(f"{c}\n" for c in inner))
    if dropped:
        old = yaml.safe_dump([item for _, item in dropped], allow_unicode=True, sort_keys=False, width=110)
        body += ("\n# Decisions of the previous file that no longer apply to the new text (the paragraph or\n"
                 "# the text they name is not in it). Re-anchor them above, or delete them:\n"
                 + "".join(f"#   {line}\n" for line in old.splitlines()))
    return head + body, notes


def _still_applying(previous: Curation, text: str) -> tuple[dict, list[tuple[str, dict]]]:
    """Split `previous`'s decisions into those that still name something in `text`, and the others."""
    index = ParagraphIndex(text, paragraphs(text))

    def names_one(opening: str | None) -> bool:
        return opening is None or len(index.starting_with(opening)) == 1

    kept: dict = {"paragraphs": [], "not_figures": [], "absent": []}
    dropped = []
    for d in previous.paragraphs:
        item = {k: v for k, v in (("at", d.at), ("section", d.section), ("role", d.role), ("continues", d.continues),
                                  ("after", d.after), ("truncated", d.truncated), ("reason", d.reason),
                                  ("reason_zh", d.reason_zh))
                if v is not None}
        if names_one(d.at) and names_one(d.continues) and names_one(d.after):
            kept["paragraphs"].append(item)
        else:
            dropped.append((f"paragraph {d.at!r} (line {d.line})", item))
    for n in previous.not_figures:
        item = {"text": n.text, "reason": n.reason, **({"reason_zh": n.reason_zh} if n.reason_zh else {})}
        if n.text in text:
            kept["not_figures"].append(item)
        else:
            dropped.append((f"not_figures {n.text!r} (line {n.line})", item))
    kept["absent"] = [{"indicator": a.indicator, "reason": a.reason, **({"reason_zh": a.reason_zh} if a.reason_zh else {})}
                      for a in previous.absent]
    return kept, dropped


def add_year(paths: Paths, year: int, source: Path, force: bool = False,
             max_chars: int = MAX_REPORT_CHARS) -> list[str]:
    """Copy and decode the report, write the curation file; return notes. Other years are untouched.

    An existing year is replaced only with `force`, and then its curation decisions that still
    apply are kept (the others are listed and kept as comments): nothing the analyst wrote is lost.
    """
    if not 1949 <= year <= 2100:
        raise ReportbookError(f"{year} does not look like a report year", "add-year YEAR", "give a year like 2023")
    if not source.is_file():
        raise ReportbookError("no such file", str(source), "give the path of the report's text file")
    target, curation = paths.report(year), paths.curation(year)
    for existing in (target, curation, paths.indicators(year)):
        if existing.exists() and not force:
            raise ReportbookError(
                f"{year} already exists ({existing.relative_to(paths.root)})", "add-year",
                f"to re-read {year} from its report, run `reportbook extract {year}`; to take in a new text "
                f"for {year}, pass --force (its curation decisions that still apply are kept, the others "
                "are listed and kept as comments; no other year is touched)")
    data = read_input(source)
    text, encoding = decode_report(data, str(source))
    check_text(text, str(source))
    if len(text) > max_chars:
        raise ReportbookError(
            f"{len(text):,} characters: an annual work report has 3,000 to 60,000, so this is several documents or "
            "the wrong file (reading and matching a text this long take minutes)", str(source),
            f"give the one report of {year}; to take in a text this long anyway, pass --max-chars {len(text)}")
    if not force:
        refuse_foreign(paths, text, str(source))
    previous, previous_text = None, ""
    if curation.exists():
        try:
            previous = load_curation(paths, year)
            previous_text = curation.read_text(encoding="utf-8")
        except ReportbookError as exc:
            raise ReportbookError(
                f"the existing curation file cannot be read, so its decisions could not be kept: {exc.what}",
                exc.where, "fix it (or move it out of data/reports/ yourself), then run add-year again") from None
    skeleton, notes = curation_skeleton(year, text, encoding, source.name, learn_from(paths, before_year=year),
                                        previous, previous_text)
    write_atomic(target, text)
    write_atomic(curation, skeleton)
    if encoding != "utf-8":
        notes.insert(0, f"decoded {source.name} as {encoding.upper()}; stored as UTF-8 in "
                        f"{target.relative_to(paths.root)}")
    return notes
