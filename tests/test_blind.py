"""The blind fixtures (tests/fixtures/blind/, written without seeing the rules) read as well as measured.

Floors are the counts measured (see README, "Reading next year's report"); a regression fails.
`python -m tests.blind_measure -v` prints every number and every miss.
"""
from __future__ import annotations

import pytest

from tests.blind_measure import keys, measure

#: measure -> (right, total) as last measured; a change that lowers `right` fails
FLOORS = {}


@pytest.fixture(scope="module")
def measured():
    if not keys():
        pytest.skip("no blind fixtures in tests/fixtures/blind/")
    return measure()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_blind_floor(measured, name):
    right, total = FLOORS[name]
    got = measured[name]
    assert got.total == total, f"{name}: the keys changed ({got.total} items, floor measured on {total})"
    assert got.right >= right, f"{name}: {got} below the floor {right}/{total}:\n" + "\n".join(got.misses)
