"""The sections of a report: slug, Chinese and English names, header pattern."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One chapter of the book: the overview or one of the "six Shuangshans"."""

    slug: str
    zh: str
    en: str
    keyword: str  # the character pair in the header "…奋力打造<keyword>双山"


SECTIONS: tuple[Section, ...] = (
    Section("overview", "总体", "Overview", ""),
    Section("vibrant", "活力双山", "Vibrant Shuangshan", "活力"),
    Section("prosperous", "富裕双山", "Prosperous Shuangshan", "富裕"),
    Section("happy", "幸福双山", "Happy Shuangshan", "幸福"),
    Section("civilized", "文明双山", "Civilized Shuangshan", "文明"),
    Section("beautiful", "美丽双山", "Beautiful Shuangshan", "美丽"),
    Section("safe", "平安双山", "Safe Shuangshan", "平安"),
)

SLUGS: tuple[str, ...] = tuple(s.slug for s in SECTIONS)
BY_SLUG: dict[str, Section] = {s.slug: s for s in SECTIONS}
BY_KEYWORD: dict[str, Section] = {s.keyword: s for s in SECTIONS if s.keyword}


def section(slug: str) -> Section:
    """Return the section for `slug`, or raise a KeyError listing the valid slugs."""
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise KeyError(f"unknown section {slug!r}; valid sections: {', '.join(SLUGS)}") from None
