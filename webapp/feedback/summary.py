"""The dashboard's figures for one centre, released so that nobody can single
out a resident by adding made-up responses (docs/design.md, rule 3;
docs/privacy.md).

Feedback is released in periods, each a table of its own:

- feedback on a **meeting** belongs to that meeting, and is released at once:
  only someone who checked in there can give it (proof of presence, see
  submit.py), and a meeting takes no more responses than check-ins;
- feedback on an **info page** or on **the centre**, which anyone can send,
  belongs to the calendar month it arrived in, and is released when that
  month is over. Made-up responses sent after a month ended land in a later
  month: they can never complete a small group of an earlier one.

Within a period, the groups form a tree (the centre > all meetings > a
series > a meeting; the centre > all info pages > a page; the centre > the
centre in general), each counted in every language; ``suppression`` hides a
group of fewer than 5 and whatever would let it be worked out. A group's
figure on the dashboard is the sum of its *shown* period figures, so no sum
ever contains a hidden one; a comment is listed only where its own group
(meeting, page, or the centre in general) is shown in its period.
Comments are listed in the order of their text, with nothing about when or
in which language they came. Every view and the CSV export read one
``Summary``, so they all hide the same cells.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Centre, Feedback, Meeting, Page, PageRevision
from models.feedback import INTERPRETER_ANSWERS, NEXT_TIME_ANSWERS, RATINGS
from webapp import clock
from webapp.feedback.suppression import PROTECTS, SMALL, Sum, suppress

ALL = "all"


@dataclass
class Group:
    key: str
    kind: str  # centre, meetings, series, meeting, pages, page, general
    label: str
    parent: str | None
    when: dt.datetime | None = None  # a meeting's start, for its label
    children: list[str] = field(default_factory=list)
    depth: int = 0


@dataclass(frozen=True)
class Period:
    key: str  # "meeting-12" or "month-2026-11"
    quarter: str


@dataclass
class PeriodTable:
    """One period's cells, (group, column) -> responses, and those hidden, with why."""

    rows: dict[tuple, list[Feedback]]
    hidden: dict[tuple, str]
    sums: list[Sum]


@dataclass
class Figures:
    """What a shown cell says."""

    count: int
    ratings: dict[int, int]
    rated: int
    mean: float | None
    interpreter: dict[str, int]
    next_time: dict[str, int]
    wishes: list[Feedback]
    comments: list[Feedback]


@dataclass
class Cell:
    group: Group
    column: str
    rows: list[Feedback]  # the shown responses
    hidden: str | None  # nothing shown: suppression.SMALL or suppression.PROTECTS
    partial: bool  # some of the group's responses in this column are not shown
    listed: list[Feedback]  # responses whose words may be listed here

    @property
    def count(self) -> int:
        return len(self.rows)

    def figures(self) -> Figures | None:
        if self.hidden:
            return None
        ratings = Counter(row.rating for row in self.rows if row.rating)
        rated = sum(ratings.values())
        return Figures(
            count=self.count,
            ratings={value: ratings.get(value, 0) for value in RATINGS},
            rated=rated,
            mean=sum(v * n for v, n in ratings.items()) / rated if rated else None,
            interpreter={a: sum(1 for r in self.rows if r.interpreter == a) for a in INTERPRETER_ANSWERS},
            next_time={a: sum(1 for r in self.rows if r.next_time == a) for a in NEXT_TIME_ANSWERS},
            wishes=in_text_order([row for row in self.listed if row.wish], "wish"),
            comments=in_text_order([row for row in self.listed if row.comment], "comment"),
        )


def in_text_order(rows: list[Feedback], field_name: str) -> list[Feedback]:
    """An order that says nothing about who wrote what, or when."""
    return sorted(rows, key=lambda row: (getattr(row, field_name).casefold(), row.id))


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def language_column(code: str) -> str:
    return f"lang-{code}"


def quarter_column(name: str) -> str:
    return f"quarter-{name}"


class Summary:
    def __init__(self, centre: Centre, rows: list[Feedback], meetings: dict[int, Meeting], pages: dict[int, str],
                 staff_languages: list[str], today: dt.date):
        self.centre = centre
        self.open_month = f"{today:%Y-%m}"
        self.groups: dict[str, Group] = {}
        self._add(Group("centre", "centre", centre.name, None))
        self._leaf: dict[str, str] = {}  # feedback id -> its own group
        self._period: dict[str, Period] = {}  # feedback id -> its period
        released = []
        for row in sorted(rows, key=lambda r: self._order(r, meetings, pages)):
            period = self._period_of(row, meetings)
            if period.key == f"month-{self.open_month}":
                continue  # this month's page and centre feedback is released when it is over
            self._leaf[row.id] = self._leaf_for(row, meetings, pages, staff_languages)
            self._period[row.id] = period
            released.append(row)
        self.languages = sorted({row.lang for row in released})
        self.quarters = sorted({p.quarter for p in self._period.values()}, reverse=True)
        self.columns = [ALL, *map(language_column, self.languages), *map(quarter_column, self.quarters)]
        by_period: dict[Period, list[Feedback]] = {}
        for row in released:
            by_period.setdefault(self._period[row.id], []).append(row)
        self.periods = {period: self._release(period_rows) for period, period_rows in by_period.items()}

    # --- the tree ---------------------------------------------------------

    def _add(self, group: Group) -> None:
        if group.key not in self.groups:
            self.groups[group.key] = group
            if group.parent:
                parent = self.groups[group.parent]
                parent.children.append(group.key)
                group.depth = parent.depth + 1

    @staticmethod
    def _order(row, meetings, pages):
        if row.target == "meeting":
            return (0, -meetings[row.meeting_id].starts_at.timestamp(), row.meeting_id)
        if row.target == "page":
            return (1, pages[row.page_id], row.page_id)
        return (2, "", 0)

    @staticmethod
    def _period_of(row: Feedback, meetings: dict[int, Meeting]) -> Period:
        if row.target == "meeting":
            meeting = meetings[row.meeting_id]
            return Period(f"meeting-{meeting.id}", quarter(meeting.starts_at.astimezone(clock.CENTRE_TIME).date()))
        return Period(f"month-{row.received_on:%Y-%m}", quarter(row.received_on))

    def _leaf_for(self, row, meetings, pages, staff_languages) -> str:
        if row.target == "centre":
            self._add(Group("general", "general", "", "centre"))
            return "general"
        if row.target == "page":
            self._add(Group("pages", "pages", "", "centre"))
            key = f"page-{row.page_id}"
            self._add(Group(key, "page", pages[row.page_id], "pages"))
            return key
        self._add(Group("meetings", "meetings", "", "centre"))
        meeting = meetings[row.meeting_id]
        parent = "meetings"
        if meeting.series is not None:
            parent = f"series-{meeting.series_id}"
            self._add(Group(parent, "series", meeting.series.name, "meetings"))
        text = meeting.text_in(staff_languages)
        key = f"meeting-{meeting.id}"
        self._add(Group(key, "meeting", text.title if text else str(meeting.id), parent, meeting.starts_at))
        return key

    def _ancestors(self, key: str):
        while key is not None:
            yield key
            key = self.groups[key].parent

    def ordered(self) -> list[Group]:
        """Depth first, as the dashboard lists them."""
        out: list[Group] = []

        def walk(key: str) -> None:
            out.append(self.groups[key])
            for child in self.groups[key].children:
                walk(child)

        walk("centre")
        return out

    # --- one period ---------------------------------------------------------

    def _release(self, rows: list[Feedback]) -> PeriodTable:
        """Suppress within one period: groups x (all, each language)."""
        columns = [ALL, *sorted({language_column(row.lang) for row in rows})]
        cells: dict[tuple, list[Feedback]] = {}
        for row in rows:
            for key in self._ancestors(self._leaf[row.id]):
                for column in (ALL, language_column(row.lang)):
                    cells.setdefault((key, column), []).append(row)
        present = {key for key, _column in cells}
        sums = []
        for key in present:
            children = [child for child in self.groups[key].children if child in present]
            sums += [Sum((key, column), tuple((child, column) for child in children)) for column in columns]
            sums.append(Sum((key, ALL), tuple((key, column) for column in columns[1:])))
        sums = [one for one in sums if one.parts]
        return PeriodTable(cells, suppress({cell: len(found) for cell, found in cells.items()}, sums), sums)

    # --- cells ------------------------------------------------------------

    def cell(self, key: str, column: str = ALL) -> Cell:
        """A group in a column of the dashboard: the sum of its shown period figures."""
        kind, _, value = column.partition("-")
        period_column = column if kind == "lang" else ALL

        def counts(period: Period) -> bool:
            return kind != "quarter" or period.quarter == value

        shown, reasons = [], []
        for period, table in self.periods.items():
            if not counts(period) or (key, period_column) not in table.rows:
                continue
            if (key, period_column) in table.hidden:
                reasons.append(table.hidden[(key, period_column)])
            else:
                shown += table.rows[(key, period_column)]
        hidden = None if shown or not reasons else (SMALL if set(reasons) == {SMALL} else PROTECTS)
        listed = [
            row for row in shown
            if (self._leaf[row.id], period_column) not in self.periods[self._period[row.id]].hidden
        ]
        return Cell(self.groups[key], column, shown, hidden, bool(shown and reasons), listed)


def summarize(session: Session, centre: Centre, staff_languages: list[str]) -> Summary:
    rows = list(session.scalars(select(Feedback).where(Feedback.centre_id == centre.id)))
    meeting_ids = {row.meeting_id for row in rows if row.meeting_id}
    page_ids = {row.page_id for row in rows if row.page_id}
    meetings = {
        m.id: m for m in session.scalars(
            select(Meeting).where(Meeting.id.in_(meeting_ids))
            .options(selectinload(Meeting.translations), selectinload(Meeting.series))
        )
    }
    titles = session.execute(
        select(Page.id, PageRevision.title)
        .join(PageRevision, (PageRevision.page_id == Page.id) & (PageRevision.number == Page.revision_number))
        .where(Page.id.in_(page_ids))
    )
    pages = {page_id: title for page_id, title in titles}
    # Months by the day rows were received (UTC), so that nothing received after
    # a month was released can still land in it.
    return Summary(centre, rows, meetings, pages, staff_languages, clock.now().date())
