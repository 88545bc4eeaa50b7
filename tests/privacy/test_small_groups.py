"""A property over random centres (docs/design.md, rule 3): whatever the tree
of series, meetings, pages, languages and months, no comment or wish of a
group of 1 to 4 responses is on any page of the dashboard or in the CSV, in
any filter; every figure shown counts 5 or more; and no shown figure minus
the shown figures under it leaves 1 to 4."""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re

import pytest
from sqlalchemy import select

from models import Centre, Feedback, Meeting, MeetingSeries, Page
from tests.feedback.test_feedback_suppression import leaks
from tests.privacy.dashboard import pages_by_column
from tests.staff_helpers import make_user
from webapp.feedback.summary import summarize
from webapp.feedback.suppression import MIN_GROUP

NOW = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0)
SIZES = [0, 0, 1, 2, 3, 4, 5, 6, 8, 13]
LANGUAGES = ["ar", "ti", "uk", "prs"]
SEEDS = 25


def month_back(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, 10)


def random_centre(db_session, rng: random.Random, seed: int) -> tuple[Centre, list[tuple[Feedback, tuple]]]:
    """A new centre with random feedback; each row with its unit: (target, period)."""
    centre = Centre(slug=f"prop{seed}", name=f"Centre {seed}")
    db_session.add(centre)
    db_session.flush()
    series = [MeetingSeries(centre_id=centre.id, name=f"Series {seed}-{n}") for n in range(rng.randint(0, 2))]
    db_session.add_all(series)
    meetings = []
    for n in range(rng.randint(1, 5)):
        starts = NOW - dt.timedelta(days=rng.randint(1, 200), hours=n)
        meetings.append(Meeting(centre_id=centre.id, series=rng.choice([None, *series]), starts_at=starts,
                                ends_at=starts + dt.timedelta(hours=1)))
    db_session.add_all(meetings)
    db_session.flush()
    pages = rng.sample(list(db_session.scalars(select(Page).where(Page.published.is_(True)))), rng.randint(1, 4))
    rows = []
    count = 0

    def add(unit: tuple, received_on: dt.date, **target) -> None:
        nonlocal count
        for _ in range(rng.choice(SIZES)):
            row = Feedback(centre_id=centre.id, rating=rng.randint(1, 5), lang=rng.choice(LANGUAGES),
                           comment=f"tok{seed}x{count}c", wish=rng.choice([None, f"tok{seed}x{count}w"]),
                           received_on=received_on, **target)
            count += 1
            rows.append((row, unit))

    for meeting in meetings:
        add(("meeting", meeting.id), meeting.starts_at.date(), target="meeting", meeting_id=meeting.id)
    for months in range(0, 6):
        day = month_back(NOW.date(), months)
        for page in pages:
            add((f"page-{page.id}", day), day, target="page", page_id=page.id)
        add(("general", day), day, target="centre")
    db_session.add_all(row for row, _unit in rows)
    db_session.flush()
    return centre, rows


def small_units(rows) -> tuple[set[str], dict[str, set[str]]]:
    """Words of every unit (group x period) of 1 to 4 responses, and per
    language the words of every unit x language of 1 to 4."""
    by_unit, by_language = {}, {}
    for row, unit in rows:
        by_unit.setdefault(unit, []).append(row)
        by_language.setdefault((unit, row.lang), []).append(row)
    words = {unit: {w for r in found for w in (r.comment, r.wish) if w} for unit, found in by_unit.items()}
    small = {w for unit, found in by_unit.items() if 0 < len(found) < MIN_GROUP for w in words[unit]}
    small_in = {}
    for (_unit, lang), found in by_language.items():
        if 0 < len(found) < MIN_GROUP:
            small_in.setdefault(f"lang-{lang}", set()).update(w for r in found for w in (r.comment, r.wish) if w)
    return small, small_in


def shown_figures(csv_text: str) -> dict[str, int]:
    return {row["Group"]: int(row["Responses"]) for row in csv.DictReader(io.StringIO(csv_text)) if row["Responses"]}


@pytest.mark.parametrize("seed", range(SEEDS))
def test_no_group_of_1_to_4_is_shown_anywhere(app, db_session, seed):
    rng = random.Random(seed)
    centre, rows = random_centre(db_session, rng, seed)
    nurse = make_user(db_session, "nurse", email=f"nurse{seed}@test.example")
    nurse.centres = [centre]
    db_session.flush()

    seen = pages_by_column(app, nurse.email, NOW, centre.slug)
    small, small_in = small_units(rows)
    for column, text in seen.items():
        found = set(re.findall(rf"tok{seed}x\d+[cw]", text))
        assert not found & small, (column, sorted(found & small))
        assert not found & small_in.get(column, set()), (column, sorted(found & small_in[column]))
        start = text.index("Group,Kind,Responses")
        csv_text = text[start:text.find("<!doctype", start)]
        figures = shown_figures(csv_text)
        assert all(n == 0 or n >= MIN_GROUP for n in figures.values()), (column, figures)  # 0 is no one
    # Words of this month's page and centre feedback are nowhere yet.
    this_month = {w for row, unit in rows if unit[0] != "meeting" and row.received_on.month == NOW.month
                  for w in (row.comment, row.wish) if w}
    assert not this_month & set(re.findall(rf"tok{seed}x\d+[cw]", "\n".join(seen.values())))


@pytest.mark.parametrize("seed", range(SEEDS))
def test_every_figure_is_a_sum_of_period_figures_that_no_subtraction_can_open(app, db_session, seed):
    """Each period (a meeting, a month) is its own table: no one subtraction
    within it reveals a small or hidden cell (checked by the independent
    checker of test_feedback_suppression). A dashboard figure is a sum of
    shown period cells only, so no figure across periods holds a hidden one."""
    rng = random.Random(1000 + seed)
    centre, _rows = random_centre(db_session, rng, 1000 + seed)
    with app.test_request_context():
        summary = summarize(db_session, centre, ["en"])
    for period, table in summary.periods.items():
        counts = {cell: len(rows) for cell, rows in table.rows.items()}
        assert leaks(counts, table.sums, table.hidden) == [], period
    for column in summary.columns:
        for group in summary.groups:
            cell = summary.cell(group, column)
            assert cell.count == 0 or cell.count >= MIN_GROUP
            assert not (cell.hidden and cell.rows)

