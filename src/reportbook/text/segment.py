"""Split a report into paragraphs and place each in a section, a caption, or noise."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from reportbook.text.curation import Curation, ParagraphDecision
from reportbook.errors import CheckFailed, ReportbookError
from reportbook.indicators.sections import SLUGS
from reportbook.text.headers import headings

ROLE_ORDER = {"masthead": 0, "header": 1, "lead": 2, "body": 3, "closing": 9}


@dataclass(frozen=True)
class Segment:
    """One paragraph of the report and where it belongs."""

    index: int          # position in the text (0-based, counting non-blank lines)
    start: int          # offset of its first non-blank character
    end: int            # offset after its last non-blank character
    text: str
    line: int           # 1-based line in the report file
    role: str           # masthead | header | lead | body | closing | caption | noise
    section: str | None  # a section slug; None for captions and noise
    reason: str         # why it is here ("header", "below the 活力 header", or the curation reason)
    after: int | None = None      # index of the paragraph it follows in reading order
    continues: bool = False       # True when it continues the text of `after` (a split paragraph)
    truncated: str | None = None  # start | end | both
    reason_zh: str = ""           # the reason in Chinese, as reader pages show it (the curation's reason_zh, else reason)
    curated: bool = False         # placed by a decision of the curation file (not by the header rule)


def paragraphs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, line) of each non-blank line, stripped of surrounding white space."""
    out, offset = [], 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = offset + body.index(stripped)
            out.append((start, start + len(stripped), number))
        offset += len(raw)
    return out


def next_paragraph(text: str, spans, i: int) -> str:
    """The paragraph after paragraph i ("" after the last)."""
    return text[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""


class ParagraphIndex:
    """The paragraphs sorted by their text: those that start with a given opening are neighbours
    there, found by bisection instead of by reading every paragraph for every opening."""

    def __init__(self, text: str, spans) -> None:
        self.bodies = [text[s:e] for s, e, _ in spans]
        self.order = sorted(range(len(self.bodies)), key=self.bodies.__getitem__)
        self.sorted = [self.bodies[i] for i in self.order]

    def starting_with(self, opening: str) -> list[int]:
        """Indices (in text order) of the paragraphs that start with `opening`."""
        k = bisect.bisect_left(self.sorted, opening)
        hits = []
        while k < len(self.sorted) and self.sorted[k].startswith(opening):
            hits.append(self.order[k])
            k += 1
        return sorted(hits)

    def openings(self, shortest: int = 12) -> list[str]:
        """For each paragraph, its shortest opening (`shortest` characters or more) that starts no
        other paragraph; the whole paragraph when every opening of it starts another one too."""
        shared = [0] * len(self.bodies)  # the longest opening each paragraph shares with another
        for a, b in zip(self.order, self.order[1:]):  # the longest shared opening is with a neighbour
            n = _common_prefix(self.bodies[a], self.bodies[b])
            shared[a], shared[b] = max(shared[a], n), max(shared[b], n)
        out = []
        for body, n in zip(self.bodies, shared):
            k = max(min(shortest, len(body)), n + 1)
            out.append(body[:k] if k <= len(body) else body)
        return out


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common opening of a and b."""
    n = 0
    step = 64
    limit = min(len(a), len(b))
    while n < limit:  # whole stretches at a time, then character by character
        m = min(step, limit - n)
        if a[n:n + m] == b[n:n + m]:
            n += m
            continue
        while a[n] == b[n]:
            n += 1
        return n
    return n


def starting_with(text: str, spans, opening: str, index: ParagraphIndex | None = None) -> list[int]:
    """The paragraphs that start with `opening`; a paragraph that is exactly `opening` wins
    (a whole paragraph that starts another, such as `:::` before `::: {note}`, is still named)."""
    hits = (index or ParagraphIndex(text, spans)).starting_with(opening)
    whole = [i for i in hits if spans[i][1] - spans[i][0] == len(opening)]
    return whole if len(hits) > 1 and len(whole) == 1 else hits


def _decisions_by_paragraph(text, spans, curation: Curation, index: ParagraphIndex) -> dict[int, ParagraphDecision]:
    """Map each curation decision to the one paragraph whose text starts with its `at`."""
    found: dict[int, ParagraphDecision] = {}
    for decision in curation.paragraphs:
        hits = starting_with(text, spans, decision.at, index)
        where = f"{curation.where}:{decision.line}"
        if not hits:
            raise ReportbookError(
                f"no paragraph of the report starts with {decision.at!r}", where,
                "copy the first characters of the paragraph exactly as they stand in the report",
            )
        if len(hits) > 1:
            lines = ", ".join(str(spans[i][2]) for i in hits)
            raise ReportbookError(
                f"{decision.at!r} starts {len(hits)} paragraphs (report lines {lines})", where,
                "quote more of the paragraph's opening so that it names one paragraph",
            )
        if hits[0] in found:
            raise ReportbookError(
                f"paragraph at report line {spans[hits[0]][2]} is curated twice", where, "keep one entry for it"
            )
        found[hits[0]] = decision
    return found


def _find(text: str, spans, opening: str, where: str, index: ParagraphIndex | None = None) -> int:
    """Index of the one paragraph starting with `opening`."""
    hits = starting_with(text, spans, opening, index)
    if len(hits) != 1:
        raise ReportbookError(
            f"{opening!r} starts {len(hits)} paragraphs of the report, not one", where,
            "copy enough of the opening characters of the paragraph to name exactly one",
        )
    return hits[0]


def segment(text: str, curation: Curation) -> list[Segment]:
    """Place every paragraph: by its header, the curation file, or the nearest header above it."""
    spans = paragraphs(text)
    index = ParagraphIndex(text, spans)
    decisions = _decisions_by_paragraph(text, spans, curation, index)
    segments: list[Segment] = []
    current: str | None = None
    current_header = ""
    problems: list[str] = []
    heads = headings(text, spans)
    for i, (start, end, line) in enumerate(spans):
        body = text[start:end]
        heading = heads[i]
        decision = decisions.get(i)
        if heading is not None:
            current = heading.section.slug
            current_header = heading.section.keyword
        if heading is not None and not heading.inline:
            role, section, reason = "header", current, "section header"
            reason_zh = "板块标题"
        elif heading is not None:
            role, section, reason = "body", current, f"opens with the {current_header} header"
            reason_zh = f"段首是{current_header}的板块标题"
        else:
            role, section, reason = "body", current, f"below the {current_header} header" if current else ""
            reason_zh = f"位于{current_header}标题之下" if current else ""
        after = None
        if decision:
            reason, reason_zh = decision.reason, decision.reason_zh or decision.reason
            role = decision.role or role
            target = decision.continues or decision.after
            if target:
                after = _find(text, spans, target, f"{curation.where}:{decision.line}", index)
                section = section if decision.section else None
            section = decision.section or section
            if role in ("caption", "noise"):
                section = None
        if section is None and role not in ("caption", "noise") and after is None:
            problems.append(
                f"report line {line}: paragraph {body[:12]!r}… stands before any section header and is not curated; "
                f"add it to {curation.where} under `paragraphs:` with a section or `role: caption`/`noise`"
            )
        segments.append(Segment(i, start, end, body, line, role, section, reason, after,
                                bool(decision and decision.continues), decision.truncated if decision else None,
                                reason_zh, decision is not None))
    # A paragraph placed after another belongs to its section unless the curation names one.
    segments = [
        s if s.after is None or s.section else Segment(**{**s.__dict__, "section": segments[s.after].section})
        for s in segments
    ]
    if problems:
        raise CheckFailed(problems, curation.where)
    return segments


def reading_order(segments: list[Segment]) -> list[Segment]:
    """Sections in book order; within one: masthead, header, lead, body, closing; a paragraph
    with `after` comes right after the paragraph it follows."""
    placed = [s for s in segments if s.section]
    after: dict[int, list[Segment]] = {}
    for s in placed:
        if s.after is not None:
            after.setdefault(s.after, []).append(s)
    out: list[Segment] = []

    def emit(seg: Segment) -> None:
        out.append(seg)
        for follower in after.get(seg.index, []):
            emit(follower)

    for slug in SLUGS:
        own = [s for s in placed if s.section == slug and s.after is None]
        for seg in sorted(own, key=lambda s: (ROLE_ORDER.get(s.role, 3), s.index)):
            emit(seg)
    return out


def unaccounted(text: str, segments: list[Segment]) -> list[str]:
    """Non-blank characters not covered by exactly one segment (should be none)."""
    cover = [0] * len(text)
    for s in segments:
        for k in range(s.start, s.end):
            cover[k] += 1
    return [
        f"offset {k}: {text[k]!r} is in {cover[k]} segments"
        for k, ch in enumerate(text) if not ch.isspace() and cover[k] != 1
    ]
