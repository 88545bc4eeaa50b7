"""docs/design.md, rule 3: no figure for a group smaller than 5 responses, not even by
subtraction between overlapping groups or between a filter and the whole;
the dashboard, its detail pages and the CSV export hide the same cells."""
from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest
from sqlalchemy import select

from models import Centre, Feedback, Meeting, MeetingSeries
from webapp.feedback.suppression import MIN_GROUP, PROTECTS, SMALL, Sum, suppress

TODAY = dt.date.today()


# --- the rule itself ------------------------------------------------------


def leaks(counts: dict, sums: list[Sum], hidden: dict) -> list[str]:
    """Every way one subtraction could reveal a hidden figure or a small group."""
    found = []
    for one in sums:
        cells = [one.total, *one.parts]
        hidden_cells = [c for c in cells if c in hidden]
        if len(hidden_cells) == 1:
            found.append(f"{hidden_cells[0]} = worked out from {one}")
        if one.total not in hidden:
            rest = sum(counts[p] for p in one.parts if p in hidden)
            if 0 < rest < MIN_GROUP:
                found.append(f"hidden parts of {one} sum to {rest}")
    shown_small = [c for c, n in counts.items() if 0 < n < MIN_GROUP and c not in hidden]
    return found + [f"{c} shown with {counts[c]}" for c in shown_small]


def test_a_series_of_7_with_meetings_of_5_and_2_hides_both_meetings():
    counts = {"series": 7, "a": 5, "b": 2}
    sums = [Sum("series", ("a", "b"))]
    assert leaks(counts, sums, {c: SMALL for c, n in counts.items() if 0 < n < MIN_GROUP})  # hiding b alone leaks
    assert suppress(counts, sums) == {"b": SMALL, "a": PROTECTS}


def test_the_hidden_parts_together_may_be_shown_as_a_group_of_5_or_more():
    counts = {"all": 20, "a": 12, "b": 3, "c": 2, "d": 3}
    hidden = suppress(counts, [Sum("all", ("a", "b", "c", "d"))])
    assert hidden == {"b": SMALL, "c": SMALL, "d": SMALL}  # 3 + 2 + 3 = 8: nobody is exposed


def test_a_total_smaller_than_5_hides_everything_under_it():
    counts = {"all": 4, "a": 4, "b": 0}
    assert suppress(counts, [Sum("all", ("a", "b"))]) == {"all": SMALL, "a": SMALL}


def test_random_tables_never_leak_by_one_subtraction():
    """Trees of groups crossed with a filter (like the dashboard's languages):
    after suppression no sum reveals a small group or a hidden cell."""
    for seed in range(500):
        counts, sums = random_table(random.Random(seed))
        assert leaks(counts, sums, suppress(counts, sums)) == [], seed


def random_table(rng: random.Random) -> tuple[dict, list[Sum]]:
    leaves = [f"leaf{i}" for i in range(rng.randint(1, 6))]
    parents = {leaf: rng.choice(["p0", "p1"]) for leaf in leaves}
    columns = ["x", "y", "z"][: rng.randint(1, 3)]
    counts, sums = {}, []
    for leaf in leaves:
        for column in columns:
            counts[(leaf, column)] = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 13])
    for column in columns:
        for parent in ("p0", "p1"):
            kids = [leaf for leaf in leaves if parents[leaf] == parent]
            counts[(parent, column)] = sum(counts[(k, column)] for k in kids)
            sums.append(Sum((parent, column), tuple((k, column) for k in kids)))
        counts[("root", column)] = counts[("p0", column)] + counts[("p1", column)]
        sums.append(Sum(("root", column), (("p0", column), ("p1", column))))
    for node in [*leaves, "p0", "p1", "root"]:
        counts[(node, "all")] = sum(counts[(node, c)] for c in columns)
        sums.append(Sum((node, "all"), tuple((node, c) for c in columns)))
    for parent in ("p0", "p1"):
        kids = [leaf for leaf in leaves if parents[leaf] == parent]
        sums.append(Sum((parent, "all"), tuple((k, "all") for k in kids)))
    sums.append(Sum(("root", "all"), (("p0", "all"), ("p1", "all"))))
    return counts, sums


# --- the dashboard -----------------------------------------------------------


def add_feedback(db_session, meeting, n, lang="ar", comment="kommentar"):
    for i in range(n):
        db_session.add(Feedback(
            centre_id=meeting.centre_id, target="meeting", meeting_id=meeting.id, rating=1 + i % 5,
            comment=f"{comment} {i}", lang=lang, received_on=TODAY,
        ))
    db_session.flush()


@pytest.fixture()
def series(db_session):
    """A series of two meetings, with nothing else at the centre."""
    centre = Centre(slug="quiet", name="Quiet centre")
    db_session.add(centre)
    db_session.flush()
    series = MeetingSeries(centre_id=centre.id, name="Helsedialog")
    db_session.add(series)
    meetings = []
    for day in (1, 2):
        starts = dt.datetime.now(dt.UTC) - dt.timedelta(days=day)
        meeting = Meeting(centre_id=centre.id, series=series, starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
        db_session.add(meeting)
        meetings.append(meeting)
    db_session.flush()
    return centre, meetings


@pytest.fixture()
def nurse(staff_client, db_session, series):
    from models import User

    client = staff_client("nurse")
    user = db_session.scalars(select(User).order_by(User.id.desc())).first()
    user.centres.append(series[0])
    db_session.flush()
    return client


def overview(nurse, **params) -> str:
    response = nurse.get("/staff/feedback", query_string={"centre": "quiet", **params})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def export(nurse, **params) -> list[dict]:
    return export_from(nurse, "quiet", **params)


def detail(nurse, group, **params) -> str:
    response = nurse.get(f"/staff/feedback/groups/{group}", query_string={"centre": "quiet", **params})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_meeting_with_4_responses_shows_no_figures_and_no_comments(db_session, series, nurse):
    _centre, (meeting, _other) = series
    add_feedback(db_session, meeting, 4, comment="hemmelig")

    page = detail(nurse, f"meeting-{meeting.id}")
    assert "Hidden: fewer than 5 responses." in page
    assert "hemmelig" not in page and "4 responses" not in page
    assert "hemmelig" not in detail(nurse, "centre") and "hemmelig" not in detail(nurse, "meetings")
    assert "hemmelig" not in overview(nurse)
    rows = export(nurse)
    assert rows and all(row["Responses"] == "" for row in rows)  # every group holds the same 4
    assert all(row["Note"] for row in rows)


def test_a_meeting_of_2_counts_nowhere_so_no_subtraction_can_reveal_it(db_session, series, nurse):
    _centre, (five, two) = series
    add_feedback(db_session, five, 5, comment="fem")
    add_feedback(db_session, two, 2, comment="to")

    by_group = {row["Group"]: row for row in export(nurse)}
    meeting_rows = {row["Responses"]: row for row in by_group.values() if row["Kind"] == "meeting"}
    assert set(meeting_rows) == {"5", ""}  # each meeting is released on its own
    assert meeting_rows[""]["Note"] == "Hidden: fewer than 5 responses."
    # The series and the centre count only what is shown: 5, not 7, so 7 - 5 = 2 is never there.
    assert by_group["Helsedialog"]["Responses"] == "5" and by_group["Quiet centre"]["Responses"] == "5"
    assert by_group["Helsedialog"]["Note"].startswith("Some responses are not counted here")
    assert "fem 0" in detail(nurse, f"meeting-{five.id}")
    series_page = detail(nurse, f"series-{five.series_id}")
    assert "5 responses" in series_page and "fem 0" in series_page and "to 1" not in series_page


def test_a_language_filter_cannot_reveal_the_few_who_used_another_language(db_session, series, nurse):
    _centre, (meeting, other) = series
    add_feedback(db_session, meeting, 5, lang="ar")
    add_feedback(db_session, meeting, 2, lang="ti", comment="tigrinya")
    add_feedback(db_session, other, 6, lang="ar")

    everything = {row["Group"]: row["Responses"] for row in export(nurse)}
    arabic = {row["Group"]: row["Responses"] for row in export(nurse, show="lang-ar")}
    tigrinya = {row["Group"]: row["Responses"] for row in export(nurse, show="lang-ti")}
    for group, total in everything.items():
        assert not (total and arabic.get(group) and int(total) - int(arabic[group]) in range(1, MIN_GROUP)), group
        assert tigrinya[group] in ("", "0")  # 2 people: never shown, in any group (0 is no one)
    assert "tigrinya" not in overview(nurse, show="lang-ti")
    for group in ("centre", "meetings", f"series-{meeting.series_id}", f"meeting-{meeting.id}"):
        assert "tigrinya" not in detail(nurse, group, show="lang-ti")


def test_shown_groups_have_their_figures_and_comments(db_session, series, nurse):
    _centre, (meeting, _other) = series
    add_feedback(db_session, meeting, 6, comment="synlig")
    page = detail(nurse, f"meeting-{meeting.id}")
    assert "6 responses" in page and "synlig 5" in page
    assert '<svg class="rating-chart"' in page
    row = next(row for row in export(nurse) if row["Kind"] == "meeting" and row["Responses"])
    assert [row[f"Rating {n}"] for n in range(1, 6)] == ["2", "1", "1", "1", "1"]


def test_a_long_list_of_comments_comes_a_page_at_a_time(db_session, series, nurse):
    _centre, (meeting, _other) = series
    add_feedback(db_session, meeting, 120, comment="flom")
    first = detail(nurse, f"meeting-{meeting.id}")
    assert "Comments (120)" in first and "1–50 of 120" in first
    assert first.count('<li class="comment') == 50 and len(first) < 60_000
    assert "flom 0<" in first and "flom 99<" not in first  # text order: 0, 1, 10, 100, 101, ...
    last = detail(nurse, f"meeting-{meeting.id}", comments="3")
    assert "101–120 of 120" in last and last.count('<li class="comment') == 20 and "flom 99<" in last
    assert 'comments=2' in last and "comments=4" not in last
    for asked in ["0", "99", "-1", "x", "²"]:  # what nobody asks for in a link: the nearest page, not an error
        assert "of 120" in detail(nurse, f"meeting-{meeting.id}", comments=asked)


def test_a_hidden_comment_leaves_the_list_but_still_counts(db_session, series, nurse):
    from tests.staff_helpers import csrf_token

    _centre, (meeting, _other) = series
    add_feedback(db_session, meeting, 5, comment="navn")
    row = db_session.scalar(select(Feedback).where(Feedback.comment == "navn 0"))
    response = nurse.post(f"/staff/feedback/comments/{row.id}", data={
        "action": "hide", "csrf_token": csrf_token(nurse), "next": f"/staff/feedback/groups/meeting-{meeting.id}",
    })
    assert response.status_code == 302
    page = detail(nurse, f"meeting-{meeting.id}")
    assert "navn 0" not in page and "navn 1" in page and "5 responses" in page
    assert nurse.post(f"/staff/feedback/comments/{row.id}", data={
        "action": "explode", "csrf_token": csrf_token(nurse)}).status_code == 400


def test_staff_of_another_centre_see_nothing_of_this_one(db_session, series, staff_client):
    _centre, (meeting, _other) = series
    add_feedback(db_session, meeting, 6, comment="annet senter")
    outsider = staff_client("host")  # works at no centre here
    assert "annet senter" not in outsider.get("/staff/feedback?centre=quiet").get_data(as_text=True)
    row = db_session.scalar(select(Feedback).where(Feedback.comment == "annet senter 0"))
    from tests.staff_helpers import csrf_token
    assert outsider.post(f"/staff/feedback/comments/{row.id}",
                         data={"action": "hide", "csrf_token": csrf_token(outsider)}).status_code == 403


def test_the_demo_feedback_shows_figures_and_hides_what_is_small(db_session, staff_client):
    from webapp.demo.seed import seed_demo_feedback

    assert seed_demo_feedback(db_session) == 14
    assert seed_demo_feedback(db_session) == 0  # once
    nurse = staff_client("nurse")
    rows = {row["Kind"]: row for row in export_from(nurse, "demo")}
    assert rows["meeting"]["Responses"] == "8" and rows["page"]["Responses"] == "6"  # last month's: released
    assert rows["centre"]["Responses"] == "14"
    languages = {row["Kind"]: row["Responses"] for row in export_from(nurse, "demo", show="lang-ar")}
    # 3 Arabic at the meeting and 2 on the page, in two periods: neither is shown, nor is their sum.
    assert languages["meeting"] == "" and languages["centre"] == ""


def test_a_title_that_looks_like_a_formula_stays_text_in_the_spreadsheet(db_session, series, nurse):
    _centre, (meeting, _other) = series
    meeting.series.name = '=HYPERLINK("https://evil.example","Click")'
    add_feedback(db_session, meeting, 5)
    labels = [row["Group"] for row in export(nurse)]
    assert "'=HYPERLINK(\"https://evil.example\",\"Click\")" in labels
    assert not any(label[:1] in "=+-@" for label in labels)


def export_from(client, centre: str, **params) -> list[dict]:
    response = client.get("/staff/feedback.csv", query_string={"centre": centre, **params})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
