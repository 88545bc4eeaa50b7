"""What staff can see of feedback: every page of the dashboard, as a test
reads it (for the privacy tests: what must never be on any of them)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import time_machine

from tests.staff_helpers import sign_in


def everything_staff_see(app, email: str, moment: dt.datetime, centre: str = "demo") -> str:
    """The dashboard, every group's page and the CSV, in every column, as one text."""
    return "\n".join(pages_by_column(app, email, moment, centre).values())


def pages_by_column(app, email: str, moment: dt.datetime, centre: str = "demo") -> dict[str, str]:
    """For each column ("all", each language, each quarter): its overview,
    every group's page and its CSV, as one text."""
    with time_machine.travel(moment, tick=False):
        staff = app.test_client()
        assert sign_in(staff, email).status_code == 302

        def get(url: str) -> str:
            response = staff.get(url)
            assert response.status_code == 200, url
            return response.get_data(as_text=True)

        seen = {}
        for column in _options(get(f"/staff/feedback?centre={centre}")):
            overview = get(f"/staff/feedback?centre={centre}&show={column}")
            seen[column] = "\n".join([
                overview,
                get(f"/staff/feedback.csv?centre={centre}&show={column}"),
                *(get(f"/staff/feedback/groups/{group}?centre={centre}&show={column}")
                  for group in _group_links(overview)),
            ])
    return seen


def _options(html: str) -> list[str]:
    return re.findall(r'<option value="([a-z0-9-]+)"', html.split('name="show"', 1)[1].split("</select>", 1)[0])


def _group_links(html: str) -> list[str]:
    return sorted(set(re.findall(r"/staff/feedback/groups/([a-z0-9-]+)\?", html)))


def csv_rows(app, email: str, moment: dt.datetime, centre: str = "demo", column: str = "all") -> dict[str, dict]:
    with time_machine.travel(moment, tick=False):
        staff = app.test_client()
        sign_in(staff, email)
        text = staff.get(f"/staff/feedback.csv?centre={centre}&show={column}").get_data(as_text=True)
    return {row["Kind"] + ":" + row["Group"]: row for row in csv.DictReader(io.StringIO(text))}
