"""A flood (one client, as fast as it can, 30 seconds, 127.0.0.1 only)
against gunicorn with SQLite, while a nurse signs in and saves pages and a
resident's phone sends feedback: scripts/bench_flood.py, with its checks."""
from __future__ import annotations

import pytest

from scripts import bench_flood

pytestmark = pytest.mark.browser


def test_a_flood_stores_no_more_than_the_budget_and_nobody_else_notices(browser, tmp_path):
    figures = bench_flood.run(None, tmp_path, browser)
    print("\n".join(figures.lines()))
    assert figures.flood_rows <= bench_flood.allowed_rows()  # docs/robustness.md: the centre's budget
    assert figures.statuses.get(429, 0) > 0.9 * figures.requests and set(figures.statuses) <= {200, 429}
    assert figures.phone_rows == 1  # sent during the flood, stored exactly once
    assert figures.staff_failures == []
    assert len(figures.sign_ins) == len(figures.saves) == bench_flood.STAFF_ACTIONS
