"""The blind fixtures (tests/fixtures/blind/, written without seeing the rules) read as well as measured.

The counts are those measured (see README, "Reading next year's report"); a regression fails.
`python -m tests.blind_measure -v` prints every number and every miss.
"""
from __future__ import annotations

import pytest

from tests.blind_measure import keys, measure

#: "<text>:<measure>" -> (right, total) as measured (after the changes made in response to the first
#: run; the first-run numbers are in the README). Every measure is deterministic, so the counts are
#: exact (issue 14 part 5): a change that moves one, up or down, must update it here and say why.
MEASURED = {
    "blind_2026.txt:refusal": (1, 1),
    "blind_2026.txt:placement": (42, 42),
    "blind_2026.txt:precision": (77, 77),
    "blind_2026.txt:recall": (77, 77),
    "blind_2026.txt:reading": (77, 77),
    "blind_2027.txt:refusal": (1, 1),
    "blind_2027.txt:placement": (48, 48),
    "blind_2027.txt:precision": (70, 70),
    "blind_2027.txt:recall": (70, 70),
    "blind_2027.txt:reading": (70, 70),
    "blind_2028.txt:refusal": (1, 1),
    "blind_2028.txt:placement": (47, 51),
    "blind_2028.txt:precision": (69, 69),
    "blind_2028.txt:recall": (69, 69),
    "blind_2028.txt:reading": (69, 69),
    "blind_2029.txt:refusal": (1, 1),
    "blind_2029.txt:placement": (54, 54),
    "blind_2029.txt:precision": (68, 68),
    "blind_2029.txt:recall": (68, 68),
    "blind_2029.txt:reading": (68, 68),
    "blind_2030_other_place.txt:refusal": (1, 1),
    "blind_2030_other_place.txt:precision": (47, 47),
    "blind_2030_other_place.txt:recall": (47, 47),
    "blind_2030_other_place.txt:reading": (47, 47),
    "blind_2031.txt:refusal": (1, 1),
    "blind_2031.txt:placement": (34, 34),
    "blind_2031.txt:precision": (68, 68),
    "blind_2031.txt:recall": (68, 68),
    "blind_2031.txt:reading": (68, 68),
    "blind_2032.txt:refusal": (1, 1),
    "blind_2032.txt:placement": (30, 30),
    "blind_2032.txt:precision": (66, 66),
    "blind_2032.txt:recall": (66, 66),
    "blind_2032.txt:reading": (66, 66),
    "short_r2_news_metro.txt:precision": (16, 16),
    "short_r2_news_metro.txt:recall": (16, 16),
    "short_r2_news_metro.txt:reading": (16, 16),
    "short_r2_summary_school.txt:precision": (17, 17),
    "short_r2_summary_school.txt:recall": (17, 17),
    "short_r2_summary_school.txt:reading": (17, 17),
    "short_r2_yearbook_agriculture.txt:precision": (30, 30),
    "short_r2_yearbook_agriculture.txt:recall": (30, 30),
    "short_r2_yearbook_agriculture.txt:reading": (30, 30),
    "blind_2033.txt:refusal": (1, 1),
    "blind_2033.txt:placement": (32, 32),
    "blind_2033.txt:precision": (65, 65),
    "blind_2033.txt:recall": (65, 65),
    "blind_2033.txt:reading": (65, 65),
    "short_r3_news_hospital.txt:precision": (19, 19),
    "short_r3_news_hospital.txt:recall": (19, 19),
    "short_r3_news_hospital.txt:reading": (19, 19),
    "short_r3_yearbook_industry.txt:precision": (25, 25),
    "short_r3_yearbook_industry.txt:recall": (25, 25),
    "short_r3_yearbook_industry.txt:reading": (25, 25),
    "blind_2034.txt:refusal": (1, 1),
    "blind_2034.txt:placement": (33, 34),
    "blind_2034.txt:precision": (68, 68),
    "blind_2034.txt:recall": (68, 68),
    "blind_2034.txt:reading": (68, 68),
    "short_r4_bulletin_environment.txt:precision": (23, 23),
    "short_r4_bulletin_environment.txt:recall": (23, 23),
    "short_r4_bulletin_environment.txt:reading": (23, 23),
    "short_r4_report_township.txt:precision": (17, 17),
    "short_r4_report_township.txt:recall": (17, 17),
    "short_r4_report_township.txt:reading": (17, 17),
    "short_r5_feature_village.txt:precision": (20, 20),
    "short_r5_feature_village.txt:recall": (20, 20),
    "short_r5_feature_village.txt:reading": (18, 20),
    "short_r5_news_flood.txt:precision": (21, 21),
    "short_r5_news_flood.txt:recall": (21, 21),
    "short_r5_news_flood.txt:reading": (21, 21),
    "short_r5_summary_market.txt:precision": (23, 23),
    "short_r5_summary_market.txt:recall": (23, 23),
    "short_r5_summary_market.txt:reading": (23, 23),
    "short_r5_yearbook_population.txt:precision": (30, 31),
    "short_r5_yearbook_population.txt:recall": (30, 30),
    "short_r5_yearbook_population.txt:reading": (29, 30),
    "short_news_old_temple.txt:precision": (19, 19),
    "short_news_old_temple.txt:recall": (19, 19),
    "short_news_old_temple.txt:reading": (19, 19),
    "short_news_windfarm.txt:precision": (16, 16),
    "short_news_windfarm.txt:recall": (16, 16),
    "short_news_windfarm.txt:reading": (16, 16),
    "short_summary_community.txt:precision": (23, 23),
    "short_summary_community.txt:recall": (23, 23),
    "short_summary_community.txt:reading": (23, 23),
    "short_summary_fire_safety.txt:precision": (17, 17),
    "short_summary_fire_safety.txt:recall": (17, 17),
    "short_summary_fire_safety.txt:reading": (17, 17),
    "short_yearbook_economy.txt:precision": (28, 28),
    "short_yearbook_economy.txt:recall": (28, 28),
    "short_yearbook_economy.txt:reading": (28, 28),
    "short_yearbook_health.txt:precision": (26, 26),
    "short_yearbook_health.txt:recall": (26, 26),
    "short_yearbook_health.txt:reading": (26, 26),
}


@pytest.fixture(scope="module")
def measured():
    if not keys():
        pytest.skip("no blind fixtures in tests/fixtures/blind/")
    return measure()


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_blind_floor(measured, name):
    right, total = MEASURED[name]
    if name not in measured:
        pytest.fail(f"{name}: the blind text is gone from tests/fixtures/blind/ (or its key changed form)")
    got = measured[name]
    assert got.total == total, f"{name}: the keys changed ({got.total} items, floor measured on {total})"
    assert got.right == right, f"{name}: {got}, measured {right}/{total} before:\n" + "\n".join(got.misses)
