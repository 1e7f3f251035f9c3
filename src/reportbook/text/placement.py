"""Propose a section for a paragraph from what it says, learned from earlier years' placed paragraphs.

A multinomial naive Bayes over words (jieba, two or more CJK characters): each section's words
come from every earlier year's paragraphs as segmented with its curation file, and from the
catalog's labels.  :meth:`Placer.guess` gives the section, its probability (0..1) and the words
that decided it, for the analyst to check: ``reads like 美丽双山 (0.82: 污染源, 扬尘, 河道)``.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from reportbook.indicators.sections import BY_SLUG, SLUGS
from reportbook.text.headers import headings, is_body

EVIDENCE = 6  # a paragraph's words count as this many independent words
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
#: words every section uses; they say nothing about which one
_STOP = frozenset("""双山 街道 全年 工作 开展 推进 持续 不断 进一步 全面 积极 坚持 实现 完成 累计 打造 奋力 建设 提升
加强 深化 强化 围绕 聚焦 落实 有效 扎实 群众 社区 村居 同比 增长 达到 其中 以上 共计 一批 各类 相关 有关 我们 今年
去年 以来 成功 取得 成效 显著 工程 项目 服务 发展""".split())


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The content words of a paragraph (jieba, CJK only, two characters or more, no stop words); cut
    once per paragraph (the missing runs read each paragraph against every missing section)."""
    import jieba

    jieba.setLogLevel(60)
    return tuple(w for w in jieba.lcut(text) if _CJK_WORD.match(w) and w not in _STOP)


@dataclass(frozen=True)
class Guess:
    """A proposed section for one paragraph."""

    section: str
    score: float            # probability of the section, 0..1
    words: tuple[str, ...]  # the words that decided it, strongest first

    def reason(self) -> str:
        """`reads like 美丽双山 (0.82: 污染源, 扬尘, 河道)`."""
        zh = BY_SLUG[self.section].zh
        return f"reads like {zh} ({self.score:.2f}: {', '.join(self.words) or 'no telling word'})"

    def reason_zh(self) -> str:
        """`读起来像美丽双山（0.82：污染源、扬尘、河道）`: the same reason in Chinese."""
        zh = BY_SLUG[self.section].zh
        return f"读起来像{zh}（{self.score:.2f}：{'、'.join(self.words) or '没有决定性的词'}）"


class Placer:
    """Word counts per section and the guess they give."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {slug: Counter() for slug in SLUGS}
        self._vocab: set[str] | None = None  # every word learned, kept between guesses
        self._totals: dict[str, int] = {}     # words counted per section, kept between guesses

    def learn(self, section: str, text: str, weight: int = 1) -> None:
        """Add the words of one placed paragraph (or catalog label) to its section."""
        for w in words(text):
            self.counts[section][w] += weight
        self._vocab, self._totals = None, {}

    @property
    def vocab(self) -> set[str]:
        if self._vocab is None:
            self._vocab = set().union(*self.counts.values())
        return self._vocab

    @property
    def trained(self) -> bool:
        return sum(sum(c.values()) for c in self.counts.values()) > 0

    def guess(self, text: str, among: tuple[str, ...] = SLUGS, prior: dict[str, float] | None = None) -> Guess | None:
        """The likeliest section for `text` (None when it has no known word).

        The words' log-likelihood is averaged and weighed as :data:`EVIDENCE` independent words (the
        words of one paragraph are not independent: summed, they make every guess look certain);
        `prior` (section -> probability) adds what is known besides the words, e.g. the header above.
        """
        read = self._read(text, among)
        if read is None:
            return None
        seen, logp, contrib = read
        if prior:
            logp = {slug: v + math.log(prior.get(slug, 1e-6)) for slug, v in logp.items()}
        top = max(logp.values())
        z = sum(math.exp(v - top) for v in logp.values())
        best = max(among, key=lambda s: (logp[s], -among.index(s)))
        score = math.exp(logp[best] - top) / z
        others = [s for s in among if s != best]

        def lift(w: str) -> float:
            rest = sum(contrib[s][w] for s in others) / max(1, len(others))
            return contrib[best][w] - rest

        decisive = sorted({w for w in seen if lift(w) > 0}, key=lambda w: (-lift(w), w))[:3]
        return Guess(best, round(score, 2), tuple(decisive))

    def loglik(self, text: str, among: tuple[str, ...] = SLUGS) -> dict[str, float] | None:
        """Each section's log-likelihood of `text`'s words, weighed as :data:`EVIDENCE` words (None: no known word)."""
        read = self._read(text, among)
        return None if read is None else read[1]

    def _read(self, text: str, among: tuple[str, ...]):
        """(known words, log-likelihood per section, each word's log-probability per section), or None."""
        vocab = self.vocab
        seen = [w for w in words(text) if w in vocab]
        if not seen:
            return None
        logp: dict[str, float] = {}
        contrib: dict[str, dict[str, float]] = {}
        for slug in among:
            c = self.counts[slug]
            if slug not in self._totals:
                self._totals[slug] = sum(c.values())
            total = self._totals[slug] + len(vocab)
            parts = {w: math.log((c[w] + 1) / total) for w in set(seen)}
            logp[slug] = EVIDENCE * sum(parts[w] for w in seen) / len(seen)
            contrib[slug] = parts
        return seen, logp, contrib


def learn_from(paths, before_year: int | None = None) -> Placer:
    """A placer trained on every year with a report and curation (before `before_year`) and the catalog."""
    from reportbook.errors import ReportbookError
    from reportbook.indicators.catalog import load_catalog
    from reportbook.text.curation import load_curation
    from reportbook.text.report import load_report
    from reportbook.text.segment import segment

    placer = Placer()
    for year in paths.years():
        if before_year is not None and year >= before_year:
            continue
        try:
            segs = segment(load_report(paths, year).text, load_curation(paths, year))
        except ReportbookError:
            continue  # a year whose curation is not settled teaches nothing
        for s in segs:
            if s.section and s.role in ("body", "lead", "closing"):
                placer.learn(s.section, s.text)
    try:
        catalog = load_catalog(paths)
    except ReportbookError:
        return placer
    for ind in catalog.indicators:
        placer.learn(ind.section, ind.label_zh, weight=2)
    return placer


CLOSING = tuple("。！？!?”’」』）)…")
THRESHOLD = 0.8  # a paragraph under a header is proposed elsewhere only this surely


def _closing(text: str, spans, year: int | None) -> set[int]:
    """Indices of the closing outlook: the last body paragraphs, when they are about the year ahead."""
    out: set[int] = set()
    for i in range(len(spans) - 1, -1, -1):
        body = text[spans[i][0]:spans[i][1]]
        if is_caption(body):
            continue
        if not is_outlook(body, year):
            break
        out.add(i)
    return out


def openings(text: str, spans) -> list[str]:
    """For each paragraph, the shortest opening (12 characters or more) that starts no other
    paragraph (the whole paragraph when there is none), found for all of them at once."""
    from reportbook.text.segment import ParagraphIndex

    return ParagraphIndex(text, spans).openings(12)


def is_caption(body: str) -> bool:
    """A photo caption: a short line without a sentence mark (it may end with a closing quote or
    bracket: 网格驿站里的“小哥议事会”)."""
    return not is_body(body) and not body.rstrip().endswith("…")  # as short as a header, no sentence mark


#: prior of a paragraph's section: the header above it, a section whose header is missing, another one
HEADER_PRIOR, MISSING_PRIOR = 0.8, 0.15
#: words of the closing outlook (the last paragraphs, about next year): they belong to the overview
OUTLOOK = ("展望", "新的一年", "明年", "下一步", "将继续", "将坚持", "将锚定", "将围绕", "再出发")


def header_prior(header: str, missing: set[str]) -> dict[str, float]:
    """Probability of each of the six sections for a paragraph below `header`, before reading it."""
    six = SLUGS[1:]
    others = [s for s in six if s != header and s not in missing]
    prior = {header: HEADER_PRIOR if missing else HEADER_PRIOR + MISSING_PRIOR}
    prior.update({s: MISSING_PRIOR / len(missing) for s in missing})
    rest = 1 - sum(prior.values())
    prior.update({s: rest / len(others) for s in others})
    return prior


def is_outlook(body: str, year: int | None) -> bool:
    """A paragraph about next year: 展望2024年, 新的一年, or the next year named with a plan."""
    return any(w in body for w in OUTLOOK) or (year is not None and f"{year + 1}年" in body[:40])


#: a run of paragraphs is moved to a section whose header is missing when, together, they read like it
#: this much more than like the header above them (a log-likelihood ratio: e^3, about 20 to 1)
RUN_MIN = 3.0
#: ... and its first paragraph, by itself, reads like the missing section this much more: a section opens
#: with a paragraph on its own subject (a run's sum alone would start it at any paragraph of no telling word)
RUN_START = 3.0


def missing_runs(blocks: list[tuple[str, list[tuple[int, str]]]], missing: set[str],
                 placer: Placer) -> dict[int, tuple[str, float]]:
    """The paragraphs of each section whose header is missing: paragraph index -> (section, run score).

    A newspaper that drops a header prints that section's paragraphs as one run after another
    section's, so for each missing section the run is the last paragraphs of one header's block (at
    least one paragraph stays with the header) whose words, summed, favour the missing section over
    the header's most: the largest sum of log-likelihood ratios over the suffixes of every block whose
    first paragraph favours it by :data:`RUN_START` alone. A run is taken when that sum reaches
    :data:`RUN_MIN`; each block holds one such run, and a run may end in the run of another missing
    section (two headers dropped one after the other), found the same way within it.
    """
    candidates = []
    for b, (header, paras) in enumerate(blocks):
        for m in sorted(missing):
            score, k = _best_suffix(paras, 1, header, m, placer)
            if k is not None:
                candidates.append((score, b, m, k))
    runs: list[tuple[int, str, int, float]] = []  # (block, section, first paragraph, score)
    used_blocks, placed = set(), set()
    for score, b, m, k in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if b not in used_blocks and m not in placed:
            used_blocks.add(b)
            placed.add(m)
            runs.append((b, m, k, score))
    inner = list(runs)
    while inner and placed != missing:  # a run that ends in another missing section's run
        b, m, k, _ = inner.pop(0)
        best = max(((*_best_suffix(blocks[b][1], k + 1, m, m2, placer), m2) for m2 in sorted(missing - placed)),
                   key=lambda c: (c[1] is not None, c[0]), default=(0.0, None, ""))
        if best[1] is not None:
            placed.add(best[2])
            runs.append((b, best[2], best[1], best[0]))
            inner.append(runs[-1])
    out: dict[int, tuple[str, float]] = {}
    for b, m, k, score in runs:  # an inner run, found later, overrides the run it ends
        for i, _ in blocks[b][1][k:]:
            out[i] = (m, score)
    return out


def _best_suffix(paras: list[tuple[int, str]], first: int, above: str, missing: str,
                 placer: Placer) -> tuple[float, int | None]:
    """(sum, start) of the suffix of `paras`, starting at `first` or later, that favours `missing` over
    `above` most, its first paragraph by RUN_START alone; (0, None) when none reaches RUN_MIN."""
    diffs = []
    for _, body in paras:
        ll = placer.loglik(body, (above, missing))
        diffs.append(0.0 if ll is None else ll[missing] - ll[above])
    best, best_k, total = 0.0, None, 0.0
    for k in range(len(diffs) - 1, first - 1, -1):  # suffixes, shortest first
        total += diffs[k]
        if total > best and diffs[k] >= RUN_START:
            best, best_k = total, k
    return (best, best_k) if best_k is not None and best >= RUN_MIN else (0.0, None)


@dataclass(frozen=True)
class Layout:
    """A text's paragraphs, the header each is or opens with, and the opening that names each one:
    read once, for add-year's guesses above the first header and :func:`propose` below it."""

    text: str
    spans: list
    heads: list
    ats: list[str]


def layout(text: str) -> Layout:
    """The :class:`Layout` of `text`."""
    from reportbook.text.segment import paragraphs

    spans = paragraphs(text)
    return Layout(text, spans, headings(text, spans), openings(text, spans))


def _walk(lay: Layout, year: int | None):
    """Each paragraph below the first header, as (index, the section of the header above it, kind, the
    last body paragraph before it): kind is `header`, `inline` (it opens with its header), `caption`,
    `continues` (the rest of a paragraph a caption cut), `closing` (the outlook) or `body`."""
    text, spans = lay.text, lay.spans
    closing = _closing(text, spans, year)
    current, last_body, after_caption = None, None, False
    for i, (s, e, _) in enumerate(spans):
        body, heading = text[s:e], lay.heads[i]
        if heading is not None:
            current, after_caption = heading.section.slug, False
            yield i, current, "inline" if heading.inline else "header", None
            last_body = i if heading.inline else None  # the paragraph that opens with its header belongs to it
            continue
        if current is None:
            continue
        if is_caption(body):
            yield i, current, "caption", last_body
            after_caption = True
            continue
        if after_caption and last_body is not None and not text[spans[last_body][0]:spans[last_body][1]].endswith(CLOSING):
            kind = "continues"
        else:
            kind = "closing" if i in closing else "body"
        yield i, current, kind, last_body
        last_body, after_caption = i, False


def _blocks(lay: Layout, year: int | None) -> list[tuple[str, list[tuple[int, str]]]]:
    """(header section, its body paragraphs as (index, text)) for each header, the paragraph that opens
    with its header included: no caption, no paragraph continued after a caption, no closing outlook."""
    blocks: list[tuple[str, list[tuple[int, str]]]] = []
    for i, current, kind, _ in _walk(lay, year):
        if kind in ("header", "inline"):
            blocks.append((current, []))
        if kind in ("inline", "body"):
            s, e, _ = lay.spans[i]
            blocks[-1][1].append((i, lay.text[s:e]))
    return blocks


def propose(text: str, placer: Placer | None, year: int | None = None, lay: Layout | None = None) -> list[dict]:
    """Curation guesses for the paragraphs below the first header: captions, paragraphs continued
    after a caption, paragraphs that read like another section than the header above them, and the
    closing outlook (`lay`: the text's :class:`Layout`, when the caller has read it already)."""
    lay = lay or layout(text)
    out: list[dict] = []
    six = SLUGS[1:]
    missing = set(six) - {h.section.slug for h in lay.heads if h}
    trained = placer is not None and placer.trained
    runs = missing_runs(_blocks(lay, year), missing, placer) if trained else {}
    for i, current, kind, last_body in _walk(lay, year):
        s, e, _ = lay.spans[i]
        body, at = text[s:e], lay.ats[i]
        if kind == "caption":
            out.append({"at": at, "role": "caption",
                        "reason": "add-year guess: a photo caption (a short line without a closing mark); check",
                        "reason_zh": "add-year 猜测：图片说明（没有句末标点的短行）；请核对"})
        elif kind == "continues":
            out.append({"at": at, "continues": lay.ats[last_body],
                        "reason": "add-year guess: continues the paragraph cut by the caption above; check",
                        "reason_zh": "add-year 猜测：接续被上方图片说明隔断的段落；请核对"})
        elif kind == "closing":
            out.append({"at": at, "section": "overview", "role": "closing",
                        "reason": "add-year guess: the closing outlook (the last paragraph, about the year ahead); check",
                        "reason_zh": "add-year 猜测：结尾的展望（最后一段，谈来年）；请核对"})
        elif kind == "body" and i in runs:
            m, score = runs[i]
            g = placer.guess(body, among=(current, m))
            said = g.words if g and g.section == m else ()
            mzh, hzh = BY_SLUG[m].zh, BY_SLUG[current].zh
            out.append({"at": at, "section": m,
                        "reason": f"add-year guess: the {mzh} header is missing; the last paragraphs under the "
                                  f"{hzh} header read like {mzh} together (log-odds {score:.1f})"
                                  + (f"; this one: {', '.join(said)}" if said else "") + "; check",
                        "reason_zh": f"add-year 猜测：缺少{mzh}的板块标题；{hzh}标题下的最后几段合起来读起来像{mzh}"
                                     f"（对数几率 {score:.1f}）" + (f"；本段：{'、'.join(said)}" if said else "")
                                     + "；请核对"})
        elif kind == "body" and trained:
            g = placer.guess(body, among=six, prior=header_prior(current, missing))
            if g and g.section != current and g.score >= THRESHOLD:
                out.append({"at": at, "section": g.section, "reason": f"add-year guess: {g.reason()}; check",
                            "reason_zh": f"add-year 猜测：{g.reason_zh()}；请核对"})
    return out
